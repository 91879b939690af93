package views

import (
	"fmt"
	"io"

	"github.com/jo-water/rollout/internal/adopt"
	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
)

// AdoptJSON is `rollout adopt --json`.
type AdoptJSON struct {
	FormatVersion string            `json:"format_version"`
	Connections   []Server          `json:"connections"`
	Servers       []plan.Server     `json:"servers"`
	Tenants       []adopt.Tenant    `json:"tenants"`
	Results       []adoptResultJSON `json:"results"`
}

type adoptResultJSON struct {
	Tenant   string                `json:"tenant"`
	Outcome  string                `json:"outcome"`
	Error    string                `json:"error,omitempty"`
	Services []apply.ServiceResult `json:"services"`
}

// NewAdoptJSON fills AdoptJSON.
func NewAdoptJSON(where []Server, p *adopt.Plan, results []apply.TenantResult) AdoptJSON {
	out := AdoptJSON{FormatVersion: FormatVersion, Connections: where, Servers: append([]plan.Server{}, p.Servers...), Tenants: p.Tenants, Results: []adoptResultJSON{}}
	for _, r := range results {
		j := adoptResultJSON{Tenant: r.Tenant, Outcome: r.Outcome, Services: r.Services}
		if r.Err != nil {
			j.Error = r.Err.Error()
		}
		if j.Services == nil {
			j.Services = []apply.ServiceResult{}
		}
		out.Results = append(out.Results, j)
	}
	return out
}

// AdoptPlan prints what adopt will record, and whom it refuses and why.
func AdoptPlan(w io.Writer, p *adopt.Plan) error {
	ok := p.Adoptable()
	if len(p.Tenants) == 0 {
		_, err := fmt.Fprintln(w, "Nothing to adopt: every tenant with a schema is managed already.")
		return err
	}
	pw := &printer{w: w}
	for _, s := range p.Servers {
		pw.server(s)
	}
	if pw.err != nil {
		return pw.err
	}
	if len(ok) > 0 {
		fmt.Fprintf(w, "Adopt %s at these versions (no migration file runs):\n", plural.Count(len(ok), "governorate"))
	}
	for _, t := range ok {
		fmt.Fprintf(w, "\n  %s (schema %s, server %s)\n", t.Name, t.Schema, t.Server)
		for _, s := range t.Services {
			fmt.Fprintf(w, "    %-20s version %d (from %s)\n", s.Module, s.Version, s.Source)
		}
		for _, l := range t.Accepted {
			fmt.Fprintf(w, "    accepted: %s\n", l)
		}
	}
	for _, t := range p.Tenants {
		if t.Refused == "" {
			continue
		}
		fmt.Fprintf(w, "\nRefused %s: %s\n", t.Name, t.Refused)
		for _, s := range t.Services {
			fmt.Fprintf(w, "    compared at %s version %d (from %s)\n", s.Module, s.Version, s.Source)
		}
		for _, l := range t.Differences {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// AdoptResults prints each adopted tenant's outcome.
func AdoptResults(w io.Writer, results []apply.TenantResult) error {
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
			fmt.Fprintf(w, "%s: FAILED: %v\n", r.Tenant, r.Err)
			continue
		}
		fmt.Fprintf(w, "%s: adopted", r.Tenant)
		for _, s := range r.Services {
			fmt.Fprintf(w, ", %s %d", s.Module, s.To)
		}
		fmt.Fprintln(w)
	}
	if len(results) == 0 {
		return nil
	}
	_, err := fmt.Fprintf(w, "Adopt finished: %s adopted, %d failed.\n", plural.Count(len(results)-failed, "governorate"), failed)
	return err
}
