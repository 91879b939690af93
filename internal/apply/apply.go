// Package apply executes a plan: wave by wave, the reference tenant first,
// the tenants of a wave in parallel up to a limit, each under its own
// advisory lock. It never prints: progress goes to an Observer, the audit
// trail to the control schema, and the outcome is returned as a Result.
package apply

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/state"
)

// Executor holds what an apply needs besides the plan.
type Executor struct {
	Project     *config.Project
	Pools       map[string]*pgxpool.Pool // by server name
	Parallelism int
	StopOnError bool // --on-error stop: start no more tenants of a failing wave
	LockTimeout time.Duration
	// Locks bounds how long migration files wait for busy tables
	// (migration_lock_timeout, migration_lock_retries).
	Locks    migrator.LockPolicy
	Actor    string
	RunID    string
	Observer Observer
	Logger   *slog.Logger
	// PostgresBin is where pg_dump is looked for first (moves read a
	// schema's structure with it).
	PostgresBin string
	// Clock is rollout's time source for the policy's soak times; nil is
	// time.Now. Tests move it days ahead instead of waiting.
	Clock func() time.Time
}

func (e *Executor) now() time.Time {
	if e.Clock == nil {
		return time.Now()
	}
	return e.Clock()
}

// Result is the outcome of an apply.
type Result struct {
	RunID   string
	Tenants []TenantResult
	// Waiting is what the rollout policy holds back for a later run.
	Waiting []TenantWait
	// Halted are the waves this run halted, or found halted.
	Halted []WaveHalt
}

// TenantWait is one version a tenant waits for.
type TenantWait struct {
	Tenant string `json:"tenant"`
	plan.Wait
}

// WaveHalt is a wave stopped by its failure limit or a failing health probe.
type WaveHalt struct {
	Wave   int    `json:"wave"`
	Reason string `json:"reason"`
	// Paused: a health probe failed; the next run tries again by itself.
	// Otherwise the wave stays halted until resumed or fixed.
	Paused bool `json:"paused,omitempty"`
}

// Changed reports whether the run changed any tenant.
func (r Result) Changed() bool {
	for _, t := range r.Tenants {
		if len(t.Services) > 0 || t.Created {
			return true
		}
	}
	return false
}

// Failed reports whether any tenant failed or was skipped for a failure.
func (r Result) Failed() bool {
	for _, t := range r.Tenants {
		if t.Outcome != "ok" && t.Outcome != "waiting" {
			return true
		}
	}
	return false
}

// TenantResult is one tenant's outcome.
type TenantResult struct {
	Tenant   string
	Wave     int
	Outcome  string // ok, failed, skipped, waiting (its wave paused on a health probe)
	Err      error
	Services []ServiceResult
	Took     time.Duration
	Moved    string // "from central to south" when the tenant changed servers
	Created  bool   // its schema was created
}

// ServiceResult is one service's outcome within a tenant.
type ServiceResult struct {
	Module  string        `json:"module"`
	From    uint          `json:"from_version"`
	To      uint          `json:"to_version"` // the version it is at now
	Target  uint          `json:"target_version"`
	Enabled bool          `json:"enabled"` // on or off now
	Outcome string        `json:"outcome"`
	Took    time.Duration `json:"took_ns"`
	// SettingsChanged names the settings written (a secret by its name only).
	SettingsChanged []string `json:"settings_changed,omitempty"`
}

// Apply runs the plan. It returns an error only when nothing could start
// (a server cannot be prepared); tenant failures are in the Result.
func (e *Executor) Apply(ctx context.Context, p *plan.Plan) (Result, error) {
	res := Result{RunID: e.RunID}
	if err := e.prepare(ctx, p); err != nil {
		return res, err
	}
	failed, paused := false, ""
	for _, w := range p.Waves {
		switch {
		case ctx.Err() != nil:
			res.Tenants = append(res.Tenants, e.cancelWave(ctx, w)...)
			continue
		case failed:
			res.Tenants = append(res.Tenants, e.skipWave(ctx, w, "an earlier wave failed")...)
			continue
		case paused != "":
			res.Tenants = append(res.Tenants, e.holdWave(w, paused)...)
			continue
		}
		e.emit(Event{Wave: w.Number, Action: ActionWave, Outcome: "started", Detail: waveLabel(w)})
		res.Waiting = append(res.Waiting, e.waits(w)...)
		results, halt := e.runWave(ctx, w)
		res.Tenants = append(res.Tenants, results...)
		if halt != nil {
			res.Halted = append(res.Halted, *halt)
		}
		outcome := "ok"
		for _, r := range results {
			switch r.Outcome {
			case "ok":
			case "waiting":
				paused, outcome = fmt.Sprintf("wave %d is paused", w.Number), "waiting"
			default:
				failed = true
			}
		}
		if failed {
			outcome = "failed"
		}
		e.emit(Event{Wave: w.Number, Action: ActionWave, Outcome: outcome, Detail: waveLabel(w)})
	}
	e.finish(ctx, p, res)
	return res, nil
}

// waits reports what the policy holds back in a wave, one event each.
func (e *Executor) waits(w plan.Wave) []TenantWait {
	var out []TenantWait
	for _, t := range w.Tenants {
		for _, wt := range t.Waits {
			e.emit(Event{Wave: w.Number, Tenant: t.Name, Module: wt.Module, Action: ActionWait, Outcome: "waiting",
				From: uptr(wt.FromVersion), To: uptr(wt.ToVersion), Detail: wt.Message, Reason: wt.Reason, Until: wt.Until})
			out = append(out, TenantWait{Tenant: t.Name, Wait: wt})
		}
	}
	return out
}

