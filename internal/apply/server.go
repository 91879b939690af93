package apply

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// prepareServer makes the plan's changes outside tenant schemas on one
// server, and nothing else: it computes what is needed again (under the
// server's provisioning lock, so two applies do not race) and refuses
// anything the plan did not show. A planned change that another rollout
// already made is skipped; one that someone else made is refused.
func (e *Executor) prepareServer(ctx context.Context, p *plan.Plan, name string) error {
	pool := e.Pools[name]
	needs := plan.NeedsOf(p, name)
	planned := p.Server(name)
	ss, err := state.ReadServer(ctx, pool)
	if err != nil {
		return err
	}
	if err := covered(planned, plan.ServerChanges(ss, needs)); err != nil {
		return err
	}
	if ss.ControlVersion < state.ControlLatest() {
		if err := state.Ensure(ctx, pool); err != nil {
			return err
		}
		e.emit(Event{Server: name, Action: ActionServer, Outcome: "ok", Detail: "control schema rollout ready"})
	}
	var done []plan.ServerChange
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(provision.Lock)); err != nil {
			return err
		}
		ss, err := state.ReadServer(ctx, tx)
		if err != nil {
			return err
		}
		now := plan.ServerChanges(ss, needs)
		if err := covered(planned, now); err != nil {
			return err
		}
		if err := madeByRollout(planned, now, ss); err != nil {
			return err
		}
		done, err = e.runServerChanges(ctx, tx, ss, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("change server %q outside tenant schemas: %w", name, err)
	}
	for _, c := range done {
		e.emit(Event{Server: name, Action: ActionServer, Outcome: "ok", Detail: Describe(c)})
		e.record(ctx, name, state.Event{Action: ActionServer, Outcome: "ok", Detail: map[string]any{
			"kind": c.Kind, "action": c.Action, "name": c.Name, "detail": c.Detail, "sql": c.SQL}})
	}
	return nil
}

// Describe is a change in a few words: "create role karak_owner".
func Describe(c plan.ServerChange) string {
	s := c.Action + " " + strings.ReplaceAll(c.Kind, "_", " ") + " " + c.Name
	if c.Detail != "" {
		s += " (" + c.Detail + ")"
	}
	return s
}

// covered refuses changes the plan did not show.
func covered(planned *plan.Server, now []plan.ServerChange) error {
	shown := map[string]bool{}
	if planned != nil {
		for _, c := range planned.Changes {
			shown[c.Key()] = true
		}
	}
	for _, c := range now {
		if !shown[c.Key()] {
			return fmt.Errorf("%w: %s; run rollout plan again and review it", ErrUnplanned, Describe(c))
		}
	}
	return nil
}

// madeByRollout: a planned creation no longer needed must have been made
// by another rollout run, not by someone else (whose object rollout would
// then take over, and later drop).
func madeByRollout(planned *plan.Server, now []plan.ServerChange, ss *state.ServerState) error {
	if planned == nil {
		return nil
	}
	still := map[string]bool{}
	for _, c := range now {
		still[c.Key()] = true
	}
	for _, c := range planned.Changes {
		recorded := c.Kind == plan.KindSchema || c.Kind == plan.KindExtension || c.Kind == plan.KindRole
		if c.Action == "create" && recorded && !still[c.Key()] && !ss.CreatedBy(c.Kind, c.Name) {
			return fmt.Errorf("%w: %s %q was created by someone else since the plan was made; rollout will not take it over: rename or drop it, then plan again",
				ErrUnplanned, strings.ReplaceAll(c.Kind, "_", " "), c.Name)
		}
	}
	return nil
}

// runServerChanges runs the database-wide changes (the control schema is
// done already) and records what rollout created, so uninstall removes
// exactly that. Roles, the connecting role's membership and the roles'
// grants are made by each tenant's provisioning (provision.InTx), in the
// tenant's transaction, with rollout's marker on each role and the refusal
// of roles rollout did not create.
func (e *Executor) runServerChanges(ctx context.Context, tx pgx.Tx, ss *state.ServerState, now []plan.ServerChange) ([]plan.ServerChange, error) {
	var done []plan.ServerChange
	for _, c := range now {
		if c.Kind == plan.KindControl || c.Kind == plan.KindRole || c.Kind == plan.KindMembership || c.Kind == plan.KindGrant {
			continue
		}
		if _, err := tx.Exec(ctx, c.SQL); err != nil {
			if c.Kind == plan.KindExtension {
				err = provision.ExtensionError(err, c.Name, state.ExtensionsSchema, tx.Conn().Config().Database, ss.ConnectingRole)
			}
			return nil, fmt.Errorf("%s: %w", c.SQL, err)
		}
		if err := recordChange(ctx, tx, ss, c, e.RunID); err != nil {
			return nil, err
		}
		done = append(done, c)
	}
	return done, nil
}

func recordChange(ctx context.Context, tx pgx.Tx, ss *state.ServerState, c plan.ServerChange, runID string) error {
	switch {
	case c.Kind == plan.KindPublic && c.Action == "revoke":
		taken := ss.Created[plan.KindPublic]["public"]
		for _, r := range ss.PublicPrivileges {
			if !strings.ContainsRune(taken, r) {
				taken += string(r)
			}
		}
		return state.RecordCreated(ctx, tx, plan.KindPublic, "public", taken, runID)
	case c.Kind == plan.KindPublic:
		return state.ForgetCreated(ctx, tx, plan.KindPublic, "public")
	case c.Kind == plan.KindSchema || c.Kind == plan.KindExtension || c.Kind == plan.KindRole:
		return state.RecordCreated(ctx, tx, c.Kind, c.Name, "", runID)
	}
	return nil
}
