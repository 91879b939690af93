package apply

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// ActionForget is the audit action of `rollout forget`.
const ActionForget = "forget"

// forgetTables are the control tables that hold a tenant's rows, children
// before rollout.tenants; a table an older control schema lacks is skipped.
var forgetTables = []string{"services", "applied_migrations", "version_health", "sessions", "tenants"}

// Forget removes rollout's records of a tenant no file declares, under the
// tenant's lock and in one transaction with its audit event; with
// DropSchema it also drops the tenant's schemas (its own and its modules'
// own ones) and, where nothing else uses them, its roles. It returns the
// roles it kept, with why.
func Forget(ctx context.Context, pool *pgxpool.Pool, f *plan.Forget, actor, runID string) (kept map[string]string, err error) {
	l, err := lock(ctx, pool, f.Tenant, 0, func(string) {})
	if err != nil {
		return nil, err
	}
	defer l.release()
	kept = map[string]string{}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := forgetRows(ctx, tx, f.Tenant); err != nil {
			return err
		}
		var dropped []string
		if f.DropSchema {
			if dropped, err = dropTenant(ctx, tx, f, kept); err != nil {
				return err
			}
		}
		return state.AppendEvent(ctx, tx, state.Event{RunID: runID, Actor: actor, Tenant: f.Tenant, Action: ActionForget, Outcome: "ok",
			Detail: map[string]any{"schema": f.Schema, "services": f.Services, "dropped_schema": f.DropSchema, "dropped": dropped, "kept_roles": kept}})
	})
	if err != nil {
		return nil, fmt.Errorf("forget tenant %q: %w", f.Tenant, err)
	}
	return kept, nil
}

func forgetRows(ctx context.Context, tx pgx.Tx, tenant string) error {
	for _, t := range forgetTables {
		col := "tenant"
		if t == "tenants" {
			col = "name"
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, "rollout."+t).Scan(&exists); err != nil || !exists {
			if err != nil {
				return err
			}
			continue
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`DELETE FROM rollout.%s WHERE %s = $1`, state.Ident(t), col), tenant); err != nil {
			return fmt.Errorf("delete from rollout.%s: %w", t, err)
		}
	}
	return nil
}

// dropTenant drops the schemas the tenant's owner role owns (the tenant
// schema and its modules' own schemas), then each role rollout created
// for it unless another database still uses it; a role that cannot be
// dropped is kept and said why, never fatal.
func dropTenant(ctx context.Context, tx pgx.Tx, f *plan.Forget, kept map[string]string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT n.nspname FROM pg_catalog.pg_namespace n
		WHERE n.nspname = $1 OR (starts_with(n.nspname, $1 || '_') AND pg_catalog.pg_get_userbyid(n.nspowner) = ANY($2))
		ORDER BY n.nspname DESC`, f.Schema, f.Roles)
	if err != nil {
		return nil, err
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	var dropped []string
	for _, s := range schemas {
		if _, err := tx.Exec(ctx, "DROP SCHEMA "+state.Ident(s)+" CASCADE"); err != nil {
			return nil, fmt.Errorf("drop schema %q: %w", s, err)
		}
		dropped = append(dropped, "schema "+s)
	}
	elsewhere, err := state.RolesElsewhere(ctx, tx, f.Roles)
	if err != nil {
		return nil, err
	}
	for _, r := range f.Roles {
		if where := elsewhere[r]; len(where) > 0 {
			kept[r] = fmt.Sprintf("still used in %v", where)
			continue
		}
		if err := dropRole(ctx, tx, r); err != nil {
			kept[r] = err.Error()
			continue
		}
		dropped = append(dropped, "role "+r)
	}
	return dropped, nil
}

// dropRole drops one role in a savepoint, so that a refusal keeps the role
// and lets the rest go on.
func dropRole(ctx context.Context, tx pgx.Tx, role string) error {
	return pgx.BeginFunc(ctx, tx, func(sp pgx.Tx) error {
		if _, err := sp.Exec(ctx, "DROP OWNED BY "+state.Ident(role)); err != nil {
			return err
		}
		if _, err := sp.Exec(ctx, "DROP ROLE "+state.Ident(role)); err != nil {
			return err
		}
		return state.ForgetCreated(ctx, sp, plan.KindRole, role)
	})
}