func waveLabel(w plan.Wave) string {
	if w.Reference {
		return fmt.Sprintf("reference tenant %s", w.Tenants[0].Name)
	}
	return fmt.Sprintf("wave %d (%s)", w.Number, plural.Count(len(w.Tenants), "tenant"))
}

// prepare makes each server's planned changes outside tenant schemas
// (control schema, extensions, roles, grants, public), and opens the run
// in the audit trail.
func (e *Executor) prepare(ctx context.Context, p *plan.Plan) error {
	servers := map[string]bool{}
	for _, t := range p.AllTenants() {
		servers[t.Database] = true
		if t.Move != nil {
			// The source's control schema records its side of the move.
			servers[t.Move.From] = true
		}
	}
	for _, server := range sortedKeys(servers) {
		// A move's source has no section: it changes nothing there but
		// its own control schema's records.
		if p.Server(server) == nil {
			if err := state.Ensure(ctx, e.Pools[server]); err != nil {
				return fmt.Errorf("server %q: %w", server, err)
			}
		} else if err := e.prepareServer(ctx, p, server); err != nil {
			return fmt.Errorf("server %q: %w", server, err)
		}
		e.record(ctx, server, state.Event{Action: ActionRun, Outcome: "started",
			Detail: map[string]any{"plan_digest": p.Digest, "tenants": len(p.AllTenants())}})
	}
	return nil
}

func (e *Executor) finish(ctx context.Context, p *plan.Plan, res Result) {
	servers := map[string]bool{}
	for _, t := range p.AllTenants() {
		servers[t.Database] = true
	}
	outcome := "ok"
	if res.Failed() {
		outcome = "failed"
	}
	for server := range servers {
		e.record(ctx, server, state.Event{Action: ActionRun, Outcome: outcome})
	}
	e.emit(Event{Action: ActionRun, Outcome: outcome})
}

// ConnsPerTenant: a running tenant holds its lock connection and its
// migration connection, and briefly a third to record events.
const ConnsPerTenant = 3

// limit is Parallelism, lowered to what the server's pool can serve: more
// tenants than connections would wait on each other forever.
func (e *Executor) limit(server string) int {
	n := max(1, e.Parallelism)
	if pool := e.Pools[server]; pool != nil {
		n = min(n, max(1, int(pool.Config().MaxConns)/ConnsPerTenant))
	}
	return n
}

func (e *Executor) skipWave(ctx context.Context, w plan.Wave, why string) []TenantResult {
	var out []TenantResult
	for _, t := range w.Tenants {
		out = append(out, e.skip(ctx, w.Number, t, why))
	}
	return out
}

// holdWave: a wave after a paused one waits for the next run.
func (e *Executor) holdWave(w plan.Wave, why string) []TenantResult {
	var out []TenantResult
	for _, t := range w.Tenants {
		e.emit(Event{Wave: w.Number, Tenant: t.Name, Action: ActionTenant, Outcome: "waiting", Detail: why})
		out = append(out, TenantResult{Tenant: t.Name, Wave: w.Number, Outcome: "waiting", Err: errors.New(why)})
	}
	return out
}

// cancelWave: after Ctrl-C, the tenants that never started are cancelled,
// not failed: nothing ran for them.
func (e *Executor) cancelWave(ctx context.Context, w plan.Wave) []TenantResult {
	var out []TenantResult
	for _, t := range w.Tenants {
		out = append(out, e.cancel(ctx, w.Number, t))
	}
	return out
}

func (e *Executor) cancel(ctx context.Context, wave int, t plan.Tenant) TenantResult {
	const why = "interrupted before it started; nothing ran"
	e.emit(Event{Wave: wave, Tenant: t.Name, Action: ActionTenant, Outcome: OutcomeCancelled, Detail: why})
	e.record(context.WithoutCancel(ctx), t.Database, state.Event{Tenant: t.Name, Action: ActionTenant, Outcome: OutcomeCancelled, Error: why})
	return TenantResult{Tenant: t.Name, Wave: wave, Outcome: OutcomeCancelled, Err: fmt.Errorf("%w: %s", ErrCancelled, why)}
}

func (e *Executor) skip(ctx context.Context, wave int, t plan.Tenant, why string) TenantResult {
	e.emit(Event{Wave: wave, Tenant: t.Name, Action: ActionTenant, Outcome: "skipped", Detail: why})
	e.record(ctx, t.Database, state.Event{Tenant: t.Name, Action: ActionTenant, Outcome: "skipped", Error: why})
	return TenantResult{Tenant: t.Name, Wave: wave, Outcome: "skipped", Err: fmt.Errorf("%w: %s", ErrSkipped, why)}
}

func (e *Executor) emit(ev Event) {
	if e.Observer == nil {
		return
	}
	ev.Time = time.Now()
	ev.RunID = e.RunID
	e.Observer.Observe(ev)
}

// record appends to the audit trail. A failure to record is logged, not
// fatal: the change itself is already committed with its own record.
func (e *Executor) record(ctx context.Context, server string, ev state.Event) {
	ev.RunID, ev.Actor = e.RunID, e.Actor
	if err := state.AppendEvent(context.WithoutCancel(ctx), e.Pools[server], ev); err != nil && e.Logger != nil {
		e.Logger.Warn("could not record event", "action", ev.Action, "tenant", ev.Tenant, "err", err)
	}
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }

// debug logs at debug level when the executor has a logger.
func (e *Executor) debug(msg string, args ...any) {
	if e.Logger != nil {
		e.Logger.Debug(msg, args...)
	}
}
