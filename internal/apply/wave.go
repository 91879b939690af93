package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/sqlfile"
	"github.com/jo-water/rollout/internal/state"
)

// waveRun is one wave's execution under its policy: batches, the failure
// limit, health probes between batches.
type waveRun struct {
	e        *Executor
	w        plan.Wave
	policy   *config.WavePolicy // nil: no policy, today's behaviour
	limit    int                // failures tolerated; -1: no limit
	batched  bool
	mu       sync.Mutex
	failures int
	failed   []string
	stop     string // why no more tenants start
	halted   bool   // recorded as halted in this run
	paused   bool   // a health probe failed: the rest waits for the next run
}

// runWave runs a wave's tenants: without a policy all at once (up to the
// parallelism, per server); with batch, a batch at a time with the health
// probes between batches. More failures than max_failures halt the wave,
// and it stays halted across runs.
func (e *Executor) runWave(ctx context.Context, w plan.Wave) ([]TenantResult, *WaveHalt) {
	wr := &waveRun{e: e, w: w, policy: e.Project.Policy.Wave(w.Number), limit: -1}
	var idle, active []plan.Tenant
	for _, t := range w.Tenants {
		if t.Changes() || t.Verify {
			active = append(active, t)
		} else {
			idle = append(idle, t)
		}
	}
	if wr.policy == nil {
		idle, active = nil, w.Tenants // today's behaviour: one group, in plan order
	}
	// Amounts are of the whole wave, as the policy file says.
	wr.limit = wr.policy.FailureLimit(len(w.Tenants))
	size := max(1, len(active))
	if wr.policy != nil && !wr.policy.Batch.IsZero() {
		wr.batched, size = true, max(1, wr.policy.Batch.Of(len(w.Tenants)))
	}
	results := wr.group(ctx, idle)
	var halt *WaveHalt
	for i := 0; i < len(active); i += size {
		batch := active[i:min(i+size, len(active))]
		if wr.stop == "" && i > 0 {
			if why := wr.probe(ctx, active); why != "" {
				wr.stop, wr.paused = "paused: "+why+"; the next apply tries again", true
				halt = &WaveHalt{Wave: w.Number, Reason: why, Paused: true}
			}
		}
		if wr.batched && wr.stop == "" {
			e.emit(Event{Wave: w.Number, Action: ActionBatch, Outcome: "started",
				Detail: fmt.Sprintf("batch %d of %d: %s", i/size+1, (len(active)+size-1)/size, plural.Count(len(batch), "tenant"))})
		}
		results = append(results, wr.group(ctx, batch)...)
		if h := wr.halt(ctx); h != nil {
			halt = h
		}
	}
	if h := wr.settleHalt(ctx, results); h != nil {
		halt = h
	}
	return results, halt
}

// group runs tenants in parallel: on each server at most its limit at
// once, started in plan order, servers side by side. Without batches, a
// wave over its failure limit (or --on-error stop) starts no more tenants.
func (wr *waveRun) group(ctx context.Context, tenants []plan.Tenant) []TenantResult {
	e := wr.e
	results := make([]TenantResult, len(tenants))
	byServer := map[string][]int{}
	for i, t := range tenants {
		byServer[t.Database] = append(byServer[t.Database], i)
	}
	var wg sync.WaitGroup
	for server, idx := range byServer {
		wg.Add(1)
		go func() { // one dispatcher per server: its tenants start in order
			defer wg.Done()
			sem := make(chan struct{}, e.limit(server))
			var running sync.WaitGroup
			for _, i := range idx {
				sem <- struct{}{}
				running.Add(1)
				go func() {
					defer running.Done()
					defer func() { <-sem }()
					results[i] = wr.start(ctx, tenants[i])
				}()
			}
			running.Wait()
		}()
	}
	wg.Wait()
	return results
}

// start runs one tenant unless the wave stopped.
func (wr *waveRun) start(ctx context.Context, t plan.Tenant) TenantResult {
	wr.mu.Lock()
	why := wr.stop
	wr.mu.Unlock()
	switch {
	case ctx.Err() != nil: // Ctrl-C: nothing ran for it
		return wr.e.cancel(ctx, wr.w.Number, t)
	case why != "" && wr.paused:
		wr.e.emit(Event{Wave: wr.w.Number, Tenant: t.Name, Action: ActionTenant, Outcome: "waiting", Detail: why})
		return TenantResult{Tenant: t.Name, Wave: wr.w.Number, Outcome: "waiting", Err: errors.New(why)}
	case why != "":
		return wr.e.skip(ctx, wr.w.Number, t, why)
	}
	res := wr.e.runTenant(ctx, wr.w.Number, t)
	if res.Outcome != "ok" {
		wr.fail(t.Name)
	}
	return res
}

// fail counts a failed tenant, and stops the wave when --on-error stop
// says so, or (without batches: a batch always runs whole) when the wave
// is over its failure limit.
func (wr *waveRun) fail(tenant string) {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	wr.failures++
	wr.failed = append(wr.failed, tenant)
	switch {
	case wr.e.StopOnError:
		wr.stop = "another tenant of this wave failed (--on-error stop)"
	case !wr.batched && wr.over():
		wr.stop = fmt.Sprintf("wave %d halted: %s; fix it, then rollout resume --wave %d", wr.w.Number, wr.reason(), wr.w.Number)
	}
}

func (wr *waveRun) over() bool { return wr.limit >= 0 && wr.failures > wr.limit }

func (wr *waveRun) reason() string {
	limit := fmt.Sprintf("max_failures %d", wr.limit)
	if wr.policy != nil && wr.policy.MaxFailures == nil {
		limit = "max_failures 0 (the default with batch)"
	}
	return fmt.Sprintf("%s failed (%s), more than %s", plural.Count(wr.failures, "tenant"), joinNames(wr.failed), limit)
}

