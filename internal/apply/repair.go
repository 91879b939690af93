package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/tenantdb"
)

// ErrNotDirty: repair was asked for a service that is not dirty.
var ErrNotDirty = errors.New("not dirty")

// Operation is one tenant's service, for repair and rollback.
type Operation struct {
	Executor
	Tenant string
	Module string
}

// session logs in as the tenant's owner role, the one rollout recorded
// when it created the tenant.
func (o *Operation) session(ctx context.Context, pool *pgxpool.Pool, t *config.Tenant) (*tenantdb.Session, error) {
	snap, err := state.ReadTenant(ctx, pool, t.Name, t.Schema)
	if err != nil {
		return nil, fmt.Errorf("read state: %w", err)
	}
	ts := snap.Tenants[t.Name]
	if ts == nil || !snap.Schemas[t.Schema] {
		return nil, fmt.Errorf("tenant %q has not been applied on server %q: run rollout apply first", t.Name, t.Database)
	}
	return o.openSession(ctx, pool, t.Name, t.Schema, ts.OwnerRole)
}

// Repair clears a dirty service after an admin checked its schema by hand:
// the version mark becomes `version` (nil: the version the control schema
// records, meaning the failed file left nothing behind), and the control
// schema's records follow. It returns the dirty version and the new one.
// approve, if not nil, sees the dirty version and the one it will become,
// under the tenant's lock, and may refuse.
func (o *Operation) Repair(ctx context.Context, version *uint, approve func(dirtyAt, to uint) error) (dirtyAt, now uint, err error) {
	t, pool, err := o.tenant()
	if err != nil {
		return 0, 0, err
	}
	lk, err := lock(ctx, pool, o.Tenant, o.LockTimeout, func(string) {})
	if err != nil {
		return 0, 0, err
	}
	defer lk.release()
	sess, err := o.session(ctx, pool, t)
	if err != nil {
		return 0, 0, err
	}
	defer sess.Close()
	tg := tenantTarget(o.Project, sess, t.Schema, o.Project.Modules[o.Module], o.Locks)
	v, dirty, err := migrator.Version(ctx, tg)
	if err != nil {
		return 0, 0, err
	}
	if !dirty {
		return v, v, o.resync(ctx, pool, t, v)
	}
	rec, err := state.RecordedVersion(ctx, pool, o.Tenant, o.Module)
	if err != nil {
		return v, v, err
	}
	to := uint(max(rec, 0))
	if version != nil {
		to = *version
	}
	if !o.Project.Modules[o.Module].HasVersion(to) {
		return v, v, fmt.Errorf("module %s has no version %d", o.Module, to)
	}
	if approve != nil {
		if err := approve(v, to); err != nil {
			return v, v, err
		}
	}
	if err := migrator.Force(ctx, tg, to); err != nil {
		return v, v, err
	}
	if err := o.alignRecords(ctx, pool, rec, int(to)); err != nil {
		return v, to, err
	}
	if _, err := sess.Pool.Exec(ctx, provision.TenantServiceVersionSQL(t.Schema), o.Module, int64(to)); err != nil {
		return v, to, fmt.Errorf("record version %d in %s.tenant_services: %w", to, t.Schema, err)
	}
	o.record(ctx, t.Database, state.Event{Tenant: o.Tenant, Module: o.Module, Action: ActionRepair, Outcome: "ok",
		FromVersion: uptr(v), ToVersion: uptr(to), Detail: map[string]any{"dirty_version": v}})
	return v, to, nil
}

// resync makes the control rows of a clean service say what the tenant's
// own version table says, when they disagree (rows deleted or edited by
// hand; plan refuses and names this command): the service's version, and
// a record, with the checksum of the file as it is now, of every file up
// to it that ran (recorded already, the current version's, or shown by
// the audit trail; a file merged late that never ran stays unrecorded, out
// of order). No file runs. Agreeing rows are ErrNotDirty.
func (o *Operation) resync(ctx context.Context, pool *pgxpool.Pool, t *config.Tenant, v uint) error {
	snap, err := state.ReadTenant(ctx, pool, t.Name, t.Schema)
	if err != nil {
		return fmt.Errorf("read state: %w", err)
	}
	sv := snap.Tenants[t.Name].Services[o.Module]
	if sv == nil {
		sv = &state.ServiceState{Applied: map[uint]string{}}
	}
	var ran []*config.Migration
	for _, mg := range o.Project.Modules[o.Module].Migrations {
		if _, ok := sv.Applied[mg.Version]; mg.Version <= v && (ok || mg.Version == v || sv.RanUnrecorded[mg.Version]) {
			ran = append(ran, mg)
		}
	}
	if sv.Recorded && sv.Version == v && len(ran) == len(sv.Applied) && !slices.ContainsFunc(ran, func(mg *config.Migration) bool {
		_, ok := sv.Applied[mg.Version]
		return !ok
	}) {
		return fmt.Errorf("%w: %s of tenant %q is cleanly at version %d; nothing to repair (its control rows agree)",
			ErrNotDirty, o.Module, o.Tenant, v)
	}
	var sql string
	for _, mg := range ran {
		sql += state.MigrationRecordSQL(o.RunID, o.Tenant, o.Module, int(mg.Version)-1, int(mg.Version), mg.Name, mg.UpSum)
	}
	// Last: drops records above v and sets the service's version to v.
	sql += state.MigrationRecordSQL(o.RunID, o.Tenant, o.Module, int(v)+1, int(v), "", "")
	if _, err := pool.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol); err != nil {
		return fmt.Errorf("record %s of tenant %q at version %d: %w", o.Module, o.Tenant, v, err)
	}
	o.record(ctx, t.Database, state.Event{Tenant: o.Tenant, Module: o.Module, Action: ActionRepair, Outcome: "ok",
		FromVersion: uptr(sv.Version), ToVersion: uptr(v), Detail: map[string]any{"control_rows_resynced": true}})
	return ErrResynced{Module: o.Module, Tenant: o.Tenant, Version: v}
}

// ErrResynced is how Repair reports that it rewrote a clean service's
// control rows to match the tenant's version table: not a failure, but,
// like ErrNotDirty, a different outcome than a dirty service repaired.
type ErrResynced struct {
	Module, Tenant string
	Version        uint
}

func (e ErrResynced) Error() string {
	return fmt.Sprintf("%s of tenant %q: control rows recorded again at version %d, from its version table", e.Module, e.Tenant, e.Version)
}

// alignRecords makes the control schema record exactly versions 1..to.
func (o *Operation) alignRecords(ctx context.Context, pool state.Execer, from, to int) error {
	var sql string
	switch {
	case to < from:
		sql = state.MigrationRecordSQL(o.RunID, o.Tenant, o.Module, from, to, "", "")
	default:
		for _, mg := range o.Project.Modules[o.Module].Migrations {
			if int(mg.Version) > from && int(mg.Version) <= to {
				sql += state.MigrationRecordSQL(o.RunID, o.Tenant, o.Module, int(mg.Version)-1, int(mg.Version), mg.Name, mg.UpSum)
			}
		}
	}
	if sql == "" {
		return nil
	}
	_, err := pool.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	return err
}
