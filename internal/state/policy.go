package state

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Health is when one version of a tenant's module became healthy.
type Health struct {
	HealthySince *time.Time // nil: a check failed since; the soak starts again
	LastFailedAt *time.Time
}

// Approval is one `rollout approve --wave N`.
type Approval struct {
	Wave     int
	Versions map[string]uint // module → highest version approved
	Actor    string
	At       time.Time
}

// Halt is a wave stopped by its failure limit, still in force.
type Halt struct {
	Wave    int
	Reason  string
	Tenants []string // the tenants that failed
	At      time.Time
	RunID   string
}

// PolicyState is what the rollout policy reads from one database.
type PolicyState struct {
	Health    map[string]map[string]map[uint]Health // tenant → module → version
	Approvals []Approval
	Halts     map[int]Halt // active halts by wave
}

// readPolicy loads the policy state; a control schema from before the
// policy existed has none.
func readPolicy(ctx context.Context, pool Querier, s *Snapshot, tenant string) error {
	s.Policy = PolicyState{Health: map[string]map[string]map[uint]Health{}, Halts: map[int]Halt{}}
	var has bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('rollout.version_health') IS NOT NULL`).Scan(&has); err != nil || !has {
		return err
	}
	if err := readHealth(ctx, pool, &s.Policy, tenant); err != nil {
		return err
	}
	rows, err := pool.Query(ctx, `SELECT wave, versions, actor, approved_at FROM rollout.approvals ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read approvals: %w", err)
	}
	s.Policy.Approvals, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Approval, error) {
		var a Approval
		var raw []byte
		if err := r.Scan(&a.Wave, &raw, &a.Actor, &a.At); err != nil {
			return a, err
		}
		return a, json.Unmarshal(raw, &a.Versions)
	})
	if err != nil {
		return fmt.Errorf("read approvals: %w", err)
	}
	rows, err = pool.Query(ctx, `SELECT wave, reason, failed_tenants, halted_at, run_id FROM rollout.halts WHERE resumed_at IS NULL`)
	if err != nil {
		return fmt.Errorf("read halts: %w", err)
	}
	halts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Halt, error) {
		var h Halt
		return h, r.Scan(&h.Wave, &h.Reason, &h.Tenants, &h.At, &h.RunID)
	})
	for _, h := range halts {
		s.Policy.Halts[h.Wave] = h
	}
	if err != nil {
		return fmt.Errorf("read halts: %w", err)
	}
	return nil
}

func readHealth(ctx context.Context, pool Querier, ps *PolicyState, tenant string) error {
	rows, err := pool.Query(ctx, `SELECT tenant, module, version, healthy_since, last_failed_at FROM rollout.version_health
		WHERE $1 = '' OR tenant = $1`, tenant)
	if err != nil {
		return fmt.Errorf("read version health: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t, m string
		var v int64
		var h Health
		if err := rows.Scan(&t, &m, &v, &h.HealthySince, &h.LastFailedAt); err != nil {
			return err
		}
		if ps.Health[t] == nil {
			ps.Health[t] = map[string]map[uint]Health{}
		}
		if ps.Health[t][m] == nil {
			ps.Health[t][m] = map[uint]Health{}
		}
		ps.Health[t][m][uint(v)] = h
	}
	return rows.Err()
}

// recordHealthSQL follows RecordCheck's update of rollout.services: a
// passing check starts the soak of the version the service runs (once); a
// failing one stops it, and that of every older version.
const recordHealthSQL = `, reset AS (
	UPDATE rollout.version_health h SET healthy_since = NULL, last_failed_at = $5
	FROM c WHERE NOT $3 AND h.tenant = $1 AND h.module = $2 AND h.version < c.version)
INSERT INTO rollout.version_health AS h (tenant, module, version, healthy_since, last_failed_at)
SELECT $1, $2, c.version, CASE WHEN $3 THEN $5::timestamptz END, CASE WHEN NOT $3 THEN $5::timestamptz END FROM c
ON CONFLICT (tenant, module, version) DO UPDATE SET
	healthy_since = CASE WHEN $3 THEN coalesce(h.healthy_since, $5) END,
	last_failed_at = CASE WHEN $3 THEN h.last_failed_at ELSE $5 END`

// RecordHealthy starts the soak of the version a service without checks
// runs (once): for it, running is passing. $4 stands for RecordCheck's
// error text, which recordHealthSQL does not use.
func RecordHealthy(ctx context.Context, db Execer, tenant, module string, at time.Time) error {
	_, err := db.Exec(ctx, `WITH c AS (SELECT version FROM rollout.services WHERE tenant = $1 AND module = $2 AND $4::text = '')`+
		recordHealthSQL, tenant, module, true, "", at)
	return err
}

// AddApproval records `rollout approve --wave N`.
func AddApproval(ctx context.Context, db Execer, a Approval, runID string) error {
	b, _ := json.Marshal(a.Versions)
	_, err := db.Exec(ctx, `INSERT INTO rollout.approvals (wave, versions, actor, approved_at, run_id) VALUES ($1, $2, $3, $4, $5)`,
		a.Wave, b, a.Actor, a.At, runID)
	if err != nil {
		return fmt.Errorf("record the approval of wave %d: %w", a.Wave, err)
	}
	return nil
}

// AddHalt halts a wave; a wave already halted stays as it was.
func AddHalt(ctx context.Context, db Execer, h Halt) error {
	_, err := db.Exec(ctx, `INSERT INTO rollout.halts (wave, reason, failed_tenants, halted_at, run_id) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (wave) WHERE resumed_at IS NULL DO NOTHING`, h.Wave, h.Reason, h.Tenants, h.At, h.RunID)
	if err != nil {
		return fmt.Errorf("record the halt of wave %d: %w", h.Wave, err)
	}
	return nil
}

// Resume lifts a wave's halt, saying who and why; it reports whether the
// wave was halted on this database.
func Resume(ctx context.Context, db Execer, wave int, actor, note string, at time.Time) (bool, error) {
	tag, err := db.Exec(ctx, `UPDATE rollout.halts SET resumed_at = $2, resumed_by = $3, resume_note = $4 WHERE wave = $1 AND resumed_at IS NULL`,
		wave, at, actor, note)
	if err != nil {
		return false, fmt.Errorf("resume wave %d: %w", wave, err)
	}
	return tag.RowsAffected() > 0, nil
}
