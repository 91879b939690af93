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
	"github.com/jo-water/rollout/internal/tenantdb"
)

// checkOutcome is one check's result within a tenant.
type checkOutcome struct {
	module, name string
	err          error
}

// checks runs the modules' checks of every enabled service in one
// read-only transaction as the tenant's owner inside its schema, then
// reports and records the outcome per service.
func (r *tenantRun) checks(ctx context.Context) error {
	n := 0
	for _, s := range r.t.Services {
		n += len(s.Checks)
		if s.Enabled && !s.Held && len(s.Checks) == 0 {
			// Nothing to check: the version is proven by its migrations
			// having run, and a later wave's soak counts from here.
			if err := state.RecordHealthy(ctx, r.pool, r.t.Name, s.Module, r.e.now()); err != nil {
				return fmt.Errorf("record the health of %s: %w", s.Module, err)
			}
		}
	}
	if n == 0 {
		return nil
	}
	var outcomes []checkOutcome
	err := inCheckTx(ctx, r.sess.Pool, r.t.Schema, func(tx pgx.Tx) error {
		for _, s := range r.t.Services {
			m := r.e.Project.Modules[s.Module]
			for _, name := range s.Checks {
				outcomes = append(outcomes, checkOutcome{s.Module, name,
					checkIn(ctx, tx, ownPath(r.e.Project, r.t.Schema, m), m, m.Check(name))})
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("run checks: %w", err)
	}
	return r.recordChecks(ctx, outcomes)
}

func (r *tenantRun) recordChecks(ctx context.Context, outcomes []checkOutcome) error {
	byModule := map[string][]error{}
	var order []string
	for _, o := range outcomes {
		if _, seen := byModule[o.module]; !seen {
			order = append(order, o.module)
		}
		byModule[o.module] = append(byModule[o.module], o.err)
		ev := Event{Module: o.module, Action: ActionCheck, Outcome: "ok", Detail: o.name, Progress: true}
		rec := state.Event{Module: o.module, Action: ActionCheck, Outcome: "ok", Detail: map[string]any{"check": o.name}}
		if o.err != nil {
			ev.Outcome, ev.Error, rec.Outcome, rec.Error = "failed", o.err.Error(), "failed", o.err.Error()
		}
		r.emit(ev)
		r.record(ctx, rec)
	}
	var failed []error
	for _, m := range order {
		err := errors.Join(byModule[m]...)
		msg := ""
		if err != nil {
			msg = err.Error()
			failed = append(failed, err)
		}
		if rerr := state.RecordCheck(ctx, r.pool, r.t.Name, m, err == nil, msg, r.e.now()); rerr != nil {
			return fmt.Errorf("record checks of %s: %w", m, rerr)
		}
	}
	return errors.Join(failed...)
}

// inCheckTx opens a read-only transaction on the tenant's own session
// (pool), in its schema.
func inCheckTx(ctx context.Context, pool *pgxpool.Pool, schema string, fn func(pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, migrator.Setup(schema, true, state.ExtensionsSchema)); err != nil {
			return err
		}
		return fn(tx)
	})
}

// checkIn runs one check under a savepoint, so a check that errors does
// not spoil the transaction for the next one.
func checkIn(ctx context.Context, tx pgx.Tx, path []string, m *config.Module, c *config.Check) error {
	if c == nil {
		return fmt.Errorf("%w: a check of %s is not declared", ErrCheckFailed, m.Name)
	}
	name := c.Name
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	if path != nil { // undone with the savepoint
		if _, err := sp.Exec(ctx, "SET LOCAL "+migrator.SearchPathClause(path[0], path[1:]...)); err != nil {
			_ = sp.Rollback(ctx)
			return err
		}
	}
	var ok bool
	if err := sp.QueryRow(ctx, c.SQL).Scan(&ok); err != nil {
		_ = sp.Rollback(ctx)
		return fmt.Errorf("%w: %s.%s: %v", ErrCheckFailed, m.Name, name, err)
	}
	// Rolled back, not released: the transaction is read-only, and a
	// module's own search_path must not reach the next check.
	if err := sp.Rollback(ctx); err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: %s.%s returned false (%s)", ErrCheckFailed, m.Name, name, c.Description)
	}
	return nil
}

// RunCheck runs one check of a tenant, read-only, on the tenant's own
// session (sess), in its schema; status uses it to show drift made by hand.
func RunCheck(ctx context.Context, p *config.Project, sess *tenantdb.Session, schema string, m *config.Module, c *config.Check) error {
	var result error
	err := inCheckTx(ctx, sess.Pool, schema, func(tx pgx.Tx) error {
		result = checkIn(ctx, tx, ownPath(p, schema, m), m, c)
		return nil
	})
	return errors.Join(err, result)
}

// CheckFunc runs one check of the tenant being inspected.
type CheckFunc func(m *config.Module, c *config.Check) error

// Inspect reads a tenant on its own session, for status: the dirty flags
// of its modules' version tables (module → version), then whatever fn does
// with check, which runs one check read-only on that session.
func (e *Executor) Inspect(ctx context.Context, server, tenant, schema, owner string, fn func(dirty map[string]int64, check CheckFunc)) error {
	sess, err := e.openSession(ctx, e.Pools[server], tenant, schema, owner)
	if err != nil {
		return err
	}
	defer sess.Close()
	dirty, err := migrator.DirtyModules(ctx, sess.Pool, schema)
	if err != nil {
		return fmt.Errorf("read the version tables of %q: %w", schema, err)
	}
	fn(dirty, func(m *config.Module, c *config.Check) error { return RunCheck(ctx, e.Project, sess, schema, m, c) })
	return nil
}

// ownPath is the search_path a module with a schema of its own runs its
// checks with; nil for modules in the tenant schema (the transaction's).
func ownPath(p *config.Project, schema string, m *config.Module) []string {
	if m == nil || !m.OwnSchema {
		return nil
	}
	return p.SearchPath(schema, m)
}
