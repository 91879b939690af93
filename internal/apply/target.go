package apply

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/tenantdb"
)

// tenantTarget is how every change to a tenant's module runs, for apply,
// rollback and repair alike: on the tenant's own session (its owner role),
// in its schema with the shared extensions, each file recorded — checksum,
// version and audit event — by rollout.record_file in the file's own
// transaction.
// locks is the executor's lock policy with the module's own lock_timeout.
func tenantTarget(p *config.Project, sess *tenantdb.Session, schema string, m *config.Module, locks migrator.LockPolicy) migrator.Target {
	path := p.SearchPath(schema, m)
	locks.Timeout = m.LockTimeoutOr(locks.Timeout)
	return migrator.Target{Pool: sess.Pool, Schema: schema, Module: m,
		FileSchema: path[0], ExtraSearchPath: path[1:], Locks: locks,
		AfterRun: func(from, to int) string {
			name, sum := "", ""
			detail := map[string]any{}
			if mg := m.Migration(uint(max(to, 0))); mg != nil && to > from {
				name, sum = mg.Name, mg.UpSum
				detail["file"], detail["checksum"] = mg.UpPath, mg.UpSum
			}
			// The tenant's own tenant_services moves with the control
			// schema in the same transaction: after any file, failure,
			// rollback or crash, both say the same version.
			return state.RecordFileSQL(m.Name, from, to, name, sum, detail, false) +
				provision.TenantServiceVersionLiteral(schema, m.Name, max(to, 0))
		}}
}

// openSession logs in as a tenant's owner role for one piece of work.
func (e *Executor) openSession(ctx context.Context, pool *pgxpool.Pool, tenant, schema, owner string) (*tenantdb.Session, error) {
	return tenantdb.Open(ctx, pool, tenantdb.Who{Tenant: tenant, Role: owner, Schema: schema, RunID: e.RunID, Actor: e.Actor,
		SearchPath: []string{state.ExtensionsSchema}})
}

// retryEvents are the progress event and the audit event of a file that
// hit its lock_timeout and runs again.
func retryEvents(m *config.Module, from, to int, r migrator.Retry, timeout time.Duration) (Event, state.Event) {
	f, t := uint(max(from, 0)), uint(max(to, 0))
	file := ""
	if mg := m.Migration(t); mg != nil {
		file = mg.UpPath
		if to < from {
			if mg = m.Migration(f); mg != nil {
				file = mg.DownPath
			}
		}
	}
	detail := fmt.Sprintf("%s: lock_timeout %s hit on attempt %d of %d, rolled back whole; again in %s", file, timeout, r.Attempt, r.Of, r.Wait)
	ev := Event{Module: m.Name, Action: ActionMigration, From: &f, To: &t, Outcome: "retrying", Detail: detail, Error: r.Err.Error()}
	rec := state.Event{Module: m.Name, Action: ActionMigration, FromVersion: &f, ToVersion: &t, Outcome: "retrying", Error: r.Err.Error(),
		Detail: map[string]any{"file": file, "attempt": r.Attempt, "attempts": r.Of, "wait_ms": r.Wait.Milliseconds(),
			"lock_timeout_ms": timeout.Milliseconds()}}
	return ev, rec
}
