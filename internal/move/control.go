package move

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// recordTarget writes the tenant's control rows on the target inside the
// switch transaction: the tenant, its services (secrets re-digested under
// the target's own key), the checksum of every applied file, the move
// and the audit event. They commit with the data, or not at all.
func (m *Mover) recordTarget(ctx context.Context, t plan.Tenant, to target, src, dst *state.Snapshot, stx, ttx pgx.Tx, res Result) error {
	ts := src.Tenants[t.Name]
	keyed := *src
	keyed.Secrets = dst.Secrets
	tp, err := plan.ForTenant(m.Project, t.Name, &keyed)
	if err != nil {
		return err
	}
	if err := state.UpsertTenant(ctx, ttx, t.Name, t.Schema, to.Owner, to.App, ts.Wave); err != nil {
		return fmt.Errorf("record tenant %q on server %q: %w", t.Name, m.To, err)
	}
	if err := state.SetConfigHash(ctx, ttx, t.Name, tp.ConfigHash); err != nil {
		return err
	}
	stored := map[string]map[string]json.RawMessage{}
	for i := range tp.Services {
		if !tp.Services[i].Removed {
			stored[tp.Services[i].Module] = tp.Services[i].StoredJSON()
		}
	}
	for name, sv := range ts.Services {
		settings, ok := stored[name]
		if !ok {
			settings = sv.Settings
		}
		b, _ := json.Marshal(settings)
		if _, err := ttx.Exec(ctx, `INSERT INTO rollout.services (tenant, module, version, enabled, settings, last_check_at, last_check_ok, last_check_error)
			VALUES ($1, $2, $3, $4, $5, $6, $7, nullif($8, ''))`, t.Name, name, int64(sv.Version), sv.Enabled, b,
			sv.LastCheckAt, sv.LastCheckOK, sv.LastCheckError); err != nil {
			return fmt.Errorf("record service %s of tenant %q on server %q: %w", name, t.Name, m.To, err)
		}
	}
	if err := copyApplied(ctx, stx, ttx, t.Name); err != nil {
		return err
	}
	if err := state.SetMove(ctx, ttx, state.MoveState{Tenant: t.Name, Direction: state.MoveIn, Peer: m.From, Schema: t.Schema,
		State: state.MoveLive, Tables: res.Tables, Rows: res.Rows, RunID: m.RunID}); err != nil {
		return err
	}
	return state.AppendEvent(ctx, ttx, state.Event{RunID: m.RunID, Actor: m.Actor, Tenant: t.Name, Action: "move", Outcome: "ok",
		Detail: map[string]any{"from": m.From, "to": m.To, "tables": res.Tables, "rows": res.Rows}})
}

// copyApplied carries the checksums of the applied migration files, so
// drift detection goes on working on the target.
func copyApplied(ctx context.Context, stx, ttx pgx.Tx, tenant string) error {
	rows, err := stx.Query(ctx, `SELECT tenant, module, version, name, checksum, run_id, applied_at FROM rollout.applied_migrations WHERE tenant = $1`, tenant)
	if err != nil {
		return fmt.Errorf("read applied migrations of %q: %w", tenant, err)
	}
	vals, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]any, error) { return r.Values() })
	if err != nil {
		return fmt.Errorf("read applied migrations of %q: %w", tenant, err)
	}
	if _, err := ttx.Exec(ctx, `DELETE FROM rollout.applied_migrations WHERE tenant = $1`, tenant); err != nil {
		return err
	}
	_, err = ttx.CopyFrom(ctx, pgx.Identifier{state.Schema, "applied_migrations"},
		[]string{"tenant", "module", "version", "name", "checksum", "run_id", "applied_at"}, pgx.CopyFromRows(vals))
	if err != nil {
		return fmt.Errorf("record applied migrations of %q: %w", tenant, err)
	}
	return nil
}

// park retires the source copy once the target serves: the schema gets
// another name and the application role loses it; the tenant's control
// rows go (the target has them now); the move is recorded. In tx when
// given (the copy's source transaction, still holding the freeze).
func (m *Mover) park(ctx context.Context, t plan.Tenant, tx pgx.Tx) (string, error) {
	parked := ParkedName(t.Schema, m.RunID)
	run := func(tx pgx.Tx) error {
		stmts := []string{
			fmt.Sprintf(`ALTER SCHEMA %s RENAME TO %s`, state.Ident(t.Schema), state.Ident(parked)),
			fmt.Sprintf(`REVOKE ALL ON SCHEMA %s FROM %s`, state.Ident(parked), state.Ident(t.AppRole)),
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("server %q: park schema %q: %w", m.From, t.Schema, err)
			}
		}
		for _, q := range []string{`DELETE FROM rollout.applied_migrations WHERE tenant = $1`, `DELETE FROM rollout.services WHERE tenant = $1`,
			`DELETE FROM rollout.tenants WHERE name = $1`} {
			if _, err := tx.Exec(ctx, q, t.Name); err != nil {
				return fmt.Errorf("server %q: drop the records of tenant %q: %w", m.From, t.Name, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO rollout.moves (tenant, direction, peer, schema_name, state, parked_schema, run_id)
			VALUES ($1, 'out', $2, $3, $4, $5, $6) ON CONFLICT (tenant, direction) DO UPDATE SET peer = EXCLUDED.peer,
			state = EXCLUDED.state, parked_schema = EXCLUDED.parked_schema, run_id = EXCLUDED.run_id, updated_at = now()`,
			t.Name, m.To, t.Schema, state.MoveMoved, parked, m.RunID); err != nil {
			return fmt.Errorf("server %q: record the move of %q: %w", m.From, t.Name, err)
		}
		return state.AppendEvent(ctx, tx, state.Event{RunID: m.RunID, Actor: m.Actor, Tenant: t.Name, Action: "move.park", Outcome: "ok",
			Detail: map[string]any{"to": m.To, "parked_schema": parked}})
	}
	if tx != nil {
		if err := run(tx); err != nil {
			return "", err
		}
		return parked, tx.Commit(ctx)
	}
	return parked, pgx.BeginFunc(ctx, m.Source, run)
}

// ParkedName is the source schema's name once moved: recognisable, and
// unique per run so a tenant that moves away twice never collides.
func ParkedName(schema, runID string) string {
	sum := sha256.Sum256([]byte(schema + "\x00" + runID))
	suffix := "_moved_" + hex.EncodeToString(sum[:4])
	return schema[:min(len(schema), 63-len(suffix))] + suffix
}
