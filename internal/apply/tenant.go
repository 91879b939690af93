package apply

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/tenantdb"
)

// tenantRun is one tenant's execution.
type tenantRun struct {
	e    *Executor
	pool *pgxpool.Pool     // the connecting (admin) role: control schema only
	sess *tenantdb.Session // the tenant's owner role: everything in its schema
	wave int
	t    plan.Tenant
	res  TenantResult
	// events are buffered and written together when the tenant ends: one
	// statement instead of one per step. A migration file's event, and
	// what decides convergence after a crash (its records), commit with
	// the file itself.
	events []state.Event
}

func (e *Executor) runTenant(ctx context.Context, wave int, planned plan.Tenant) TenantResult {
	r := &tenantRun{e: e, pool: e.Pools[planned.Database], wave: wave, t: planned,
		res: TenantResult{Tenant: planned.Name, Wave: wave, Outcome: "ok"}}
	start := time.Now()
	err := r.run(ctx)
	r.res.Took = time.Since(start)
	defer r.flush(ctx)
	if err != nil {
		err = fmt.Errorf("server %q: %w", r.t.Database, err)
		r.res.Outcome, r.res.Err = "failed", err
		r.emit(Event{Action: ActionTenant, Outcome: "failed", Error: err.Error(), Took: r.res.Took})
		r.record(ctx, state.Event{Action: ActionTenant, Outcome: "failed", Error: err.Error()})
		return r.res
	}
	r.emit(Event{Action: ActionTenant, Outcome: "ok", Took: r.res.Took})
	r.record(ctx, state.Event{Action: ActionTenant, Outcome: "ok"})
	return r.res
}

// flush writes the tenant's buffered events. A failure to record is
// logged, not fatal: the changes themselves are committed with their own
// records.
func (r *tenantRun) flush(ctx context.Context) {
	err := state.AppendEvents(context.WithoutCancel(ctx), r.pool, r.events)
	if err != nil && r.e.Logger != nil {
		r.e.Logger.Warn("could not record events", "tenant", r.t.Name, "err", err)
	}
	r.events = nil
}

func (r *tenantRun) emit(ev Event) {
	ev.Wave, ev.Tenant = r.wave, r.t.Name
	r.e.emit(ev)
}

func (r *tenantRun) record(_ context.Context, ev state.Event) {
	ev.Tenant, ev.RunID, ev.Actor = r.t.Name, r.e.RunID, r.e.Actor
	r.events = append(r.events, ev)
}

func (r *tenantRun) run(ctx context.Context) error {
	r.emit(Event{Action: ActionTenant, Outcome: "started", Steps: r.t.Steps()})
	asked := time.Now()
	lk, err := lock(ctx, r.pool, r.t.Name, r.e.LockTimeout, func(h string) {
		r.emit(Event{Action: ActionLock, Outcome: "waiting", Detail: "waiting for " + h})
	})
	if err != nil {
		return err
	}
	r.e.debug("locked", "tenant", r.t.Name, "server", r.t.Database, "waited", time.Since(asked).Round(time.Millisecond))
	defer func() {
		lk.release()
		r.e.debug("unlocked", "tenant", r.t.Name, "server", r.t.Database)
	}()
	if r.t.Move != nil {
		if err := r.move(ctx); err != nil {
			return err
		}
	}
	// Plan this tenant again under its lock: a run that waited for another
	// finds that work done and does not repeat it.
	snap, err := state.ReadTenant(ctx, r.pool, r.t.Name, r.t.Schema)
	if err != nil {
		return fmt.Errorf("read state: %w", err)
	}
	t, err := plan.Again(r.e.Project, r.t, snap)
	if err != nil {
		return err
	}
	r.t = t
	if !t.Changes() {
		r.emit(Event{Action: ActionTenant, Outcome: "ok", Detail: "nothing to do", Progress: true})
		if !t.Verify {
			return nil
		}
		// A later wave soaks on it: its checks run, and a failing one
		// restarts the soak.
		if r.sess, err = r.e.openSession(ctx, r.pool, t.Name, t.Schema, t.OwnerRole); err != nil {
			return err
		}
		defer r.sess.Close()
		return r.checks(ctx)
	}
	if err := r.provision(ctx); err != nil {
		return err
	}
	if r.sess, err = r.e.openSession(ctx, r.pool, t.Name, t.Schema, t.OwnerRole); err != nil {
		return err
	}
	defer r.sess.Close()
	if _, err := r.sess.Pool.Exec(ctx, provision.TenantServicesSQL(t.Schema, t.AppRole)); err != nil {
		return fmt.Errorf("create %s.tenant_services: %w", t.Schema, err)
	}
	for _, s := range t.Services {
		if !s.Changes() {
			// Held by the rollout policy, or unchanged (only its checks
			// run): nothing is written, reported or recorded for it.
			continue
		}
		if err := r.service(ctx, s); err != nil {
			return err
		}
	}
	if err := r.checks(ctx); err != nil {
		return err
	}
	return state.SetConfigHash(ctx, r.pool, t.Name, t.ConfigHash)
}

