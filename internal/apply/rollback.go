package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// ErrRollback: a rollback that is not allowed.
var ErrRollback = errors.New("rollback refused")

func (o *Operation) tenant() (*config.Tenant, *pgxpool.Pool, error) {
	for _, t := range o.Project.Tenants {
		if t.Name == o.Tenant {
			if t.Service(o.Module) == nil {
				return nil, nil, fmt.Errorf("%w: tenant %q has no service %q in its file", ErrRollback, o.Tenant, o.Module)
			}
			return t, o.Pools[t.Database], nil
		}
	}
	return nil, nil, fmt.Errorf("unknown tenant %q: no file in the tenants folder declares it", o.Tenant)
}

// RollbackResult says what a rollback did (or, given to Approve, will do).
type RollbackResult struct {
	From, To   uint
	TurnedOff  bool
	WantedByFs uint     // the version the files want: the next plan moves back up to it
	DownFiles  []string // the down files, in the order they run
	Dependents []string // enabled services that require this one, turned off with it (Cascade)
}

// RollbackOptions: Approve sees what will run, under the tenant's lock,
// and may refuse; Cascade turns off the services that require this one
// instead of refusing.
type RollbackOptions struct {
	Approve func(RollbackResult) error
	Cascade bool
}

// Rollback runs the module's down migrations to version `to`, recorded like
// any change. The service is turned off first when `to` is below the
// version its files ask for, since the service expects that version; the
// next plan then wants to move back up and turn it on. Turning it off is
// refused while another enabled service of the tenant requires the module,
// unless opts.Cascade turns those off too.
func (o *Operation) Rollback(ctx context.Context, to uint, opts RollbackOptions) (RollbackResult, error) {
	t, pool, err := o.tenant()
	if err != nil {
		return RollbackResult{}, err
	}
	svc := t.Service(o.Module)
	res := RollbackResult{To: to, WantedByFs: svc.Version, TurnedOff: to < svc.Version}
	if res.Dependents, err = o.checkRollback(t, to, res.TurnedOff, opts.Cascade); err != nil {
		return res, err
	}
	lk, err := lock(ctx, pool, o.Tenant, o.LockTimeout, func(string) {})
	if err != nil {
		return res, err
	}
	defer lk.release()
	sess, err := o.session(ctx, pool, t)
	if err != nil {
		return res, err
	}
	defer sess.Close()
	m := o.Project.Modules[o.Module]
	tg := tenantTarget(o.Project, sess, t.Schema, m, o.Locks)
	tg.Retried = func(from, to int, r migrator.Retry) {
		_, rec := retryEvents(m, from, to, r, tg.Locks.Timeout)
		rec.Tenant = o.Tenant
		o.record(ctx, t.Database, rec)
	}
	tg.Recorded = func(ctx context.Context) (int, error) { return state.RecordedVersion(ctx, pool, o.Tenant, o.Module) }
	cur, dirty, err := migrator.Version(ctx, tg)
	res.From = cur
	if err != nil || dirty {
		return res, errors.Join(err, fmt.Errorf("%w: %s of tenant %q is dirty; repair it first", ErrRollback, o.Module, o.Tenant))
	}
	if to >= cur {
		return res, fmt.Errorf("%w: %s of tenant %q is at version %d; rollback goes down, to a lower version", ErrRollback, o.Module, o.Tenant, cur)
	}
	if err := irreversible(m, to, cur); err != nil {
		return res, err
	}
	res.DownFiles = o.downFiles(cur, to)
	if opts.Approve != nil {
		if err := opts.Approve(res); err != nil {
			return res, err
		}
	}
	if res.TurnedOff {
		for _, m := range append(res.Dependents, o.Module) {
			if err := serviceOff(ctx, sess, pool, o.Tenant, t.Schema, m); err != nil {
				return res, fmt.Errorf("turn %s off: %w", m, err)
			}
		}
	}
	_, now, err := migrator.Migrate(ctx, tg, to)
	ev := state.Event{Tenant: o.Tenant, Module: o.Module, Action: ActionRollback, Outcome: "ok", FromVersion: uptr(cur), ToVersion: uptr(now),
		Detail: map[string]any{"turned_off": res.TurnedOff, "files": res.DownFiles, "also_turned_off": res.Dependents}}
	if err != nil {
		ev.Outcome, ev.Error = "failed", err.Error()
	}
	o.record(ctx, t.Database, ev)
	res.To = now
	// Each down file committed with its records and tenant_services'
	// version; the failing one left nothing: the tenant stands at `now`.
	if err != nil && now != cur {
		return res, fmt.Errorf("roll %s of tenant %q back to %d: stopped at version %d (the down files above it ran and are "+
			"recorded; the failing one was rolled back whole): %w", o.Module, o.Tenant, to, now, err)
	}
	if err != nil {
		return res, fmt.Errorf("roll %s of tenant %q back to %d: still at version %d (the failing down file was rolled back whole): %w",
			o.Module, o.Tenant, to, now, err)
	}
	_, err = sess.Pool.Exec(ctx, provision.TenantServiceVersionSQL(t.Schema), o.Module, int64(now))
	return res, err
}

// downFiles lists the down files from version cur to version to, newest first.
func (o *Operation) downFiles(cur, to uint) []string {
	m := o.Project.Modules[o.Module]
	var out []string
	for i := len(m.Migrations) - 1; i >= 0; i-- {
		if mg := m.Migrations[i]; mg.Version <= cur && mg.Version > to {
			out = append(out, mg.DownPath)
		}
	}
	return out
}

// checkRollback refuses versions the module lacks, and turning the module
// off (or removing it) while an enabled service of the tenant requires it;
// with cascade it returns those services, to be turned off too.
func (o *Operation) checkRollback(t *config.Tenant, to uint, turnsOff, cascade bool) ([]string, error) {
	m := o.Project.Modules[o.Module]
	if !m.HasVersion(to) {
		return nil, fmt.Errorf("%w: module %s has no version %d (it has %s; 0 means none)", ErrRollback, o.Module, to, m.VersionList())
	}
	if to > 0 && !turnsOff {
		return nil, nil
	}
	// Turning a module off breaks what requires it, and what requires that.
	var dependents []string
	for off := []string{o.Module}; len(off) > 0; off = off[1:] {
		for _, s := range t.Services {
			if s.Enabled && !slices.Contains(dependents, s.Module) && slices.Contains(o.Project.Modules[s.Module].Requires, off[0]) {
				dependents = append(dependents, s.Module)
				off = append(off, s.Module)
			}
		}
	}
	if len(dependents) > 0 && !cascade {
		return nil, fmt.Errorf("%w: %s requires %s, which tenant %q runs, and this rollback turns %s off; roll %s back or turn it off first, or pass --cascade to turn it off too",
			ErrRollback, strings.Join(dependents, ", "), o.Module, o.Tenant, o.Module, dependents[0])
	}
	return dependents, nil
}

// irreversible refuses a rollback that crosses a version without a down
// file (a module that says irreversible = true), before anything runs.
func irreversible(m *config.Module, to, cur uint) error {
	for _, mg := range m.Migrations {
		if mg.Version > to && mg.Version <= cur && mg.DownPath == "" {
			return fmt.Errorf("%w: version %d of %s (%s) has no down file: the module is irreversible there, "+
				"so it cannot be rolled back below %d; roll back to %d or later, or restore from a backup",
				ErrRollback, mg.Version, m.Name, mg.UpPath, mg.Version, mg.Version)
		}
	}
	return nil
}
