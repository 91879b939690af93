package plan

import (
	"fmt"
	"slices"
	"time"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/state"
)

// WaveState is where a wave stands in the rollout, for status.
type WaveState struct {
	Wave    int        `json:"wave"`
	Tenants []string   `json:"tenants"`
	State   string     `json:"state"` // done, ready, running, soaking, awaiting_approval, halted, waiting
	Until   *time.Time `json:"until,omitempty"`
	Detail  string     `json:"detail,omitempty"`
	Halt    *Halt      `json:"halt,omitempty"` // halted: why, which tenants failed, since when
}

// Wave states.
const (
	StateDone     = "done"              // every tenant runs what its files ask for
	StateReady    = "ready"             // apply would move it now
	StateRunning  = "running"           // partly rolled out: some tenants moved, others not yet
	StateSoaking  = "soaking"           // waits for the wave before to soak
	StateApproval = "awaiting_approval" // waits for rollout approve --wave N
	StateHalted   = "halted"            // stopped by its failure limit
	StateWaiting  = "waiting"           // an earlier wave is halted
)

// String is the state as status prints it.
func (w WaveState) String() string {
	switch {
	case w.State == StateSoaking && w.Until != nil:
		return "soaking until " + stamp(*w.Until)
	case w.State == StateApproval:
		return "awaiting approval"
	case w.State == StateHalted:
		return "halted: " + w.Detail
	}
	return w.State
}

// WaveStates says where each wave stands now: the rollout policy applied
// to every tenant (planning errors such as drift are status's rows).
func WaveStates(p *config.Project, snaps map[string]*state.Snapshot, now time.Time) []WaveState {
	g := newGates(p, snaps, now)
	byWave := map[int]*WaveState{}
	var order []int
	for _, t := range p.Tenants {
		ws := byWave[t.Wave]
		if ws == nil {
			ws = &WaveState{Wave: t.Wave}
			byWave[t.Wave] = ws
			order = append(order, t.Wave)
		}
		ws.Tenants = append(ws.Tenants, t.Name)
	}
	var out []WaveState
	for _, n := range order {
		ws := byWave[n]
		ws.State, ws.Until, ws.Detail = g.waveState(p, snaps, n)
		ws.Halt = g.halt(n)
		out = append(out, *ws)
	}
	return out
}

func (g *gates) waveState(p *config.Project, snaps map[string]*state.Snapshot, wave int) (string, *time.Time, string) {
	if h, ok := g.halts[wave]; ok {
		return StateHalted, nil, fmt.Sprintf("%s (since %s)", h.Reason, stamp(h.At))
	}
	var waits []Wait
	changing, still := 0, 0
	for _, t := range p.Tenants {
		if t.Wave != wave {
			continue
		}
		lim, ws := g.tenantLimits(t)
		tp, _ := planTenant(p, t, snaps[t.Database], lim)
		for _, w := range ws {
			waits = append(waits, w)
			w.Message = t.Name + ": " + w.Message
			waits[len(waits)-1] = w
		}
		if tp.Changes() {
			changing++
		} else {
			still++
		}
	}
	for _, reason := range []string{WaitHalted, "changes", WaitApproval, WaitSoak} {
		if reason == "changes" && changing > 0 {
			if still > 0 && len(waits) == 0 {
				return StateRunning, nil, plural.Count(changing, "tenant") + " to go"
			}
			return StateReady, nil, plural.Count(changing, "tenant") + " to move"
		}
		i := slices.IndexFunc(waits, func(w Wait) bool { return w.Reason == reason })
		if i < 0 {
			continue
		}
		switch reason {
		case WaitHalted:
			return StateWaiting, nil, waits[i].Message
		case WaitApproval:
			return StateApproval, nil, waits[i].Message
		}
		return StateSoaking, latest(waits), waits[i].Message
	}
	return StateDone, nil, ""
}

// latest is when the last soak of these waits ends; nil if any is unknown.
func latest(waits []Wait) *time.Time {
	var out *time.Time
	for _, w := range waits {
		if w.Reason != WaitSoak {
			continue
		}
		if w.Until == nil {
			return nil
		}
		if out == nil || w.Until.After(*out) {
			out = w.Until
		}
	}
	return out
}

// Waits is, per tenant, what the rollout policy holds back now.
func Waits(p *config.Project, snaps map[string]*state.Snapshot, now time.Time) map[string][]Wait {
	g := newGates(p, snaps, now)
	out := map[string][]Wait{}
	for _, t := range p.Tenants {
		if _, ws := g.tenantLimits(t); len(ws) > 0 {
			out[t.Name] = ws
		}
	}
	return out
}

// Short is a wait in a few words, for status's table.
func (w Wait) Short() string {
	switch {
	case w.Reason == WaitSoak && w.Until != nil:
		return fmt.Sprintf("%d waits for soak until %s", w.ToVersion, stamp(*w.Until))
	case w.Reason == WaitSoak:
		return fmt.Sprintf("%d waits for soak", w.ToVersion)
	case w.Reason == WaitApproval:
		return fmt.Sprintf("%d waits for approval of wave %d", w.ToVersion, w.Wave)
	}
	return fmt.Sprintf("%d waits: wave %d halted", w.ToVersion, w.Wave)
}
