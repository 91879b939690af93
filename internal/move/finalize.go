package move

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/state"
)

// Parked lists the moves whose source copy is still parked on a server.
func Parked(ctx context.Context, pool *pgxpool.Pool) ([]*state.MoveState, error) {
	var ok bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('rollout.moves') IS NOT NULL`).Scan(&ok); err != nil || !ok {
		return nil, err
	}
	moves, err := state.ReadMoves(ctx, pool, "")
	var out []*state.MoveState
	for _, m := range moves {
		if m.Direction == state.MoveOut && m.State == state.MoveMoved {
			out = append(out, m)
		}
	}
	return out, err
}

// Finalize drops a moved tenant's parked copy on its old server: the end
// of a move, once the target has proved itself.
func Finalize(ctx context.Context, pool *pgxpool.Pool, tenant, runID, actor string) (string, error) {
	var parked string
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var st string
		err := tx.QueryRow(ctx, `SELECT state, coalesce(parked_schema, '') FROM rollout.moves WHERE tenant = $1 AND direction = 'out' FOR UPDATE`,
			tenant).Scan(&st, &parked)
		if err == pgx.ErrNoRows || (err == nil && (st != state.MoveMoved || parked == "")) {
			return fmt.Errorf("%w: tenant %q has no parked copy on this server", ErrNotMoved, tenant)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DROP SCHEMA IF EXISTS `+state.Ident(parked)+` CASCADE`); err != nil {
			return fmt.Errorf("drop parked schema %q: %w", parked, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE rollout.moves SET state = $2, updated_at = now() WHERE tenant = $1 AND direction = 'out'`,
			tenant, state.MoveFinalized); err != nil {
			return err
		}
		return state.AppendEvent(ctx, tx, state.Event{RunID: runID, Actor: actor, Tenant: tenant, Action: "move.finalize", Outcome: "ok",
			Detail: map[string]any{"dropped_schema": parked}})
	})
	return parked, err
}

// Measure counts a schema's tables and their rows exactly, for the plan
// ("14 tables, 3,412 rows"); it reads only.
func Measure(ctx context.Context, pool *pgxpool.Pool, schema string) (tables int, rows int64, err error) {
	names, err := relations(ctx, pool, schema, "r")
	if err != nil || len(names) == 0 {
		return 0, 0, err
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "(SELECT count(*) FROM " + state.Ident(schema, n) + ")"
	}
	err = pool.QueryRow(ctx, "SELECT "+strings.Join(parts, " + ")).Scan(&rows)
	return len(names), rows, err
}
