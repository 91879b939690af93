package plan

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/state"
)

// Wait is a version a tenant's files ask for that the rollout policy holds
// back for now, and why.
type Wait struct {
	Module      string     `json:"module"`
	FromVersion uint       `json:"from_version"` // where the tenant is once this plan ran
	ToVersion   uint       `json:"to_version"`   // what its file asks for
	Reason      string     `json:"reason"`       // soak, approval, halted
	Wave        int        `json:"wave"`         // the wave to approve or resume
	Until       *time.Time `json:"until,omitempty"`
	Message     string     `json:"message"`
}

// Reasons a version waits.
const (
	WaitSoak     = "soak"
	WaitApproval = "approval"
	WaitHalted   = "halted"
)

// gates is the rollout policy applied to the state of every server: which
// version of each module each tenant may take now.
type gates struct {
	policy  *config.Policy
	now     time.Time
	tenants []*config.Tenant // all of the project, sorted by wave
	byName  map[string]*config.Tenant
	// recorded is each tenant's recorded state, from its own server.
	recorded  map[string]*state.TenantState
	health    map[string]map[string]map[uint]state.Health
	approvals map[int]map[string]uint
	halts     map[int]state.Halt
}

func newGates(p *config.Project, snaps map[string]*state.Snapshot, now time.Time) *gates {
	g := &gates{policy: p.Policy, now: now, tenants: p.Tenants, byName: map[string]*config.Tenant{},
		recorded: map[string]*state.TenantState{}, health: map[string]map[string]map[uint]state.Health{},
		approvals: map[int]map[string]uint{}, halts: map[int]state.Halt{}}
	for _, t := range p.Tenants {
		g.byName[t.Name] = t
		snap := snaps[t.Database]
		if snap == nil {
			continue
		}
		g.recorded[t.Name] = snap.Tenants[t.Name]
		g.health[t.Name] = snap.Policy.Health[t.Name]
	}
	// Approvals and halts are written to every server of the wave: any
	// server's record counts.
	for _, snap := range snaps {
		for _, a := range snap.Policy.Approvals {
			if g.approvals[a.Wave] == nil {
				g.approvals[a.Wave] = map[string]uint{}
			}
			for m, v := range a.Versions {
				g.approvals[a.Wave][m] = max(g.approvals[a.Wave][m], v)
			}
		}
		for w, h := range snap.Policy.Halts {
			if prev, ok := g.halts[w]; !ok || h.At.Before(prev.At) {
				g.halts[w] = h
			}
		}
	}
	return g
}

// Halt is a wave's halt as the plan shows it.
type Halt struct {
	Reason  string    `json:"reason"`
	Tenants []string  `json:"failed_tenants"`
	Since   time.Time `json:"since"`
}

func (g *gates) halt(wave int) *Halt {
	h, ok := g.halts[wave]
	if !ok {
		return nil
	}
	return &Halt{Reason: h.Reason, Tenants: h.Tenants, Since: h.At}
}

// version is what the control schema records for a tenant's module.
func (g *gates) version(tenant, module string) uint {
	if ts := g.recorded[tenant]; ts != nil {
		if sv := ts.Services[module]; sv != nil {
			return sv.Version
		}
	}
	return 0
}

// limit is the highest version of s that tenant t may take now, and the
// wait that holds back the rest (nil when nothing does).
func (g *gates) limit(t *config.Tenant, s *config.Service) (uint, *Wait) {
	cur := g.version(t.Name, s.Module)
	if s.Version <= cur {
		return s.Version, nil
	}
	wait := &Wait{Module: s.Module, ToVersion: s.Version, Wave: t.Wave}
	allowed := s.Version
	wp := g.policy.Wave(t.Wave)
	if w := g.haltedBefore(t); w >= 0 {
		allowed, wait.Reason, wait.Wave = cur, WaitHalted, w
		wait.Message = fmt.Sprintf("waits: wave %d is halted (%s); fix its failing tenants, or run rollout resume --wave %d", w, g.halts[w].Reason, w)
	} else if wp != nil && wp.Soak > 0 {
		allowed = g.soaked(t, s.Module, s.Version, wp.Soak, wait)
	}
	if wp != nil && wp.Approval && wait.Reason != WaitHalted {
		if approved := max(cur, g.approvals[t.Wave][s.Module]); approved < allowed {
			allowed = approved
			if wait.Reason == "" {
				wait.Reason = WaitApproval
				wait.Message = fmt.Sprintf("waits for approval of wave %d: rollout approve --wave %d", t.Wave, t.Wave)
			}
		}
		if wait.Reason == WaitSoak && g.approvals[t.Wave][s.Module] < s.Version {
			wait.Message += fmt.Sprintf("; then approval of wave %d", t.Wave)
		}
	}
	allowed = max(allowed, cur)
	if allowed >= s.Version {
		return s.Version, nil
	}
	wait.FromVersion = allowed
	wait.Message = fmt.Sprintf("%s %d → %d %s", s.Module, allowed, s.Version, wait.Message)
	return allowed, wait
}

