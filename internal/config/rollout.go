package config

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/zclconf/go-cty/cty"

	"github.com/jo-water/rollout/internal/sqlfile"
)

// Policy is the rollout block: how each wave takes new versions. A project
// without one rolls out as before: every wave in the same run, as soon as
// the reference tenant proved the version.
type Policy struct {
	Waves     map[int]*WavePolicy
	File      string
	DeclRange hcl.Range
}

// Wave returns a wave's policy, or nil when the block says nothing of it.
func (p *Policy) Wave(n int) *WavePolicy {
	if p == nil {
		return nil
	}
	return p.Waves[n]
}

// WavePolicy is one `wave "N"` block.
type WavePolicy struct {
	Wave int
	// Soak is how long every tenant of the wave before must have run a
	// version with its checks passing before this wave may take it.
	Soak time.Duration
	// Approval makes the wave wait for `rollout approve --wave N`.
	Approval bool
	// Batch splits the wave: this many tenants at a time, health probes
	// between batches. Zero: the whole wave at once.
	Batch Amount
	// MaxFailures is how many failed tenants the wave tolerates; one more
	// halts it. nil: no limit without batches, 0 with them.
	MaxFailures *Amount
	Health      []*Probe
	DeclRange   hcl.Range
}

// FailureLimit is how many failures the wave of n tenants tolerates, or -1
// for no limit (today's behaviour: every tenant runs).
func (w *WavePolicy) FailureLimit(n int) int {
	switch {
	case w == nil:
		return -1
	case w.MaxFailures != nil:
		return w.MaxFailures.Of(n)
	case !w.Batch.IsZero():
		return 0
	}
	return -1
}

// Amount is a count of tenants or a percentage of a wave.
type Amount struct {
	Count   int
	Percent float64 // used when IsPercent
	// IsPercent: the value was written as "N%".
	IsPercent bool
}

// IsZero reports whether nothing was set.
func (a Amount) IsZero() bool { return a.Count == 0 && !a.IsPercent }

// Of is the amount for a wave of n tenants; a percentage rounds up, so
// "10%" of 5 tenants is 1, never 0.
func (a Amount) Of(n int) int {
	if !a.IsPercent {
		return a.Count
	}
	return int(math.Ceil(a.Percent * float64(n) / 100))
}

func (a Amount) String() string {
	if a.IsPercent {
		return strconv.FormatFloat(a.Percent, 'f', -1, 64) + "%"
	}
	return strconv.Itoa(a.Count)
}

// Probe is a health probe: SQL run on each server between batches, as the
// connecting role in a read-only transaction, that must return true. It
// reads the system catalog only (sqlfile.CheckProbe).
type Probe struct {
	Name        string
	SQL         string
	Description string
	DeclRange   hcl.Range
}

type rolloutBody struct {
	Waves []wavePolicyBody `hcl:"wave,block"`
}

type wavePolicyBody struct {
	Number      string         `hcl:"number,label"`
	Soak        hcl.Expression `hcl:"soak,optional"`
	Approval    *bool          `hcl:"approval,optional"`
	Batch       hcl.Expression `hcl:"batch,optional"`
	MaxFailures hcl.Expression `hcl:"max_failures,optional"`
	Health      []probeBody    `hcl:"health,block"`
	DeclRange   hcl.Range      `hcl:",def_range"`
}

type probeBody struct {
	Name        string         `hcl:"name,label"`
	SQL         hcl.Expression `hcl:"sql"`
	Description *string        `hcl:"description,optional"`
	DeclRange   hcl.Range      `hcl:",def_range"`
}

