package apply

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/state"
)

// externalProject is testdata/external's module (22 files copied in the
// style of a public golang-migrate project: extensions, own BEGIN/COMMIT,
// plpgsql bodies) run by four tenants.
func externalProject(t *testing.T) *config.Project {
	t.Helper()
	dir := t.TempDir()
	tenants := filepath.Join(dir, "tenants")
	if err := os.MkdirAll(tenants, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"t_ref", "t_two", "t_three", "t_four"} {
		body := fmt.Sprintf("tenant %q {\n  name_ar = \"م\"\n  name_en = %q\n  wave = %d\n  service \"assets\" {}\n}\n", name, name, min(i+1, 2))
		if err := os.WriteFile(filepath.Join(tenants, name+".hcl"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, diags := config.Load(config.Options{TenantsDir: tenants, ModulesDir: "testdata/external/modules", ReferenceTenant: "t_ref"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return p
}

// planAndApply applies the project with the default lock policy and fails
// the test unless every tenant ends ok.
func planAndApply(t *testing.T, p *config.Project, pool *pgxpool.Pool) Result {
	t.Helper()
	res := applyWith(t, p, pool, migrator.LockPolicy{}, nil)
	for _, tr := range res.Tenants {
		if tr.Outcome != "ok" {
			t.Fatalf("tenant %s: %s: %v", tr.Tenant, tr.Outcome, tr.Err)
		}
	}
	return res
}

func TestExternalModuleWithExtensionsAcrossTenants(t *testing.T) {
	ctx := context.Background()
	p := externalProject(t)
	if n := len(p.Modules["assets"].Migrations); n < 20 {
		t.Fatalf("the external module has %d migrations, want at least 20", n)
	}
	pool := pgtest.NewPool(t)
	planAndApply(t, p, pool)
	for _, tn := range p.Tenants {
		useAsApp(t, pool, tn.Schema)
	}
	// All the way down in every tenant, with rollback.
	for _, tn := range p.Tenants {
		op := &Operation{Tenant: tn.Name, Module: "assets", Executor: Executor{Project: p,
			Pools: map[string]*pgxpool.Pool{"default": pool}, Actor: "test", RunID: "down"}}
		if res, err := op.Rollback(ctx, 0, RollbackOptions{}); err != nil || res.To != 0 {
			t.Fatalf("%s down to 0: now %d, %v", tn.Name, res.To, err)
		}
		var left int
		pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename NOT IN ('tenant_services', 'schema_migrations_assets')`, tn.Schema).Scan(&left)
		if left != 0 {
			t.Errorf("%s: %d tables left after going down", tn.Name, left)
		}
	}
	// And up again: the plan sees version 0 and applies everything.
	planAndApply(t, p, pool)
	for _, tn := range p.Tenants {
		useAsApp(t, pool, tn.Schema)
	}
}

// useAsApp uses the module's extension-backed features as the tenant's
// application role, with the search_path an application would use.
func useAsApp(t *testing.T, pool *pgxpool.Pool, schema string) {
	t.Helper()
	ctx := context.Background()
	var app string
	if err := pool.QueryRow(ctx, `SELECT app_role FROM rollout.tenants WHERE schema_name = $1`, schema).Scan(&app); err != nil {
		t.Fatal(err)
	}
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		stmts := []string{
			"SET LOCAL ROLE " + pgx.Identifier{app}.Sanitize(),
			"SET LOCAL " + migrator.SearchPathClause(schema, state.ExtensionsSchema),
			`INSERT INTO zones (code, name) VALUES ('z-test', 'Test zone')`,
			`INSERT INTO operators (email, password_hash) VALUES ('Op@Example.JO', 'x')`,
			`SELECT set_operator_password((SELECT id FROM operators WHERE email = 'op@example.jo'), 'pw')`,
			`SELECT new_api_token((SELECT id FROM operators LIMIT 1))`,
			`INSERT INTO work_orders (asset_kind, asset_id, summary) VALUES ('pipe', uuid_generate_v4(), 'burst main near school')`,
			`SELECT 1 FROM work_orders WHERE summary % 'burst mains'`,
			`INSERT INTO pumps (zone_id, kw, attributes) VALUES ((SELECT id FROM zones LIMIT 1), 5.5, 'brand=>grundfos')`,
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		var audited int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM audit_log`).Scan(&audited); err != nil || audited != 1 {
			return fmt.Errorf("audit trigger: %d rows, %v", audited, err)
		}
		return pgx.ErrTxClosed // roll back: leave the tenant as it was
	})
	if err != nil && err != pgx.ErrTxClosed {
		t.Fatalf("tenant %s: %v", schema, err)
	}
}