// tenantLimits applies the gates to each of a tenant's services.
func (g *gates) tenantLimits(t *config.Tenant) (limits, []Wait) {
	var lim limits
	if g.policy == nil && len(g.halts) == 0 {
		return lim, nil
	}
	var waits []Wait
	for _, s := range t.Services {
		v, w := g.limit(t, s)
		if w == nil {
			continue
		}
		if lim.caps == nil {
			lim.caps = map[string]uint{}
		}
		lim.caps[s.Module] = v
		waits = append(waits, *w)
	}
	return lim, waits
}

// haltedBefore is the wave, at or before t's, that is halted and holds t
// back, or -1. A tenant that failed in its own halted wave is retried: it
// is how the failing tenants get fixed.
func (g *gates) haltedBefore(t *config.Tenant) int {
	for _, w := range slices.Sorted(maps.Keys(g.halts)) {
		if w < t.Wave || w == t.Wave && !slices.Contains(g.halts[w].Tenants, t.Name) {
			return w
		}
	}
	return -1
}

// soaked is the highest version up to want that every tenant of the
// previous wave running the module has run with its checks passing for at
// least soak; it fills wait with the reason and time when that is below want.
func (g *gates) soaked(t *config.Tenant, module string, want uint, soak time.Duration, wait *Wait) uint {
	sources := g.sources(t.Wave, module)
	allowed := want
	var until *time.Time
	var blocker string
	for _, src := range sources {
		v, why, ready := g.soakedOn(src, module, want, soak)
		allowed = min(allowed, v)
		if v >= want {
			continue
		}
		switch {
		case ready == nil:
			until, blocker = nil, why
		case blocker == "" || until != nil && ready.After(*until):
			until, blocker = ready, why
		}
	}
	if allowed < want {
		wait.Reason, wait.Until = WaitSoak, until
		wait.Message = "waits for soak: " + blocker
	}
	return allowed
}

// soakedOn is the highest version up to want that src has run healthy for
// soak; when below want, why it is not further, and when want will be ready
// (nil: not known yet).
func (g *gates) soakedOn(src *config.Tenant, module string, want uint, soak time.Duration) (uint, string, *time.Time) {
	cur := g.version(src.Name, module)
	best := uint(0)
	hs := g.health[src.Name][module]
	for v, h := range hs {
		if v <= cur && v > best && h.HealthySince != nil && !h.HealthySince.Add(soak).After(g.now) {
			best = v
		}
	}
	best = min(best, want)
	if best >= want {
		return want, "", nil
	}
	h, ok := hs[want]
	switch {
	case cur < want:
		return best, fmt.Sprintf("%s runs %d, not yet %d", src.Name, cur, want), nil
	case !ok || h.HealthySince == nil && h.LastFailedAt == nil:
		return best, fmt.Sprintf("%s runs %d but its checks have not passed yet", src.Name, cur), nil
	case h.HealthySince == nil:
		return best, fmt.Sprintf("%s failed its checks on %d at %s; the soak starts again when they pass", src.Name, want, stamp(*h.LastFailedAt)), nil
	}
	ready := h.HealthySince.Add(soak)
	msg := fmt.Sprintf("%s has run %d for %s of %s (ready %s)", src.Name, want, Span(g.now.Sub(*h.HealthySince)), Span(soak), stamp(ready))
	if h.LastFailedAt != nil {
		msg += fmt.Sprintf("; the clock restarted after a failed check at %s", stamp(*h.LastFailedAt))
	}
	return best, msg, &ready
}

// sources are the tenants a wave soaks on: those of the nearest earlier
// wave that run the module.
func (g *gates) sources(wave int, module string) []*config.Tenant {
	var out []*config.Tenant
	prev := -1
	for _, t := range g.tenants {
		if t.Wave >= wave {
			break
		}
		if s := t.Service(module); s == nil || !s.Enabled {
			continue
		}
		if t.Wave != prev {
			out, prev = nil, t.Wave
		}
		out = append(out, t)
	}
	return out
}

// soakSources are the tenants whose checks must run on every apply: a
// later wave waits for a soak on them, and a check failing during the soak
// must restart the clock even when nothing else changes.
func (g *gates) soakSources(waits map[string][]Wait) map[string]bool {
	out := map[string]bool{}
	for name, ws := range waits {
		for _, w := range ws {
			if w.Reason != WaitSoak {
				continue
			}
			for _, src := range g.sources(g.byName[name].Wave, w.Module) {
				out[src.Name] = true
			}
		}
	}
	return out
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// Span is a duration as people say it: "2d 4h", "7d", "45m".
func Span(d time.Duration) string {
	if d < time.Minute {
		return "0m"
	}
	days, d := d/(24*time.Hour), d%(24*time.Hour)
	hours, mins := d/time.Hour, (d%time.Hour)/time.Minute
	out := ""
	for _, p := range []struct {
		n    time.Duration
		unit string
	}{{days, "d"}, {hours, "h"}, {mins, "m"}} {
		if p.n > 0 {
			if out != "" {
				out += " "
			}
			out += fmt.Sprintf("%d%s", p.n, p.unit)
		}
	}
	return out
}
