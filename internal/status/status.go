// Package status builds the matrix governorate × service: the version each
// runs and the files want, whether it is on, its last check, and whether
// it is pending, dirty or drifted.
package status

import (
	"time"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// Row is one tenant's service.
type Row struct {
	Tenant         string     `json:"tenant"`
	Server         string     `json:"server"`
	Module         string     `json:"module"`
	Version        uint       `json:"version"`
	WantedVersion  uint       `json:"wanted_version"`
	Enabled        bool       `json:"enabled"`
	WantedEnabled  bool       `json:"wanted_enabled"`
	LastCheckAt    *time.Time `json:"last_check_at,omitempty"`
	LastCheckOK    *bool      `json:"last_check_ok,omitempty"`
	LastCheckError string     `json:"last_check_error,omitempty"`
	// CheckNow is what the checks status ran just now say: "passed" or
	// "failed" (the failures are in Drift); empty when none ran.
	CheckNow string `json:"check_now,omitempty"`
	Pending  bool   `json:"pending"`
	// FailedUpgrade: the last apply's upgrade failed (at its to_version)
	// and the service stayed at Version; nothing of it succeeded since.
	FailedUpgrade *state.Failure `json:"failed_upgrade,omitempty"`
	Dirty         bool           `json:"dirty"`
	Drift         []string       `json:"drift"`
	InFiles       bool           `json:"in_files"`
	// Orphan: the database holds the tenant and no file declares it; plan
	// lists it with what to do, and never changes it.
	Orphan bool `json:"orphan,omitempty"`
	// Waits says what the rollout policy holds back, e.g. "3 waits for soak
	// until 2026-12-04 10:00 UTC"; empty without a wait.
	Waits string `json:"waits,omitempty"`
}

// MarkWaits notes on each row what the rollout policy holds back.
func MarkWaits(rows []Row, waits map[string][]plan.Wait) {
	for i := range rows {
		for _, w := range waits[rows[i].Tenant] {
			if w.Module == rows[i].Module {
				rows[i].Waits = w.Short()
			}
		}
	}
}

// Attention reports whether the row is pending, dirty, drifted or an
// orphan.
func (r Row) Attention() bool { return r.Pending || r.Dirty || len(r.Drift) > 0 || r.Orphan }

// Compute builds the rows for every tenant in the files or the databases.
// A tenant's rows are next to each other (ByTenant). Dirty flags live in
// the tenants' own schemas: the caller reads them on each tenant's session
// (SetDirty).
func Compute(p *config.Project, snaps map[string]*state.Snapshot) []Row {
	var rows []Row
	seen := map[string]bool{}
	for _, t := range p.Tenants {
		seen[t.Name] = true
		snap := snaps[t.Database]
		// Refusals are on each planned service; status shows them as drift.
		planned, _ := plan.ForTenant(p, t.Name, snap)
		for _, s := range planned.Services {
			rows = append(rows, row(t.Name, t.Database, s, snap))
		}
	}
	for server, snap := range snaps {
		for name, ts := range snap.Tenants {
			if seen[name] {
				continue
			}
			for m, sv := range ts.Services {
				// An orphan, as plan calls it: nothing wants a change there.
				rows = append(rows, Row{Tenant: name, Server: server, Module: m, Version: sv.Version, WantedVersion: sv.Version,
					Enabled: sv.Enabled, WantedEnabled: sv.Enabled, LastCheckAt: sv.LastCheckAt, LastCheckOK: sv.LastCheckOK,
					Drift: []string{}, Orphan: true})
			}
		}
	}
	return rows
}

func row(tenant, server string, s plan.Service, snap *state.Snapshot) Row {
	r := Row{Tenant: tenant, Server: server, Module: s.Module, Version: s.FromVersion, WantedVersion: s.ToVersion,
		Enabled: s.EnabledBefore, WantedEnabled: s.Enabled, InFiles: !s.Removed, Pending: s.Changes(), Drift: []string{}}
	if ts := snap.Tenants[tenant]; ts != nil {
		if sv := ts.Services[s.Module]; sv != nil {
			r.LastCheckAt, r.LastCheckOK, r.LastCheckError = sv.LastCheckAt, sv.LastCheckOK, sv.LastCheckError
		}
	}
	r.Drift = append(r.Drift, s.Problems...)
	return r
}

// ByTenant splits rows into each tenant's rows (slices of rows: changes
// made through them show in rows).
func ByTenant(rows []Row) [][]Row {
	var out [][]Row
	start := 0
	for i := 1; i <= len(rows); i++ {
		if i == len(rows) || rows[i].Tenant != rows[start].Tenant || rows[i].Server != rows[start].Server {
			out = append(out, rows[start:i])
			start = i
		}
	}
	return out
}

// SetFailures marks the pending rows whose last upgrade failed
// (tenant → module → failure, from state.Failures).
func SetFailures(rows []Row, failures map[string]map[string]*state.Failure) {
	for i := range rows {
		r := &rows[i]
		if f := failures[r.Tenant][r.Module]; f != nil && r.Pending && f.To > r.Version && f.To <= r.WantedVersion {
			r.FailedUpgrade = f
		}
	}
}

// PendingTenants lists, per server, the tenants with a pending row: the
// only ones a failed upgrade can show on.
func PendingTenants(rows []Row) map[string][]string {
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, r := range rows {
		if r.Pending && !seen[r.Server+"/"+r.Tenant] {
			seen[r.Server+"/"+r.Tenant] = true
			out[r.Server] = append(out[r.Server], r.Tenant)
		}
	}
	return out
}

// SetDirty marks a tenant's rows whose module is dirty (module → version).
func SetDirty(rows []Row, dirty map[string]int64) {
	for i := range rows {
		if _, ok := dirty[rows[i].Module]; ok {
			rows[i].Dirty = true
		}
	}
}

// CheckFunc runs one check of a tenant's service; nil error means it holds.
type CheckFunc func(tenant, schema, server string, m *config.Module, c *config.Check) error

// RunChecks runs the modules' checks of every enabled service that is in
// the files, and adds each failure to the row's drift: a table dropped by
// hand shows here even though no migration changed.
func RunChecks(p *config.Project, rows []Row, run CheckFunc) {
	schemas := map[string]string{}
	for _, t := range p.Tenants {
		schemas[t.Name] = t.Schema
	}
	for i := range rows {
		r := &rows[i]
		m := p.Modules[r.Module]
		if !r.Enabled || !r.InFiles || m == nil || r.Dirty {
			continue
		}
		for _, c := range m.Checks {
			if c.MinVersion > r.Version {
				continue
			}
			if r.CheckNow == "" {
				r.CheckNow = "passed"
			}
			if err := run(r.Tenant, schemas[r.Tenant], r.Server, m, c); err != nil {
				r.Drift = append(r.Drift, err.Error())
				r.CheckNow = "failed"
			}
		}
	}
}
