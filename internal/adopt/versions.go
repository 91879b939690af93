package adopt

import (
	"fmt"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/expected"
	"github.com/jo-water/rollout/internal/inspect"
)

// Version sources, as the plan shows them.
const (
	SourceFlag      = "--version"
	SourceStructure = "structure"
)

// knownVersions takes each service's version from --version or from a
// golang-migrate version table; the others are left to search. A version
// the module lacks, or a dirty table, refuses the tenant.
func knownVersions(p *config.Project, t *config.Tenant, gm map[string]migrateVersion, opts Options) (expected.Versions, map[string]string, string) {
	versions, sources := expected.Versions{}, map[string]string{}
	for _, s := range t.Services {
		m := p.Modules[s.Module]
		mv, fromTable := gm[migrateTableFor(t, s.Module, gm, opts)]
		switch {
		case opts.VersionGiven && (opts.Service == s.Module || opts.Service == "" && len(t.Services) == 1):
			versions[s.Module], sources[s.Module] = opts.Version, SourceFlag
		case fromTable && mv.Dirty:
			return nil, nil, fmt.Sprintf("golang-migrate's table %s.%s marks version %d of %s dirty: a migration stopped part way; fix the schema and clear the flag (migrate force) first",
				t.Schema, mv.Table, mv.Version, s.Module)
		case fromTable:
			versions[s.Module], sources[s.Module] = mv.Version, "golang-migrate table "+t.Schema+"."+mv.Table
		default:
			continue
		}
		if !m.HasVersion(versions[s.Module]) {
			return nil, nil, fmt.Sprintf("%s has no version %d (from %s) in %s/migrations", s.Module, versions[s.Module], sources[s.Module], m.Dir)
		}
	}
	return versions, sources, ""
}

// migrateTableFor is the golang-migrate table that holds a module's
// version in a schema: rollout's own name for it, or the default
// schema_migrations when the tenant runs only that module (or --service
// names it).
func migrateTableFor(t *config.Tenant, module string, gm map[string]migrateVersion, opts Options) string {
	if _, ok := gm[migrateTablePrefix+"_"+module]; ok {
		return migrateTablePrefix + "_" + module
	}
	if len(t.Services) == 1 || opts.Service == module {
		return migrateTablePrefix
	}
	return ""
}

// maxSearch bounds the scratch builds one tenant's search may take.
const maxSearch = 64

// search finds the versions of the services not settled yet: starting
// from each module's newest version, it tries every version of one module
// at a time with the others fixed, keeps the one that leaves the fewest
// differences (the newer on a tie), and stops at an exact match. Modules
// own mostly separate objects, so this needs about the sum, not the
// product, of their version counts. It returns the differences left.
func search(p *config.Project, t *config.Tenant, v expected.Versions, sources map[string]string, diff func(expected.Versions) ([]inspect.Change, error)) ([]inspect.Change, error) {
	var open []*config.Module
	for _, s := range t.Services {
		if _, ok := sources[s.Module]; !ok {
			m := p.Modules[s.Module]
			open = append(open, m)
			v[s.Module], sources[s.Module] = m.Latest(), SourceStructure
		}
	}
	best, err := diff(v)
	if len(open) == 0 {
		return best, err
	}
	builds := 1
	for pass := 0; pass < 2 && (err != nil || len(best) > 0); pass++ {
		for _, m := range open {
			for _, cand := range candidates(m) {
				if cand == v[m.Name] || builds >= maxSearch {
					continue
				}
				trial := copyVersions(v)
				trial[m.Name] = cand
				builds++
				got, terr := diff(trial)
				if terr == nil && (err != nil || len(got) < len(best)) {
					v[m.Name], best, err = cand, got, nil
				}
				if err == nil && len(best) == 0 {
					return best, nil
				}
			}
		}
	}
	return best, err
}

// candidates lists a module's versions, newest first, then 0.
func candidates(m *config.Module) []uint {
	out := make([]uint, 0, len(m.Migrations)+1)
	for i := len(m.Migrations) - 1; i >= 0; i-- {
		out = append(out, m.Migrations[i].Version)
	}
	return append(out, 0)
}

func copyVersions(v expected.Versions) expected.Versions {
	out := expected.Versions{}
	for k, x := range v {
		out[k] = x
	}
	return out
}
