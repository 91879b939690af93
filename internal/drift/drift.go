// Package drift compares live tenant schemas with what their recorded
// module versions should have produced (hand-made changes), and with each
// other. Each server's tenants are read together, in a fixed number of
// queries, and the expected structures are built once per distinct set of
// versions.
package drift

import (
	"context"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/expected"
	"github.com/jo-water/rollout/internal/inspect"
)

// Tenant is one tenant to inspect.
type Tenant struct {
	Name   string
	Schema string
	Server string
	// Owner and App are the roles rollout recorded for the tenant.
	Owner, App string
	Versions   expected.Versions // what the control schema records
	// Allowed reports the extras the tenant file declares (nil: none).
	Allowed func(kind, name string) bool
}

func (t Tenant) target() inspect.Target {
	return inspect.Target{Schema: t.Schema, Owner: t.Owner, App: t.App}
}

// Report is one tenant's hand-made changes.
type Report struct {
	Tenant  string           `json:"tenant"`
	Server  string           `json:"server"`
	Schema  string           `json:"schema"`
	Changes []inspect.Change `json:"changes"`
	// Lines are the changes as text, ready to show.
	Lines []string `json:"lines"`
	// Error says why the tenant could not be compared.
	Error string `json:"error,omitempty"`
}

// Live reads the live structure of tenants that share a server; a schema
// that does not exist is absent from the result.
func Live(ctx context.Context, pool *pgxpool.Pool, b *expected.Builder, tenants []Tenant) (map[string]*inspect.Structure, error) {
	targets := make([]inspect.Target, 0, len(tenants))
	for _, t := range tenants {
		targets = append(targets, t.target())
	}
	return inspect.Read(ctx, pool, targets, b.Ignore())
}

// Check compares every tenant with the expected structure at its recorded
// versions. Tenants on a server that fails carry the error.
func Check(ctx context.Context, pools map[string]*pgxpool.Pool, b *expected.Builder, tenants []Tenant) []Report {
	byServer := map[string][]Tenant{}
	for _, t := range tenants {
		byServer[t.Server] = append(byServer[t.Server], t)
	}
	var out []Report
	for server, ts := range byServer {
		out = append(out, checkServer(ctx, server, pools[server], b, ts)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Tenant < out[j].Tenant })
	return out
}

// checkServer compares a server's tenants as inspection streams them: a
// schema's structure is dropped once compared, so memory holds a few
// schemas, not the server's fleet. The expected structures are built
// first, so that no build waits for a connection inspection holds.
func checkServer(ctx context.Context, server string, pool *pgxpool.Pool, b *expected.Builder, ts []Tenant) []Report {
	out := make([]Report, len(ts))
	bySchema := map[string][]int{}
	wants := make([]*inspect.Structure, len(ts))
	targets := make([]inspect.Target, 0, len(ts))
	for i, t := range ts {
		out[i] = Report{Tenant: t.Name, Server: server, Schema: t.Schema, Changes: []inspect.Change{}, Lines: []string{}}
		want, err := b.Structure(ctx, server, pool, t.Versions)
		if err != nil {
			out[i].Error = fmt.Errorf("tenant %q: %w", t.Name, err).Error()
			continue
		}
		wants[i] = want
		bySchema[t.Schema] = append(bySchema[t.Schema], i)
		targets = append(targets, t.target())
	}
	seen := map[string]bool{}
	err := inspect.Stream(ctx, pool, targets, b.Ignore(), func(schema string, live *inspect.Structure) error {
		seen[schema] = true
		for _, i := range bySchema[schema] {
			out[i].Changes = inspect.Diff(wants[i], live, inspect.DiffOptions{Allowed: ts[i].Allowed})
		}
		return nil
	})
	for i, t := range ts {
		switch {
		case wants[i] == nil || seen[t.Schema]:
		case err != nil:
			out[i].Error = err.Error()
		default:
			out[i].Changes = []inspect.Change{{Op: "-", Kind: "schema"}}
		}
		for _, c := range out[i].Changes {
			out[i].Lines = append(out[i].Lines, c.String(t.Schema))
		}
	}
	return out
}

// Compare reads two tenants' schemas, on the same or different servers,
// and lists what the second has that the first lacks, and so on.
func Compare(ctx context.Context, pools map[string]*pgxpool.Pool, b *expected.Builder, from, to Tenant) ([]inspect.Change, error) {
	read := func(t Tenant) (*inspect.Structure, error) {
		got, err := Live(ctx, pools[t.Server], b, []Tenant{t})
		if err != nil {
			return nil, fmt.Errorf("tenant %q: %w", t.Name, err)
		}
		if got[t.Schema] == nil {
			return nil, fmt.Errorf("%w: tenant %q has no schema %q on server %q", ErrNoSchema, t.Name, t.Schema, t.Server)
		}
		return got[t.Schema], nil
	}
	a, err := read(from)
	if err != nil {
		return nil, err
	}
	z, err := read(to)
	if err != nil {
		return nil, err
	}
	return inspect.Diff(a, z, inspect.DiffOptions{}), nil
}

// Any reports whether any tenant has a hand-made change or could not be
// compared.
func Any(reports []Report) bool {
	for _, r := range reports {
		if len(r.Changes) > 0 || r.Error != "" {
			return true
		}
	}
	return false
}
