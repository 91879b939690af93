package apply

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// Decision is a recorded approve or resume of a wave.
type Decision struct {
	Type     string          `json:"type"` // approval or resume
	Wave     int             `json:"wave"`
	Actor    string          `json:"actor"`
	At       time.Time       `json:"at"`
	Versions map[string]uint `json:"versions,omitempty"` // approval: module → highest version approved
	Servers  []string        `json:"servers"`
}

// Approve records that wave n may take the versions it waits for now
// (per module, the highest its tenants' files ask for), on every server
// of the wave, in the control schema and the audit trail.
func Approve(ctx context.Context, p *config.Project, pools map[string]*pgxpool.Pool, pl *plan.Plan, n int, actor, runID string, at time.Time) (Decision, error) {
	d := Decision{Type: "approval", Wave: n, Actor: actor, At: at, Versions: map[string]uint{}, Servers: waveServers(p, n)}
	if wp := p.Policy.Wave(n); wp == nil || !wp.Approval {
		return d, fmt.Errorf("%w: wave %d has no approval = true in the rollout policy", ErrNoApproval, n)
	}
	for _, t := range pl.AllTenants() {
		for _, w := range t.Waits {
			if t.Wave == n && w.Reason != plan.WaitHalted {
				d.Versions[w.Module] = max(d.Versions[w.Module], w.ToVersion)
			}
		}
	}
	if len(d.Versions) == 0 {
		return d, fmt.Errorf("%w: no tenant of wave %d waits for a version; nothing to approve", ErrNoApproval, n)
	}
	return d, eachPool(ctx, pools, d.Servers, func(pool *pgxpool.Pool) error {
		// Only apply creates or upgrades the control schema, as its plan
		// shows; an approval waits for that.
		if ok, err := state.ControlCurrent(ctx, pool); err != nil || !ok {
			return errors.Join(err, ErrControlNotReady)
		}
		if err := state.AddApproval(ctx, pool, state.Approval{Wave: n, Versions: d.Versions, Actor: actor, At: at}, runID); err != nil {
			return err
		}
		return state.AppendEvent(ctx, pool, state.Event{RunID: runID, Actor: actor, Action: ActionApprove, Outcome: "ok",
			Detail: map[string]any{"wave": n, "versions": d.Versions}})
	})
}

// Resume lifts the halt of wave n on every server of the wave, recorded
// with the actor; it fails when the wave is not halted.
func Resume(ctx context.Context, p *config.Project, pools map[string]*pgxpool.Pool, n int, actor, runID string, at time.Time) (Decision, error) {
	d := Decision{Type: "resume", Wave: n, Actor: actor, At: at, Servers: waveServers(p, n)}
	resumed := false
	err := eachPool(ctx, pools, d.Servers, func(pool *pgxpool.Pool) error {
		// A control schema from before halts existed holds none.
		if ok, err := state.ControlCurrent(ctx, pool); err != nil || !ok {
			return err
		}
		ok, err := state.Resume(ctx, pool, n, actor, "rollout resume", at)
		if err != nil || !ok {
			return err
		}
		resumed = true
		return state.AppendEvent(ctx, pool, state.Event{RunID: runID, Actor: actor, Action: ActionResume, Outcome: "ok",
			Detail: map[string]any{"wave": n, "note": "rollout resume"}})
	})
	if err == nil && !resumed {
		err = fmt.Errorf("%w: wave %d is not halted; nothing to resume", ErrNotHalted, n)
	}
	return d, err
}

// waveServers lists the servers the tenants of wave n live on.
func waveServers(p *config.Project, n int) []string {
	var in []string
	for _, t := range p.Tenants {
		if t.Wave == n {
			in = append(in, t.Database)
		}
	}
	return sortedSet(in)
}

func eachPool(ctx context.Context, pools map[string]*pgxpool.Pool, names []string, fn func(*pgxpool.Pool) error) error {
	if len(names) == 0 {
		return fmt.Errorf("%w: no tenant is in that wave", ErrNoApproval)
	}
	for _, name := range names {
		pool := pools[name]
		if pool == nil {
			return fmt.Errorf("server %q: not connected", name)
		}
		if err := fn(pool); err != nil {
			return fmt.Errorf("server %q: %w", name, err)
		}
	}
	return ctx.Err()
}