func (r *tenantRun) provision(ctx context.Context) error {
	t := r.t
	var own []string
	for _, s := range t.Services {
		if m := r.e.Project.Modules[s.Module]; m != nil && m.OwnSchema && !s.Removed {
			own = append(own, m.ModuleSchema(t.Schema))
		}
	}
	err := provision.Provision(ctx, r.pool, provision.Tenant{Name: t.Name, Schema: t.Schema, Owner: t.OwnerRole, App: t.AppRole,
		Wave: t.Wave, ModuleSchemas: own})
	if err != nil {
		return err
	}
	if t.Create {
		r.res.Created = true
		r.emit(Event{Action: ActionSchema, Outcome: "ok", Detail: t.Schema, Progress: true})
		r.record(ctx, state.Event{Action: ActionSchema, Outcome: "ok", Detail: map[string]any{"schema": t.Schema,
			"owner_role": t.OwnerRole, "app_role": t.AppRole}})
	} else {
		r.emit(Event{Action: ActionSchema, Outcome: "ok", Detail: "exists", Progress: true})
	}
	return nil
}

func (r *tenantRun) service(ctx context.Context, s plan.Service) error {
	start := time.Now()
	if err := r.outOfOrder(ctx, s); err != nil {
		return err
	}
	if len(s.Migrations) > 0 {
		if err := r.migrate(ctx, s); err != nil {
			return err
		}
	}
	if err := r.setService(ctx, s); err != nil {
		return fmt.Errorf("turn %s %s: %w", s.Module, onOff(s.Enabled), err)
	}
	r.res.Services = append(r.res.Services, ServiceResult{Module: s.Module, From: s.FromVersion, To: s.ToVersion, Target: s.ToVersion,
		Enabled: s.Enabled, Outcome: "ok", Took: time.Since(start), SettingsChanged: settingNames(s)})
	return nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func (r *tenantRun) migrate(ctx context.Context, s plan.Service) error {
	m := r.e.Project.Modules[s.Module]
	r.emit(Event{Module: s.Module, Action: ActionMigrate, Outcome: "started", From: uptr(s.FromVersion), To: uptr(s.ToVersion)})
	target := tenantTarget(r.e.Project, r.sess, r.t.Schema, m, r.e.Locks)
	target.Observe = func(from, to int, took time.Duration, err error) { r.observeFile(ctx, m, from, to, took, err) }
	target.Retried = r.retried(ctx, m, target.Locks.Timeout)
	target.Recorded = func(ctx context.Context) (int, error) {
		return state.RecordedVersion(ctx, r.pool, r.t.Name, s.Module)
	}
	target.Recovered = func(dirty, now int) {
		detail := fmt.Sprintf("cleared the dirty flag at version %d: the control schema proves version %d", dirty, max(now, 0))
		r.emit(Event{Module: s.Module, Action: ActionRecover, Outcome: "ok", Detail: detail})
		r.record(ctx, state.Event{Module: s.Module, Action: ActionRecover, Outcome: "ok", Detail: map[string]any{
			"dirty_version": dirty, "version": max(now, 0)}})
	}
	from, now, err := migrator.Migrate(ctx, target, s.ToVersion)
	ev := state.Event{Module: s.Module, Action: ActionMigrate, FromVersion: uptr(from), ToVersion: uptr(now), Outcome: "ok"}
	if err != nil {
		ev.Outcome, ev.Error = "failed", err.Error()
		r.record(ctx, ev)
		// The service stays where the failure left it: at `now`, on or off
		// as it was before.
		r.res.Services = append(r.res.Services, ServiceResult{Module: s.Module, From: from, To: now, Target: s.ToVersion,
			Enabled: s.EnabledBefore, Outcome: "failed"})
		if errors.Is(err, migrator.ErrDirty) {
			return hinted{err, fmt.Sprintf("; check the schema by hand, then run: rollout repair --tenant %s --service %s",
				r.t.Name, s.Module)}
		}
		return fmt.Errorf("migrate %s from %d to %d: %w", s.Module, from, s.ToVersion, err)
	}
	r.record(ctx, ev)
	r.emit(Event{Module: s.Module, Action: ActionMigrate, Outcome: "ok", From: uptr(from), To: uptr(now)})
	return nil
}

// retried reports and records each retry of a file that hit its lock_timeout.
func (r *tenantRun) retried(ctx context.Context, m *config.Module, timeout time.Duration) func(int, int, migrator.Retry) {
	return func(from, to int, rt migrator.Retry) {
		ev, rec := retryEvents(m, from, to, rt, timeout)
		r.emit(ev)
		r.record(ctx, rec)
	}
}

// observeFile reports and records each migration file as it runs.
func (r *tenantRun) observeFile(ctx context.Context, m *config.Module, from, to int, took time.Duration, err error) {
	f, t := uint(max(from, 0)), uint(max(to, 0))
	ev := Event{Module: m.Name, Action: ActionMigration, From: &f, To: &t, Outcome: "ok", Took: took, Progress: true}
	detail := map[string]any{"took_ms": took.Milliseconds()}
	if mg := m.Migration(t); mg != nil && to > from {
		ev.Detail = mg.UpPath
		detail["file"], detail["checksum"] = mg.UpPath, mg.UpSum
	}
	if err == nil {
		// rollout.record_file wrote its event in the file's transaction.
		r.emit(ev)
		return
	}
	ev.Outcome, ev.Error = "failed", err.Error()
	r.emit(ev)
	r.record(ctx, state.Event{Module: m.Name, Action: ActionMigration, FromVersion: &f, ToVersion: &t, Outcome: "failed",
		Error: err.Error(), Detail: detail})
}

// setService records the switch and settings in the tenant's own schema,
// on its session, then in the control schema, as the connecting role. A
// crash between the two leaves the control schema behind: the next plan
// shows the change again and apply writes both.
func (r *tenantRun) setService(ctx context.Context, s plan.Service) error {
	if s.Removed {
		return r.serviceOff(ctx, s.Module)
	}
	public, _ := json.Marshal(s.PublicSettings)
	if _, err := r.sess.Pool.Exec(ctx, provision.TenantServiceSQL(r.t.Schema), s.Module, int64(s.ToVersion), s.Enabled, public); err != nil {
		return err
	}
	if err := state.SetService(ctx, r.pool, r.t.Name, s.Module, s.Enabled, s.StoredJSON()); err != nil {
		return err
	}
	detail := onOff(s.Enabled)
	if len(s.SettingChanges) > 0 {
		detail += ", " + plural.Count(len(s.SettingChanges), "setting") + " changed"
	}
	r.emit(Event{Module: s.Module, Action: ActionService, Outcome: "ok", Detail: detail, To: uptr(s.ToVersion), Progress: true})
	names, sensitive := settingNames(s), []string{}
	for _, c := range s.SettingChanges {
		if c.Sensitive {
			sensitive = append(sensitive, c.Name)
		}
	}
	if names == nil {
		names = []string{}
	}
	r.record(ctx, state.Event{Module: s.Module, Action: ActionService, Outcome: "ok", ToVersion: uptr(s.ToVersion),
		Detail: map[string]any{"enabled": s.Enabled, "was_enabled": s.EnabledBefore, "settings_changed": names, "sensitive_changed": sensitive}})
	return nil
}

// settingNames names the settings a service changes (never their values).
func settingNames(s plan.Service) []string {
	var names []string
	for _, c := range s.SettingChanges {
		names = append(names, c.Name)
	}
	return names
}

// outOfOrder applies files older than the service's version that never
// ran (the module allows it), each with its record, before moving on.
func (r *tenantRun) outOfOrder(ctx context.Context, s plan.Service) error {
	m := r.e.Project.Modules[s.Module]
	for _, late := range s.OutOfOrder {
		mg := m.Migration(late.Version)
		tg := tenantTarget(r.e.Project, r.sess, r.t.Schema, m, r.e.Locks)
		tg.Retried = r.retried(ctx, m, tg.Locks.Timeout)
		start := time.Now()
		err := migrator.RunOutOfOrder(ctx, tg, mg, state.RecordFileSQL(s.Module, -1, int(mg.Version), mg.Name, mg.UpSum,
			map[string]any{"file": mg.UpPath, "checksum": mg.UpSum, "out_of_order": true}, true))
		ev := Event{Module: s.Module, Action: ActionMigration, To: uptr(mg.Version), Outcome: "ok", Detail: mg.UpPath + " (out of order)",
			Took: time.Since(start), Progress: true}
		if err != nil {
			ev.Outcome, ev.Error = "failed", err.Error()
			r.record(ctx, state.Event{Module: s.Module, Action: ActionMigration, ToVersion: uptr(mg.Version), Outcome: "failed",
				Error: err.Error(), Detail: map[string]any{"file": mg.UpPath, "checksum": mg.UpSum, "out_of_order": true}})
		}
		r.emit(ev)
		if err != nil {
			return err
		}
	}
	return nil
}

// serviceOff turns a service off in the tenant's schema (on its session)
// and in the control schema; its data and settings stay.
func (r *tenantRun) serviceOff(ctx context.Context, module string) error {
	return serviceOff(ctx, r.sess, r.pool, r.t.Name, r.t.Schema, module)
}

func serviceOff(ctx context.Context, sess *tenantdb.Session, admin state.Execer, tenant, schema, module string) error {
	if _, err := sess.Pool.Exec(ctx, provision.TenantServiceOffSQL(schema), module); err != nil {
		return err
	}
	return state.DisableService(ctx, admin, tenant, module)
}

// hinted adds a hint to the first line of an error, which is what tables
// show (the lines after it carry the SQL error's statement).
type hinted struct {
	err  error
	hint string
}

func (h hinted) Error() string {
	first, rest, more := strings.Cut(h.err.Error(), "\n")
	if more {
		return first + h.hint + "\n" + rest
	}
	return first + h.hint
}

func (h hinted) Unwrap() error { return h.err }