// decodePolicy reads the rollout blocks found in the tenant files: at most
// one in the whole project.
func decodePolicy(blocks []*hcl.Block, files []string) (*Policy, hcl.Diagnostics) {
	if len(blocks) == 0 {
		return nil, nil
	}
	var diags hcl.Diagnostics
	for _, b := range blocks[1:] {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate rollout block",
			Detail:  fmt.Sprintf("The rollout policy is already declared at %s; keep one rollout block in the project.", blocks[0].DefRange),
			Subject: b.DefRange.Ptr()})
	}
	var body rolloutBody
	diags = append(diags, gohcl.DecodeBody(blocks[0].Body, nil, &body)...)
	p := &Policy{Waves: map[int]*WavePolicy{}, File: files[0], DeclRange: blocks[0].DefRange}
	for _, wb := range body.Waves {
		w, d := decodeWavePolicy(wb)
		diags = append(diags, d...)
		if w == nil {
			continue
		}
		if prev := p.Waves[w.Wave]; prev != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate wave policy",
				Detail:  fmt.Sprintf("Wave %d already has a policy at %s; merge the two blocks.", w.Wave, prev.DeclRange),
				Subject: wb.DeclRange.Ptr()})
			continue
		}
		p.Waves[w.Wave] = w
	}
	return p, diags
}

func decodeWavePolicy(wb wavePolicyBody) (*WavePolicy, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	n, err := strconv.Atoi(wb.Number)
	if err != nil || n < 0 {
		return nil, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid wave number",
			Detail:  fmt.Sprintf("wave %q is not a wave number; write the wave as the tenants' files do, e.g. wave \"2\".", wb.Number),
			Subject: wb.DeclRange.Ptr()})
	}
	w := &WavePolicy{Wave: n, Approval: wb.Approval != nil && *wb.Approval, DeclRange: wb.DeclRange}
	var d hcl.Diagnostics
	w.Soak, d = decodeSoak(wb.Soak)
	diags = append(diags, d...)
	if a, d := decodeAmount(wb.Batch, "batch", false); a != nil {
		w.Batch = *a
	} else {
		diags = append(diags, d...)
	}
	if a, d := decodeAmount(wb.MaxFailures, "max_failures", true); a != nil || d.HasErrors() {
		w.MaxFailures = a
		diags = append(diags, d...)
	}
	seen := map[string]bool{}
	for _, pb := range wb.Health {
		p, d := decodeProbe(pb, seen)
		diags = append(diags, d...)
		if p != nil {
			w.Health = append(w.Health, p)
		}
	}
	return w, diags
}

// decodeProbe reads a health block. Its SQL must be one SELECT that reads
// only the system catalog: probes run as the role rollout connects with,
// and anything a tenant owns would run with that role's rights.
func decodeProbe(pb probeBody, seen map[string]bool) (*Probe, hcl.Diagnostics) {
	v, diags := pb.SQL.Value(nil)
	if diags.HasErrors() {
		return nil, diags
	}
	if seen[pb.Name] || v.IsNull() || v.Type() != cty.String || strings.TrimSpace(v.AsString()) == "" {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid health probe",
			Detail:  fmt.Sprintf("Health probe %q is declared twice or has no sql; give each probe its own name and a query that returns true when the server is healthy.", pb.Name),
			Subject: pb.DeclRange.Ptr()}}
	}
	seen[pb.Name] = true
	p := &Probe{Name: pb.Name, SQL: v.AsString(), DeclRange: pb.DeclRange}
	if err := sqlfile.CheckProbe(p.SQL); err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Health probe reaches beyond the system catalog",
			Detail: fmt.Sprintf("In health probe %q, %v. Ask the catalog instead (pg_stat_replication, pg_locks, pg_stat_activity, or to_regclass('schema.table') IS NULL for a flag table).",
				pb.Name, err),
			Subject: pb.SQL.Range().Ptr()}}
	}
	if pb.Description != nil {
		p.Description = *pb.Description
	}
	return p, nil
}

func decodeSoak(expr hcl.Expression) (time.Duration, hcl.Diagnostics) {
	v, diags := expr.Value(nil)
	if diags.HasErrors() || v.IsNull() {
		return 0, diags
	}
	if v.Type() == cty.String {
		if d, err := ParseDuration(v.AsString()); err == nil {
			return d, nil
		}
	}
	return 0, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid soak duration",
		Detail:  "soak is a duration as a string: days, hours and minutes such as \"7d\", \"2d12h\" or \"36h\".",
		Subject: expr.Range().Ptr()}}
}

