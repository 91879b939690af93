// Package apply executes a plan: wave by wave, the reference tenant first,
// the tenants of a wave in parallel up to a limit, each under its own
// advisory lock. It never prints: progress goes to an Observer, the audit
// trail to the control schema, and the outcome is returned as a Result.
package apply

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// Executor holds what an apply needs besides the plan.
type Executor struct {
	Project     *config.Project
	Pools       map[string]*pgxpool.Pool // by server name
	Parallelism int
	StopOnError bool // --on-error stop: start no more tenants of a failing wave
	LockTimeout time.Duration
	Actor       string
	RunID       string
	Observer    Observer
	Logger      *slog.Logger
	// PostgresBin is where pg_dump is looked for first (moves read a
	// schema's structure with it).
	PostgresBin string
}

// Result is the outcome of an apply.
type Result struct {
	RunID   string
	Tenants []TenantResult
}

// Failed reports whether any tenant failed or was skipped for a failure.
func (r Result) Failed() bool {
	for _, t := range r.Tenants {
		if t.Outcome != "ok" {
			return true
		}
	}
	return false
}

// TenantResult is one tenant's outcome.
type TenantResult struct {
	Tenant   string
	Wave     int
	Outcome  string // ok, failed, skipped
	Err      error
	Services []ServiceResult
	Took     time.Duration
	Moved    string // "from central to south" when the tenant changed servers
}

// ServiceResult is one service's outcome within a tenant.
type ServiceResult struct {
	Module  string        `json:"module"`
	From    uint          `json:"from_version"`
	To      uint          `json:"to_version"`
	Enabled bool          `json:"enabled"`
	Outcome string        `json:"outcome"`
	Took    time.Duration `json:"took_ns"`
}

// Apply runs the plan. It returns an error only when nothing could start
// (a server cannot be prepared); tenant failures are in the Result.
func (e *Executor) Apply(ctx context.Context, p *plan.Plan) (Result, error) {
	res := Result{RunID: e.RunID}
	if err := e.prepare(ctx, p); err != nil {
		return res, err
	}
	failed := false
	for _, w := range p.Waves {
		if failed {
			res.Tenants = append(res.Tenants, e.skipWave(ctx, w, "an earlier wave failed")...)
			continue
		}
		e.emit(Event{Wave: w.Number, Action: ActionWave, Outcome: "started", Detail: waveLabel(w)})
		results := e.runWave(ctx, w)
		res.Tenants = append(res.Tenants, results...)
		for _, r := range results {
			failed = failed || r.Outcome != "ok"
		}
		outcome := "ok"
		if failed {
			outcome = "failed"
		}
		e.emit(Event{Wave: w.Number, Action: ActionWave, Outcome: outcome, Detail: waveLabel(w)})
	}
	e.finish(ctx, p, res)
	return res, nil
}

func waveLabel(w plan.Wave) string {
	if w.Reference {
		return fmt.Sprintf("reference tenant %s", w.Tenants[0].Name)
	}
	return fmt.Sprintf("wave %d (%d tenants)", w.Number, len(w.Tenants))
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

// runWave runs a wave's tenants in parallel: on each server at most its
// limit at once, servers side by side, each with its own pool.
func (e *Executor) runWave(ctx context.Context, w plan.Wave) []TenantResult {
	results := make([]TenantResult, len(w.Tenants))
	sems := map[string]chan struct{}{}
	for _, t := range w.Tenants {
		if sems[t.Database] == nil {
			sems[t.Database] = make(chan struct{}, e.limit(t.Database))
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	stop := false
	for i := range w.Tenants {
		t := w.Tenants[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem := sems[t.Database]
			sem <- struct{}{}
			defer func() { <-sem }()
			mu.Lock()
			halted := stop
			mu.Unlock()
			if halted {
				results[i] = e.skip(ctx, w.Number, t, "another tenant of this wave failed (--on-error stop)")
				return
			}
			results[i] = e.runTenant(ctx, w.Number, t)
			if results[i].Outcome != "ok" && e.StopOnError {
				mu.Lock()
				stop = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return results
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
