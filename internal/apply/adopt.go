package apply

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/adopt"
	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// ErrManaged: another run took the tenant under management meanwhile.
var ErrManaged = errors.New("rollout already manages it")

// Adopt records each adoptable tenant of the plan at its versions without
// running any migration file: roles, ownership and grants as apply gives
// them, golang-migrate's version marks, the control schema's rows (with
// every file up to the version as applied), tenant_services, an "adopt"
// event per service; then the modules' checks run read-only.
func (e *Executor) Adopt(ctx context.Context, p *adopt.Plan) ([]TenantResult, error) {
	tenants := p.Adoptable()
	shown := &plan.Plan{Servers: p.Servers, Waves: []plan.Wave{{Tenants: p.PlannedTenants()}}}
	for _, s := range p.Servers {
		if err := e.prepareServer(ctx, shown, s.Name); err != nil {
			return nil, fmt.Errorf("server %q: %w", s.Name, err)
		}
	}
	var out []TenantResult
	for _, t := range tenants {
		out = append(out, e.adoptTenant(ctx, t))
	}
	return out, nil
}

func (e *Executor) adoptTenant(ctx context.Context, at adopt.Tenant) TenantResult {
	r := &tenantRun{e: e, pool: e.Pools[at.Server], t: at.Planned, res: TenantResult{Tenant: at.Name, Outcome: "ok"}}
	start := time.Now()
	defer r.flush(ctx)
	err := r.adopt(ctx, at)
	r.res.Took = time.Since(start)
	if err != nil {
		err = fmt.Errorf("server %q: adopt tenant %q: %w", at.Server, at.Name, err)
		r.res.Outcome, r.res.Err = "failed", err
		r.record(ctx, state.Event{Action: ActionAdopt, Outcome: "failed", Error: err.Error()})
	}
	return r.res
}

// adoptedPlan is the tenant's plan with each service at its adopted
// version and the checks that apply there.
func adoptedPlan(e *Executor, at adopt.Tenant, planned plan.Tenant) plan.Tenant {
	t := planned
	t.Services = nil
	for _, s := range planned.Services {
		for _, as := range at.Services {
			if as.Module != s.Module {
				continue
			}
			s.FromVersion, s.ToVersion, s.Migrations, s.Checks = as.Version, as.Version, nil, []string{}
			if s.Enabled {
				for _, c := range e.Project.Modules[s.Module].Checks {
					if c.MinVersion <= as.Version {
						s.Checks = append(s.Checks, c.Name)
					}
				}
			}
			t.Services = append(t.Services, s)
		}
	}
	return t
}

// adopt records the tenant under its lock, then runs its checks. The
// tenant is planned again under the lock, with the control schema's key
// for secret settings (which did not exist yet when adopt was planned).
func (r *tenantRun) adopt(ctx context.Context, at adopt.Tenant) error {
	lk, err := lock(ctx, r.pool, at.Name, r.e.LockTimeout, func(string) {})
	if err != nil {
		return err
	}
	defer lk.release()
	snap, err := state.ReadTenant(ctx, r.pool, at.Name, at.Schema)
	if err != nil {
		return fmt.Errorf("read state: %w", err)
	}
	if snap.Tenants[at.Name] != nil {
		return ErrManaged
	}
	planned, err := plan.ForTenant(r.e.Project, at.Name, snap)
	if err != nil {
		return err
	}
	r.t = adoptedPlan(r.e, at, planned)
	if err := r.takeOver(ctx); err != nil {
		return err
	}
	if r.sess, err = r.e.openSession(ctx, r.pool, r.t.Name, r.t.Schema, r.t.OwnerRole); err != nil {
		return err
	}
	defer r.sess.Close()
	if err := r.adoptedTables(ctx); err != nil {
		return err
	}
	if err := r.recordTenant(ctx, at); err != nil {
		return err
	}
	if err := r.checks(ctx); err != nil {
		return fmt.Errorf("adopted, but its checks fail: %w", err)
	}
	return nil
}

// takeOver creates the roles and gives them the schema, as the connecting
// role, with statements the catalog drives (nothing of the tenant's runs).
// The roles carry rollout's comment, so a run that stops before the tenant
// is recorded finds them again as its own.
func (r *tenantRun) takeOver(ctx context.Context) error {
	t := r.t
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		err := provision.InTx(ctx, tx, provision.Tenant{Name: t.Name, Schema: t.Schema, Owner: t.OwnerRole, App: t.AppRole, Wave: t.Wave})
		if err != nil {
			return fmt.Errorf("provision schema %q: %w", t.Schema, err)
		}
		return takeOwnership(ctx, tx, t.Schema, t.OwnerRole, t.AppRole, r.e.Project.ModuleOrder)
	})
}

