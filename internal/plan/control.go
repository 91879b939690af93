package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/state"
)

// checkSalt refuses a database whose secret fingerprint salt was deleted:
// no secret could be compared, so every plan would rewrite every secret.
func checkSalt(name string, snap *state.Snapshot) error {
	if snap == nil || !snap.SaltLost {
		return nil
	}
	return fmt.Errorf("%w: server %q: rollout.meta has lost its secret fingerprint salt (deleted by hand?), so no stored secret "+
		"can be compared; run once in database %q: INSERT INTO rollout.meta (key, value) VALUES ('secret_fingerprint_salt', "+
		"md5(gen_random_uuid()::text || clock_timestamp()::text)); then plan: every secret setting shows as recorded again "+
		"(its value does not change)", ErrControl, name, snap.Database)
}

// checkControl compares a tenant's control rows with what its own schema
// says (its golang-migrate version tables, from the catalog) and refuses
// when rows were deleted or edited by hand: a plan computed from them
// would run files again (from 000001) or never converge. It says what to
// run instead; both commands run no migration file.
func checkControl(p *config.Project, t *config.Tenant, snap *state.Snapshot) error {
	// A snapshot not read from a database carries no catalog evidence.
	if snap == nil || !snap.Exists || !snap.Schemas[t.Schema] || snap.VersionTables == nil {
		return nil
	}
	tables := usedVersionTables(snap, t.Schema)
	ts := snap.Tenants[t.Name]
	if ts == nil {
		if mods := modulesWithTables(p, tables); len(mods) > 0 && snap.Move(t.Name, state.MoveIn) == nil {
			return fmt.Errorf("%w: tenant %q has no row in rollout.tenants, but its schema %q holds the version tables of %s: "+
				"its control rows were deleted by hand, and applying would run every file from 000001 again; take it back "+
				"under management instead (reads each module's version from its version table, runs no file): rollout adopt --tenant %s",
				ErrControl, t.Name, t.Schema, strings.Join(mods, ", "), t.Name)
		}
		return nil
	}
	var problems, repairs []string
	for _, m := range slices.Sorted(maps.Keys(p.Modules)) {
		sv := ts.Services[m]
		why := serviceMismatch(p.Modules[m], sv, tables[migrator.VersionTable(m)])
		if why != "" {
			problems = append(problems, m+": "+why)
			repairs = append(repairs, fmt.Sprintf("rollout repair --tenant %s --service %s", t.Name, m))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: tenant %q: the control rows disagree with its schema (deleted or edited by hand): %s; "+
		"run %s (each reads the version from the tenant's own version table and records exactly that; no file runs), then plan again",
		ErrControl, t.Name, strings.Join(problems, "; "), strings.Join(repairs, ", then "))
}

// serviceMismatch says how one service's control rows disagree with the
// tenant's schema, or "". hasTable: its version table holds a version.
func serviceMismatch(m *config.Module, sv *state.ServiceState, hasTable bool) string {
	switch {
	case sv == nil && hasTable:
		return "rollout.services has no row, but the schema's version table for it holds a version"
	case sv == nil:
		return ""
	case !sv.Recorded && (hasTable || len(sv.Applied) > 0):
		return "rollout.services has no row, but rollout.applied_migrations records files of it"
	}
	var missing, extra []string
	for _, mg := range m.Migrations {
		_, ok := sv.Applied[mg.Version]
		// The current version's file ran; an older one without a record
		// ran only if the audit trail says so (else it was merged late:
		// out of order, which planning reports on its own).
		ran := mg.Version == sv.Version || sv.RanUnrecorded[mg.Version]
		if mg.Version <= sv.Version && !ok && ran {
			missing = append(missing, fmt.Sprint(mg.Version))
		}
	}
	for v := range sv.Applied {
		if v > sv.Version {
			extra = append(extra, fmt.Sprint(v))
		}
	}
	slices.Sort(extra)
	switch {
	case len(missing) > 0:
		return fmt.Sprintf("rollout.services records version %d, but rollout.applied_migrations has no record of version %s",
			sv.Version, strings.Join(missing, ", "))
	case len(extra) > 0:
		return fmt.Sprintf("rollout.services records version %d, but rollout.applied_migrations records version %s above it",
			sv.Version, strings.Join(extra, ", "))
	case sv.Version > 0 && !hasTable:
		return fmt.Sprintf("rollout.services records version %d, but the schema has no version table for it", sv.Version)
	}
	return ""
}

// usedVersionTables are the version tables of schema that hold a version
// (or were not read: then they count as holding one). An empty one is
// what golang-migrate leaves when a run stops before its first file
// commits: nothing ran, so it is no evidence of control rows deleted.
func usedVersionTables(snap *state.Snapshot, schema string) map[string]bool {
	out := map[string]bool{}
	for table := range snap.VersionTables[schema] {
		if !snap.EmptyVersionTables[schema][table] {
			out[table] = true
		}
	}
	return out
}

// modulesWithTables names the project's modules whose version table holds
// a version.
func modulesWithTables(p *config.Project, tables map[string]bool) []string {
	var out []string
	for _, m := range slices.Sorted(maps.Keys(p.Modules)) {
		if tables[migrator.VersionTable(m)] {
			out = append(out, m)
		}
	}
	return out
}
