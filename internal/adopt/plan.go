// Package adopt plans taking existing tenant schemas under management:
// for each tenant, the version of each service (given, read from a
// golang-migrate version table, or found by comparing the live structure
// with what each version produces), and the differences that remain. A
// Plan is computed without side effects; apply.Adopt executes it.
package adopt

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/drift"
	"github.com/jo-water/rollout/internal/expected"
	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/state"
)

// Options are adopt's flags.
type Options struct {
	Tenants      []string // --tenant
	All          bool     // --all: every tenant of the files that rollout does not manage yet
	Service      string   // --service, with Version
	Version      uint
	VersionGiven bool
	Accept       []string // differences to accept, as printed
}

// Plan is what adopt would do.
type Plan struct {
	// Servers: what adopting needs outside tenant schemas (control schema,
	// roles, extensions…), shown before it happens as in apply's plan.
	Servers []plan.Server `json:"servers"`
	Tenants []Tenant      `json:"tenants"`
}

// Tenant is one tenant to adopt, or refused.
type Tenant struct {
	Name     string    `json:"name"`
	Schema   string    `json:"schema"`
	Server   string    `json:"server"`
	Services []Service `json:"services"`
	// Differences left between the live and the expected structure; any
	// refuses the tenant.
	Differences []string `json:"differences"`
	Accepted    []string `json:"accepted"`
	// Refused says why the tenant is not adopted ("" when it is).
	Refused string `json:"refused,omitempty"`
	// Planned carries the tenant's roles and settings, as apply would
	// record them.
	Planned plan.Tenant `json:"-"`
}

// Service is one service's adopted version and where it came from.
type Service struct {
	Module  string `json:"module"`
	Version uint   `json:"version"`
	Source  string `json:"source"`
	Enabled bool   `json:"enabled"`
}

// Adoptable lists the tenants that will be adopted.
func (p *Plan) Adoptable() []Tenant {
	var out []Tenant
	for _, t := range p.Tenants {
		if t.Refused == "" {
			out = append(out, t)
		}
	}
	return out
}

// Refused reports whether any selected tenant is refused.
func (p *Plan) Refused() bool { return len(p.Adoptable()) < len(p.Tenants) }

// Input is what Compute reads: the project, each server's pool and state.
type Input struct {
	Project *config.Project
	Pools   map[string]*pgxpool.Pool
	Snaps   map[string]*state.Snapshot
	Builder *expected.Builder
	// IsolatePublic is each server's isolate_public setting.
	IsolatePublic map[string]string
}

// Compute plans the adoption. It only reads.
func Compute(ctx context.Context, in Input, opts Options) (*Plan, error) {
	tenants, err := selectTenants(in, opts)
	if err != nil {
		return nil, err
	}
	out := &Plan{Tenants: []Tenant{}}
	byServer := map[string][]*config.Tenant{}
	for _, t := range tenants {
		byServer[t.Database] = append(byServer[t.Database], t)
	}
	for _, server := range sortedKeys(byServer) {
		ts, err := computeServer(ctx, in, server, byServer[server], opts)
		if err != nil {
			return nil, fmt.Errorf("server %q: %w", server, err)
		}
		out.Tenants = append(out.Tenants, ts...)
	}
	out.Servers = plan.WithServers(in.Project, in.Snaps, out.PlannedTenants(), in.IsolatePublic).Servers
	return out, nil
}

// PlannedTenants are the adoptable tenants as apply would provision them.
func (p *Plan) PlannedTenants() []plan.Tenant {
	var out []plan.Tenant
	for _, t := range p.Adoptable() {
		out = append(out, t.Planned)
	}
	return out
}