func joinNames(names []string) string { return strings.Join(slices.Sorted(slices.Values(names)), ", ") }

// halt records the wave as halted once it is over its failure limit: on
// every server of the wave, so that every later run sees it.
func (wr *waveRun) halt(ctx context.Context) *WaveHalt {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	if !wr.over() || wr.halted {
		return nil
	}
	wr.halted = true
	reason := wr.reason()
	if wr.stop == "" || wr.batched {
		wr.stop = fmt.Sprintf("wave %d halted: %s; fix it, then rollout resume --wave %d", wr.w.Number, reason, wr.w.Number)
	}
	e := wr.e
	for _, server := range servers(wr.w.Tenants) {
		if err := state.AddHalt(ctx, e.Pools[server], state.Halt{Wave: wr.w.Number, Reason: reason, Tenants: wr.failed,
			At: e.now(), RunID: e.RunID}); err != nil && e.Logger != nil {
			e.Logger.Warn("could not record the halt", "wave", wr.w.Number, "server", server, "err", err)
		}
		e.record(ctx, server, state.Event{Action: ActionHalt, Outcome: "failed", Error: reason,
			Detail: map[string]any{"wave": wr.w.Number, "failed_tenants": wr.failed}})
	}
	e.emit(Event{Wave: wr.w.Number, Action: ActionHalt, Outcome: "failed", Error: reason,
		Detail: fmt.Sprintf("wave %d halted; rollout resume --wave %d once fixed", wr.w.Number, wr.w.Number)})
	return &WaveHalt{Wave: wr.w.Number, Reason: reason}
}

// settleHalt ends a halt found at the start of the run when the tenants
// that failed succeeded this time: they were fixed.
func (wr *waveRun) settleHalt(ctx context.Context, results []TenantResult) *WaveHalt {
	h := wr.w.Halt
	if h == nil || wr.failures > 0 {
		if h != nil {
			return &WaveHalt{Wave: wr.w.Number, Reason: h.Reason}
		}
		return nil
	}
	for _, name := range h.Tenants {
		if !slices.ContainsFunc(results, func(r TenantResult) bool { return r.Tenant == name && r.Outcome == "ok" }) {
			return &WaveHalt{Wave: wr.w.Number, Reason: h.Reason}
		}
	}
	note := "its failed tenants succeeded: " + joinNames(h.Tenants)
	e := wr.e
	for _, server := range servers(wr.w.Tenants) {
		if _, err := state.Resume(ctx, e.Pools[server], wr.w.Number, e.Actor, note, e.now()); err != nil && e.Logger != nil {
			e.Logger.Warn("could not lift the halt", "wave", wr.w.Number, "server", server, "err", err)
		}
		e.record(ctx, server, state.Event{Action: ActionResume, Outcome: "ok", Detail: map[string]any{"wave": wr.w.Number, "note": note}})
	}
	e.emit(Event{Wave: wr.w.Number, Action: ActionResume, Outcome: "ok", Detail: fmt.Sprintf("wave %d resumed: %s", wr.w.Number, note)})
	return nil
}

// probe runs the wave's health probes on every server of the wave, as the
// connecting role in a read-only transaction; it says why the wave must
// pause, or "".
func (wr *waveRun) probe(ctx context.Context, tenants []plan.Tenant) string {
	if wr.policy == nil {
		return ""
	}
	e := wr.e
	for _, server := range servers(tenants) {
		for _, p := range wr.policy.Health {
			err := runProbe(ctx, e, server, p)
			ev := Event{Wave: wr.w.Number, Action: ActionHealth, Outcome: "ok", Detail: fmt.Sprintf("%s on server %q", p.Name, server)}
			if err == nil {
				e.emit(ev)
				continue
			}
			why := fmt.Sprintf("health probe %q on server %q: %v", p.Name, server, err)
			ev.Outcome, ev.Error = "failed", err.Error()
			e.emit(ev)
			e.record(ctx, server, state.Event{Action: ActionHealth, Outcome: "failed", Error: why,
				Detail: map[string]any{"wave": wr.w.Number, "probe": p.Name}})
			return why
		}
	}
	return ""
}

// runProbe runs one probe. Its SQL was read at load to reach only the
// system catalog (sqlfile.CheckProbe); it is read again here, and runs
// with search_path pg_catalog, so that no name can resolve to a tenant's
// object while the connecting role runs it.
func runProbe(ctx context.Context, e *Executor, server string, p *config.Probe) error {
	if err := sqlfile.CheckProbe(p.SQL); err != nil {
		return fmt.Errorf("%w: %v", ErrUnhealthy, err)
	}
	var ok bool
	err := pgx.BeginTxFunc(ctx, e.Pools[server], pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = '30s'; SET LOCAL search_path = pg_catalog, pg_temp"); err != nil {
			return err
		}
		return tx.QueryRow(ctx, p.SQL).Scan(&ok)
	})
	switch {
	case err != nil:
		return fmt.Errorf("%w: %v", ErrUnhealthy, err)
	case !ok:
		return fmt.Errorf("%w: returned false", ErrUnhealthy)
	}
	return nil
}

// servers lists the servers of some tenants, sorted.
func servers(tenants []plan.Tenant) []string {
	in := make([]string, len(tenants))
	for i, t := range tenants {
		in[i] = t.Database
	}
	return sortedSet(in)
}

// sortedSet lists the distinct names, sorted.
func sortedSet(names []string) []string {
	out := slices.Clone(names)
	slices.Sort(out)
	return slices.Compact(out)
}