// adoptedTables writes the tenant's own tables on its session: each
// module's golang-migrate version mark and tenant_services. Idempotent, so
// a run that stops before recordTenant can be repeated.
func (r *tenantRun) adoptedTables(ctx context.Context) error {
	if _, err := r.sess.Pool.Exec(ctx, provision.TenantServicesSQL(r.t.Schema, r.t.AppRole)); err != nil {
		return fmt.Errorf("create %s.tenant_services: %w", r.t.Schema, err)
	}
	for _, s := range r.t.Services {
		table := state.Ident(r.t.Schema, migrator.VersionTable(s.Module))
		sql := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);\nDELETE FROM %s;\n", table, table)
		if s.ToVersion > 0 {
			sql += fmt.Sprintf("INSERT INTO %s (version, dirty) VALUES (%d, false);\n", table, s.ToVersion)
		}
		if _, err := r.sess.Pool.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol); err != nil {
			return fmt.Errorf("mark %s at version %d: %w", s.Module, s.ToVersion, err)
		}
		public, _ := json.Marshal(s.PublicSettings)
		if _, err := r.sess.Pool.Exec(ctx, provision.TenantServiceSQL(r.t.Schema), s.Module, int64(s.ToVersion), s.Enabled, public); err != nil {
			return fmt.Errorf("record %s in tenant_services: %w", s.Module, err)
		}
	}
	return nil
}

// recordTenant writes the control schema's records in one transaction.
func (r *tenantRun) recordTenant(ctx context.Context, at adopt.Tenant) error {
	t := r.t
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		if err := state.UpsertTenant(ctx, tx, t.Name, t.Schema, t.OwnerRole, t.AppRole, t.Wave); err != nil {
			return fmt.Errorf("record tenant: %w", err)
		}
		sources := map[string]string{}
		for _, s := range at.Services {
			sources[s.Module] = s.Source
		}
		for _, s := range t.Services {
			if err := r.recordAdopted(ctx, tx, s, sources[s.Module]); err != nil {
				return fmt.Errorf("record %s at version %d: %w", s.Module, s.ToVersion, err)
			}
		}
		r.record(ctx, state.Event{Action: ActionAdopt, Outcome: "ok", Detail: map[string]any{"schema": t.Schema,
			"owner_role": t.OwnerRole, "app_role": t.AppRole, "accepted_differences": at.Accepted}})
		return state.SetConfigHash(ctx, tx, t.Name, t.ConfigHash)
	})
}

// recordAdopted records one service in the control schema as if apply had
// brought it to its version: every file up to it applied with its
// checksum, the switch and settings.
func (r *tenantRun) recordAdopted(ctx context.Context, tx pgx.Tx, s plan.Service, source string) error {
	m := r.e.Project.Modules[s.Module]
	var sql string
	prev := -1
	for _, mg := range m.Migrations {
		if mg.Version <= s.ToVersion {
			sql += state.MigrationRecordSQL(r.e.RunID, r.t.Name, s.Module, prev, int(mg.Version), mg.Name, mg.UpSum)
			prev = int(mg.Version)
		}
	}
	if err := state.SetService(ctx, tx, r.t.Name, s.Module, s.Enabled, s.StoredJSON()); err != nil {
		return err
	}
	if sql != "" {
		if _, err := tx.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol); err != nil {
			return err
		}
	}
	r.res.Services = append(r.res.Services, ServiceResult{Module: s.Module, To: s.ToVersion, Enabled: s.Enabled, Outcome: "ok"})
	r.record(ctx, state.Event{Module: s.Module, Action: ActionAdopt, Outcome: "ok", ToVersion: uptr(s.ToVersion),
		Detail: map[string]any{"version_from": source, "enabled": s.Enabled}})
	return nil
}

// takeOwnership gives the schema and everything in it to the tenant's
// owner role, and the application role the rights apply's default
// privileges give it on what the owner creates. rollout's own tables
// (version tables, tenant_services) keep their owner and rights. Names
// come from the catalog, quoted by PostgreSQL (regclass, regprocedure,
// format %I); search_path is pg_catalog so they print qualified.
func takeOwnership(ctx context.Context, tx pgx.Tx, schema, owner, app string, modules []string) error {
	ignored := make([]string, 0, len(modules)+2)
	for t := range inspect.IgnoredTables(modules) {
		ignored = append(ignored, t)
	}
	if _, err := tx.Exec(ctx, `SET LOCAL search_path = pg_catalog`); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, ownershipQuery, schema, owner, app, ignored)
	if err != nil {
		return fmt.Errorf("list the schema's objects: %w", err)
	}
	stmts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list the schema's objects: %w", err)
	}
	for _, st := range stmts {
		if _, err := tx.Exec(ctx, st); err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
	}
	return nil
}
