package state

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// LoggedEvent is an event as read back from the audit trail.
type LoggedEvent struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	RunID       string    `json:"run_id"`
	Actor       string    `json:"actor"`
	Tenant      string    `json:"tenant,omitempty"`
	Module      string    `json:"module,omitempty"`
	Action      string    `json:"action"`
	FromVersion *int64    `json:"from_version,omitempty"`
	ToVersion   *int64    `json:"to_version,omitempty"`
	Outcome     string    `json:"outcome"`
	Error       string    `json:"error,omitempty"`
	Detail      []byte    `json:"-"`
}

// Events reads the audit trail, newest first; tenant "" means all.
func Events(ctx context.Context, pool *pgxpool.Pool, tenant string, limit int) ([]LoggedEvent, error) {
	rows, err := pool.Query(ctx, `SELECT id, at, run_id, actor, coalesce(tenant, ''), coalesce(module, ''), action,
		from_version, to_version, outcome, coalesce(error, ''), detail
		FROM rollout.events WHERE $1 = '' OR tenant = $1 ORDER BY id DESC LIMIT $2`, tenant, limit)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (LoggedEvent, error) {
		var e LoggedEvent
		err := r.Scan(&e.ID, &e.At, &e.RunID, &e.Actor, &e.Tenant, &e.Module, &e.Action, &e.FromVersion, &e.ToVersion,
			&e.Outcome, &e.Error, &e.Detail)
		return e, err
	})
}
