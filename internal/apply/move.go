package apply

import (
	"context"
	"fmt"

	"github.com/jo-water/rollout/internal/move"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/state"
)

// move carries a tenant to the server its file names, under its lock on
// both servers (target first, as every mover takes them), then runs its
// checks there; or gives writes back when a move was called off.
func (r *tenantRun) move(ctx context.Context) error {
	mv := r.t.Move
	if mv.Step == plan.MoveThaw {
		if err := move.Thaw(ctx, r.pool, r.t, r.e.RunID, r.e.Actor); err != nil {
			return err
		}
		r.emit(Event{Action: ActionMove, Outcome: "ok", Detail: "move to " + mv.To + " called off: writes given back", Progress: true})
		return nil
	}
	src := r.e.Pools[mv.From]
	if src == nil {
		return fmt.Errorf("move from server %q: that server is not connected", mv.From)
	}
	lk, err := lock(ctx, src, r.t.Name, r.e.LockTimeout, func(h string) {
		r.emit(Event{Action: ActionLock, Outcome: "waiting", Detail: "waiting on server " + mv.From + " for " + h})
	})
	if err != nil {
		return fmt.Errorf("server %q: %w", mv.From, err)
	}
	defer lk.release()
	m := &move.Mover{Project: r.e.Project, Source: src, Target: r.pool, From: mv.From, To: mv.To, PostgresBin: r.e.PostgresBin,
		RunID: r.e.RunID, Actor: r.e.Actor, Logger: r.e.Logger,
		Step: func(s string) { r.emit(Event{Action: ActionMove, Outcome: "running", Detail: s}) }}
	res, err := m.Run(ctx, r.t)
	if err != nil {
		r.record(ctx, state.Event{Action: ActionMove, Outcome: "failed", Error: err.Error(), Detail: map[string]any{"from": mv.From, "to": mv.To}})
		return fmt.Errorf("move from server %q to %q: %w", mv.From, mv.To, err)
	}
	detail := fmt.Sprintf("from %s to %s: %s, %s; the source copy is parked as %s until rollout move --finalize",
		mv.From, mv.To, plural.Count(res.Tables, "table"), plural.Count(int(res.Rows), "row"), res.Parked)
	r.emit(Event{Action: ActionMove, Outcome: "ok", Detail: detail, Progress: true})
	r.res.Moved = fmt.Sprintf("from %s to %s", mv.From, mv.To)
	if res.Owner == "" || !hasChecks(r.t) {
		return nil
	}
	// The checks run on the target, as the tenant's owner there.
	r.t.OwnerRole, r.t.AppRole = res.Owner, res.App
	if r.sess, err = r.e.openSession(ctx, r.pool, r.t.Name, r.t.Schema, r.t.OwnerRole); err != nil {
		return err
	}
	defer func() { r.sess.Close(); r.sess = nil }()
	return r.checks(ctx)
}

func hasChecks(t plan.Tenant) bool {
	for _, s := range t.Services {
		if len(s.Checks) > 0 {
			return true
		}
	}
	return false
}
