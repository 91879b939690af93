package apply

import (
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/state"
)

// tenantTarget is how every change to a tenant's module runs, for apply,
// rollback and repair alike: as the tenant's owner, in its schema with the
// shared extensions, each file recorded in the control schema with its
// name and checksum in the file's own transaction.
func tenantTarget(pool *pgxpool.Pool, runID, tenant, schema, owner string, m *config.Module) migrator.Target {
	return migrator.Target{Pool: pool, Schema: schema, Module: m, Role: owner,
		ExtraSearchPath: []string{state.ExtensionsSchema},
		AfterRun: func(from, to int) string {
			name, sum := "", ""
			if mg := m.Migration(uint(max(to, 0))); mg != nil {
				name, sum = mg.Name, mg.UpSum
			}
			return state.MigrationRecordSQL(runID, tenant, m.Name, from, to, name, sum)
		}}
}
