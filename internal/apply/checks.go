package apply

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/state"
)

// checks runs the modules' checks of every enabled service, each in a
// read-only transaction as the tenant's owner inside its schema, and
// records the outcome per service.
func (r *tenantRun) checks(ctx context.Context) error {
	var failed []error
	for _, s := range r.t.Services {
		if len(s.Checks) == 0 {
			continue
		}
		m := r.e.Project.Modules[s.Module]
		var errs []error
		for _, name := range s.Checks {
			err := r.check(ctx, m, name)
			ev := Event{Module: s.Module, Action: ActionCheck, Outcome: "ok", Detail: name, Progress: true}
			rec := state.Event{Module: s.Module, Action: ActionCheck, Outcome: "ok", Detail: map[string]any{"check": name}}
			if err != nil {
				ev.Outcome, ev.Error = "failed", err.Error()
				rec.Outcome, rec.Error = "failed", err.Error()
				errs = append(errs, err)
			}
			r.emit(ev)
			r.record(ctx, rec)
		}
		err := errors.Join(errs...)
		msg := ""
		if err != nil {
			msg = err.Error()
			failed = append(failed, err)
		}
		if rerr := state.RecordCheck(ctx, r.pool, r.t.Name, s.Module, err == nil, msg); rerr != nil {
			return fmt.Errorf("record checks of %s: %w", s.Module, rerr)
		}
	}
	return errors.Join(failed...)
}

func (r *tenantRun) check(ctx context.Context, m *config.Module, name string) error {
	for _, c := range m.Checks {
		if c.Name == name {
			return RunCheck(ctx, r.pool, r.t.Schema, r.t.OwnerRole, m.Name, c)
		}
	}
	return fmt.Errorf("%w: %s.%s is not declared", ErrCheckFailed, m.Name, name)
}

// RunCheck runs one check in a read-only transaction as the tenant's owner
// inside its schema; status uses it too, to show drift made by hand.
func RunCheck(ctx context.Context, pool *pgxpool.Pool, schema, owner, module string, c *config.Check) error {
	var ok bool
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		setup := "SET LOCAL ROLE " + pgx.Identifier{owner}.Sanitize() + "; SET LOCAL " +
			migrator.SearchPathClause(schema, state.ExtensionsSchema)
		if _, err := tx.Exec(ctx, setup); err != nil {
			return err
		}
		return tx.QueryRow(ctx, c.SQL).Scan(&ok)
	})
	switch {
	case err != nil:
		return fmt.Errorf("%w: %s.%s: %v", ErrCheckFailed, module, c.Name, err)
	case !ok:
		return fmt.Errorf("%w: %s.%s returned false (%s)", ErrCheckFailed, module, c.Name, c.Description)
	}
	return nil
}