func selectTenants(in Input, opts Options) ([]*config.Tenant, error) {
	if opts.All == (len(opts.Tenants) > 0) {
		return nil, fmt.Errorf("%w: name the tenants with --tenant T (repeatable), or pass --all for every tenant not managed yet", ErrSelection)
	}
	var out []*config.Tenant
	for _, name := range opts.Tenants {
		if !slices.ContainsFunc(in.Project.Tenants, func(t *config.Tenant) bool { return t.Name == name }) {
			return nil, fmt.Errorf("%w: tenant %q: no file in the tenants folder declares it", ErrSelection, name)
		}
	}
	for _, t := range in.Project.Tenants {
		managed := in.Snaps[t.Database].Tenants[t.Name] != nil
		if opts.All && !managed && in.Snaps[t.Database].Schemas[t.Schema] || slices.Contains(opts.Tenants, t.Name) {
			out = append(out, t)
		}
	}
	for _, t := range out {
		if err := checkService(t, opts); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func checkService(t *config.Tenant, opts Options) error {
	switch {
	case opts.Service != "" && t.Service(opts.Service) == nil:
		return fmt.Errorf("%w: tenant %q does not run service %q (its file says which services it runs)", ErrSelection, t.Name, opts.Service)
	case opts.VersionGiven && opts.Service == "" && len(t.Services) != 1:
		return fmt.Errorf("%w: --version needs --service: tenant %q runs %d services", ErrSelection, t.Name, len(t.Services))
	}
	return nil
}

// computeServer plans the tenants of one server: their live structures
// and golang-migrate tables are read together.
func computeServer(ctx context.Context, in Input, server string, ts []*config.Tenant, opts Options) ([]Tenant, error) {
	pool, snap := in.Pools[server], in.Snaps[server]
	var dts []drift.Tenant
	for _, t := range ts {
		dts = append(dts, drift.Tenant{Name: t.Name, Schema: t.Schema, Server: server})
	}
	live, err := drift.Live(ctx, pool, in.Builder, dts)
	if err != nil {
		return nil, err
	}
	gm, err := readMigrateTables(ctx, pool, ts, in.Project.ModuleOrder)
	if err != nil {
		return nil, err
	}
	var out []Tenant
	for _, t := range ts {
		at := Tenant{Name: t.Name, Schema: t.Schema, Server: server, Services: []Service{}, Differences: []string{}, Accepted: []string{}}
		at.Planned, _ = plan.ForTenant(in.Project, t.Name, snap)
		switch {
		case snap.Tenants[t.Name] != nil:
			at.Refused = "rollout already manages it"
		case live[t.Schema] == nil:
			at.Refused = fmt.Sprintf("schema %q does not exist on server %q; apply creates it", t.Schema, server)
		default:
			err = planTenant(ctx, in, server, t, live[t.Schema], gm[t.Schema], opts, &at)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, at)
	}
	return out, nil
}

// planTenant settles each service's version and compares the structures.
func planTenant(ctx context.Context, in Input, server string, t *config.Tenant, live *inspect.Structure, gm map[string]migrateVersion, opts Options, at *Tenant) error {
	versions, sources, refused := knownVersions(in.Project, t, gm, opts)
	if refused != "" {
		at.Refused = refused
		return nil
	}
	diff := func(v expected.Versions) ([]inspect.Change, error) {
		want, err := in.Builder.Structure(ctx, server, in.Pools[server], v)
		if err != nil {
			return nil, err
		}
		return inspect.Diff(want, live, inspect.DiffOptions{IgnorePrivileges: true}), nil
	}
	changes, err := search(in.Project, t, versions, sources, diff)
	if err != nil {
		at.Refused = err.Error()
		return nil
	}
	for _, s := range t.Services {
		at.Services = append(at.Services, Service{Module: s.Module, Version: versions[s.Module], Source: sources[s.Module], Enabled: s.Enabled})
	}
	for _, c := range changes {
		line := c.String(t.Schema)
		if slices.Contains(opts.Accept, line) {
			at.Accepted = append(at.Accepted, line)
		} else {
			at.Differences = append(at.Differences, line)
		}
	}
	if len(at.Differences) > 0 {
		at.Refused = fmt.Sprintf("its structure differs from what the files produce at these versions (%s); fix the schema, or accept named differences with --accept", plural.Count(len(at.Differences), "difference"))
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