// ParseDuration reads Go durations with days and weeks in front ("7d",
// "1w2d", "2d4h30m"): soak times are counted in days, which Go's
// time.ParseDuration does not know.
func ParseDuration(s string) (time.Duration, error) {
	total := time.Duration(0)
	rest := strings.TrimSpace(s)
	for _, u := range []struct {
		suffix string
		d      time.Duration
	}{{"w", 7 * 24 * time.Hour}, {"d", 24 * time.Hour}} {
		i := strings.Index(rest, u.suffix)
		if i < 0 {
			continue
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("parse duration %q: %q is not a whole number of %s", s, rest[:i], u.suffix)
		}
		total += time.Duration(n) * u.d
		rest = rest[i+1:]
	}
	if rest != "" {
		d, err := time.ParseDuration(rest)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("parse duration %q: %q is not a duration", s, rest)
		}
		total += d
	}
	if strings.TrimSpace(s) == "" {
		return 0, fmt.Errorf("parse duration: empty")
	}
	return total, nil
}

// decodeAmount reads a count (a whole number) or a percentage ("10%").
// zeroOK: whether 0 is a sensible value (max_failures = 0 halts at the
// first failure; a batch of 0 would never run).
func decodeAmount(expr hcl.Expression, name string, zeroOK bool) (*Amount, hcl.Diagnostics) {
	v, diags := expr.Value(nil)
	if diags.HasErrors() || v.IsNull() {
		return nil, diags
	}
	bad := hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid " + name,
		Detail:  name + " is a number of tenants (such as 2) or a percentage of the wave as a string (such as \"10%\"), above 0 and at most 100%.",
		Subject: expr.Range().Ptr()}}
	least := 1.0
	if zeroOK {
		least = 0
	}
	switch v.Type() {
	case cty.Number:
		bf := v.AsBigFloat()
		n, acc := bf.Int64()
		if !bf.IsInt() || acc != 0 || float64(n) < least || n > math.MaxInt32 {
			return nil, bad
		}
		return &Amount{Count: int(n)}, nil
	case cty.String:
		s := strings.TrimSpace(v.AsString())
		pct, ok := strings.CutSuffix(s, "%")
		f, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		if !ok || err != nil || f > 100 || f < least || (f == 0 && !zeroOK) || math.IsNaN(f) {
			return nil, bad
		}
		return &Amount{Percent: f, IsPercent: true}, nil
	}
	return nil, bad
}

// checkPolicy ties the policy to the tenants: a wave policy names a wave
// some tenant is in, and the first wave has no earlier wave to soak on.
func checkPolicy(p *Policy, tenants []*Tenant) hcl.Diagnostics {
	if p == nil {
		return nil
	}
	waves := map[int]bool{}
	first := -1
	for _, t := range tenants {
		waves[t.Wave] = true
		if first < 0 || t.Wave < first {
			first = t.Wave
		}
	}
	var diags hcl.Diagnostics
	for _, n := range sortedIntKeys(p.Waves) {
		w := p.Waves[n]
		switch {
		case len(tenants) > 0 && !waves[n]:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown wave",
				Detail:  fmt.Sprintf("No tenant is in wave %d (the tenants' waves are %s); fix the number or remove the block.", n, intList(waves)),
				Subject: w.DeclRange.Ptr()})
		case n == first && w.Soak > 0:
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Soak on the first wave",
				Detail:  fmt.Sprintf("Wave %d goes first: there is no earlier wave for it to wait on; remove soak here and give it to the wave after.", n),
				Subject: w.DeclRange.Ptr()})
		}
	}
	return diags
}

func sortedIntKeys[V any](m map[int]V) []int { return slices.Sorted(maps.Keys(m)) }

func intList(set map[int]bool) string {
	keys := sortedIntKeys(set)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strconv.Itoa(k)
	}
	return strings.Join(parts, ", ")
}
