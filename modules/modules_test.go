// Package modules_test proves the project's real modules: every version of
// every module applies up and down cleanly in a fresh tenant schema on a
// real PostgreSQL, and the modules' checks hold at each version.
package modules_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/format"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/pgtest"
)

func loadProject(t *testing.T) *config.Project {
	t.Helper()
	p, diags := config.Load(config.Options{TenantsDir: "../tenants", ModulesDir: ".", ReferenceTenant: "balqa"})
	if diags.HasErrors() {
		t.Fatalf("the project's own files do not validate: %v", diags)
	}
	return p
}

// moduleOrder is the modules in dependency order, read from a tenant that
// runs them all.
func moduleOrder(t *testing.T, p *config.Project) []*config.Module {
	var out []*config.Module
	for _, s := range p.Tenants[0].Services {
		out = append(out, p.Modules[s.Module])
	}
	if len(out) != len(p.Modules) {
		t.Fatalf("the reference tenant runs %d of %d modules", len(out), len(p.Modules))
	}
	return out
}

func TestEveryVersionUpAndDown(t *testing.T) {
	ctx := context.Background()
	p := loadProject(t)
	pool := pgtest.NewPool(t)
	const schema = "tenant_under_test"
	if _, err := pool.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	mods := moduleOrder(t, p)
	for _, m := range mods {
		if len(m.Migrations) < 2 {
			t.Errorf("module %s has %d versions; at least two make upgrades real", m.Name, len(m.Migrations))
		}
		for _, mg := range m.Migrations {
			step(t, pool, schema, m, mg.Version)
			runChecks(t, pool, schema, m, mg.Version)
		}
	}
	for i := len(mods) - 1; i >= 0; i-- {
		m := mods[i]
		for j := len(m.Migrations) - 2; j >= -1; j-- {
			to := uint(0)
			if j >= 0 {
				to = m.Migrations[j].Version
			}
			step(t, pool, schema, m, to)
		}
	}
	assertOnlyVersionTables(t, pool, schema)
	// Down left nothing behind that blocks going up again.
	for _, m := range mods {
		step(t, pool, schema, m, m.Latest())
		runChecks(t, pool, schema, m, m.Latest())
	}
}

func step(t *testing.T, pool *pgxpool.Pool, schema string, m *config.Module, to uint) {
	t.Helper()
	_, now, err := migrator.Migrate(context.Background(), migrator.Target{Pool: pool, Schema: schema, Module: m}, to)
	if err != nil {
		t.Fatalf("%s to version %d: %v", m.Name, to, err)
	}
	if now != to {
		t.Fatalf("%s: asked for version %d, at %d", m.Name, to, now)
	}
}

func runChecks(t *testing.T, pool *pgxpool.Pool, schema string, m *config.Module, at uint) {
	t.Helper()
	ctx := context.Background()
	for _, c := range m.Checks {
		if c.MinVersion > at {
			continue
		}
		var ok bool
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, migrator.SearchPath(schema)); err != nil {
				return err
			}
			return tx.QueryRow(ctx, c.SQL).Scan(&ok)
		})
		if err != nil || !ok {
			t.Errorf("%s version %d: check %s: ok=%v err=%v", m.Name, at, c.Name, ok, err)
		}
	}
}

func assertOnlyVersionTables(t *testing.T, pool *pgxpool.Pool, schema string) {
	t.Helper()
	rows, err := pool.Query(context.Background(), `
		SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname NOT LIKE 'schema_migrations_%'`, schema)
	if err != nil {
		t.Fatal(err)
	}
	left, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("down migrations left objects behind: %v", left)
	}
}

func TestProjectFilesAreFormatted(t *testing.T) {
	results, _, diags := format.Check(format.Files("../tenants", "."))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(results) < 7 {
		t.Fatalf("found only %d HCL files", len(results))
	}
	for _, r := range results {
		if r.Changed() {
			t.Errorf("%s is not in canonical format: run rollout fmt", r.Path)
		}
	}
}
