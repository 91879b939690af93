package state

import (
	"context"
	"fmt"
	"time"
)

// Failure is a service's last upgrade that failed with no success of the
// service since (a migration, repair, rollback or adoption): the tenant
// stayed at its previous version. plan, status and apply's summary call it
// a failed upgrade.
type Failure struct {
	From  uint      `json:"from_version"`
	To    uint      `json:"to_version"` // the version whose file failed
	At    time.Time `json:"at"`
	Error string    `json:"error"`
}

// Failures reads, for the given tenants only (those with something
// pending: a service that converged has no failure to show), each
// service's failed migration that no later success of that service
// followed (tenant → module → failure). One query, by the audit trail's
// tenant index.
func Failures(ctx context.Context, pool Querier, tenants []string) (map[string]map[string]*Failure, error) {
	out := map[string]map[string]*Failure{}
	if len(tenants) == 0 {
		return out, nil
	}
	if ok, err := Exists(ctx, pool); err != nil || !ok {
		return out, err
	}
	rows, err := pool.Query(ctx, `SELECT DISTINCT ON (e.tenant, e.module) e.tenant, e.module, coalesce(e.from_version, 0),
			coalesce(e.to_version, 0), e.at, coalesce(e.error, '')
		FROM rollout.events e
		WHERE e.tenant = ANY($1) AND e.action = 'migration' AND e.outcome = 'failed' AND e.module IS NOT NULL
		  AND e.to_version > coalesce(e.from_version, 0)
		  AND NOT EXISTS (SELECT 1 FROM rollout.events o WHERE o.tenant = e.tenant AND o.module = e.module AND o.id > e.id
			AND o.outcome = 'ok' AND o.action IN ('migration', 'repair', 'rollback', 'adopt'))
		ORDER BY e.tenant, e.module, e.id DESC`, tenants)
	if err != nil {
		return nil, fmt.Errorf("read failed upgrades: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tenant, module string
		var from, to int64
		f := &Failure{}
		if err := rows.Scan(&tenant, &module, &from, &to, &f.At, &f.Error); err != nil {
			return nil, err
		}
		f.From, f.To = uint(from), uint(to)
		if out[tenant] == nil {
			out[tenant] = map[string]*Failure{}
		}
		out[tenant][module] = f
	}
	return out, rows.Err()
}
