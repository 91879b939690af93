package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// PlanUninstall reads a server and plans removing what rollout created
// outside tenant schemas. It only reads.
func PlanUninstall(ctx context.Context, q state.Querier, server string) (*plan.Uninstall, error) {
	snap, err := state.Read(ctx, q)
	if err != nil {
		return nil, err
	}
	roles := make([]string, 0, len(snap.Server.Created[plan.KindRole]))
	for r := range snap.Server.Created[plan.KindRole] {
		roles = append(roles, r)
	}
	elsewhere, err := state.RolesElsewhere(ctx, q, roles)
	if err != nil {
		return nil, err
	}
	return plan.PlanUninstall(server, snap, elsewhere), nil
}

// Uninstall runs a shown uninstall plan in one transaction, under the
// server's provisioning lock: it plans again there and refuses if that is
// not what was shown, or if tenant schemas remain. Each drop refuses
// (RESTRICT) rather than take anything along that rollout did not create.
func Uninstall(ctx context.Context, pool *pgxpool.Pool, shown *plan.Uninstall) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(provision.Lock)); err != nil {
			return err
		}
		now, err := PlanUninstall(ctx, tx, shown.Server)
		if err != nil {
			return err
		}
		if len(now.Blockers) > 0 {
			return fmt.Errorf("%w: %s", ErrTenantsRemain, strings.Join(now.Blockers, "; "))
		}
		if !slices.Equal(changeKeys(now.Changes), changeKeys(shown.Changes)) {
			return fmt.Errorf("%w: the server changed since the uninstall plan was shown; run rollout uninstall again", ErrUnplanned)
		}
		for _, c := range now.Changes {
			if _, err := tx.Exec(ctx, c.SQL); err != nil {
				return fmt.Errorf("%s: %w%s", c.SQL, err, pgDetail(err))
			}
		}
		return nil
	})
}

func changeKeys(cs []plan.ServerChange) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Key()
	}
	return out
}

// pgDetail adds PostgreSQL's detail (which objects depend on a role).
func pgDetail(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Detail != "" {
		return " (" + strings.ReplaceAll(pe.Detail, "\n", "; ") + ")"
	}
	return ""
}
