package views

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
)

// Waiting prints, after an apply's summary, what the rollout policy holds
// back and which waves are halted or paused, one line each.
func Waiting(w io.Writer, r apply.Result) error {
	pw := &printer{w: w}
	for _, h := range r.Halted {
		if h.Paused {
			pw.f("Wave %d paused: %s; the next apply tries again.\n", h.Wave, h.Reason)
		} else {
			pw.f("Wave %d halted: %s; fix its failing tenants, or run rollout resume --wave %d.\n", h.Wave, h.Reason, h.Wave)
		}
	}
	if len(r.Waiting) == 0 {
		return pw.err
	}
	pw.f("Waiting (%d):\n", len(r.Waiting))
	for _, wt := range r.Waiting {
		pw.f("  %s: %s\n", wt.Tenant, wt.Message)
	}
	return pw.err
}

// waits prints a planned tenant's waits under it.
func (p *printer) waits(t plan.Tenant) {
	for _, w := range t.Waits {
		p.f("    … %s\n", w.Message)
	}
}

// planWaits lists every wait of a plan with nothing to apply now.
func (p *printer) planWaits(pl *plan.Plan) {
	n := 0
	for _, t := range pl.AllTenants() {
		n += len(t.Waits)
	}
	p.f("Nothing to apply now: %s %s.\n", plural.Count(n, "version"), agree(n, "waits", "wait"))
	for _, wv := range pl.Waves {
		if wv.Halt != nil {
			p.f("  wave %d is halted: %s (since %s)\n", wv.Number, wv.Halt.Reason, wv.Halt.Since.UTC().Format("2006-01-02 15:04 UTC"))
		}
		for _, t := range wv.Tenants {
			for _, w := range t.Waits {
				p.f("  %s: %s\n", t.Name, w.Message)
			}
		}
	}
}

// WaveLine is one wave's state for status.
func WaveLine(ws plan.WaveState) string {
	line := fmt.Sprintf("  wave %d (%s): %s", ws.Wave, plural.Count(len(ws.Tenants), "tenant"), ws.String())
	if ws.Detail != "" && ws.State != plan.StateHalted {
		line += " — " + ws.Detail
	}
	return line
}

// DecisionJSON is the JSON form of approve and resume.
type DecisionJSON struct {
	FormatVersion string `json:"format_version"`
	apply.Decision
	Connections []Server `json:"connections"`
}

// DecisionLine says what approve or resume recorded.
func DecisionLine(d apply.Decision) string {
	if d.Type == "resume" {
		return fmt.Sprintf("Resumed wave %d (by %s): the next apply runs it again.", d.Wave, d.Actor)
	}
	parts := make([]string, 0, len(d.Versions))
	for _, m := range slices.Sorted(maps.Keys(d.Versions)) {
		parts = append(parts, fmt.Sprintf("%s %d", m, d.Versions[m]))
	}
	return fmt.Sprintf("Approved wave %d for %s (by %s): the next apply moves it once any soak is over.", d.Wave, strings.Join(parts, ", "), d.Actor)
}

// Waves prints each wave's state under the rollout policy, after status's
// matrix; nothing without a policy.
func Waves(w io.Writer, waves []plan.WaveState) error {
	if len(waves) == 0 {
		return nil
	}
	pw := &printer{w: w}
	pw.f("\nWaves:\n")
	for _, ws := range waves {
		pw.f("%s\n", WaveLine(ws))
	}
	return pw.err
}
