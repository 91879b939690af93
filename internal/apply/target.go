package apply

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/tenantdb"
)

// tenantTarget is how every change to a tenant's module runs, for apply,
// rollback and repair alike: on the tenant's own session (its owner role),
// in its schema with the shared extensions, each file recorded — checksum,
// version and audit event — by rollout.record_file in the file's own
// transaction.
func tenantTarget(p *config.Project, sess *tenantdb.Session, schema string, m *config.Module) migrator.Target {
	path := p.SearchPath(schema, m)
	return migrator.Target{Pool: sess.Pool, Schema: schema, Module: m,
		FileSchema: path[0], ExtraSearchPath: path[1:],
		AfterRun: func(from, to int) string {
			name, sum := "", ""
			detail := map[string]any{}
			if mg := m.Migration(uint(max(to, 0))); mg != nil && to > from {
				name, sum = mg.Name, mg.UpSum
				detail["file"], detail["checksum"] = mg.UpPath, mg.UpSum
			}
			return state.RecordFileSQL(m.Name, from, to, name, sum, detail, false)
		}}
}

// openSession logs in as a tenant's owner role for one piece of work.
func (e *Executor) openSession(ctx context.Context, pool *pgxpool.Pool, tenant, schema, owner string) (*tenantdb.Session, error) {
	return tenantdb.Open(ctx, pool, tenantdb.Who{Tenant: tenant, Role: owner, Schema: schema, RunID: e.RunID, Actor: e.Actor,
		SearchPath: []string{state.ExtensionsSchema}})
}
