package provision_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/plan"
	. "github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// roles names a tenant's roles in the pool's database, as plan does.
func roles(t *testing.T, pool *pgxpool.Pool, schema string) (owner, app string) {
	t.Helper()
	var db string
	if err := pool.QueryRow(context.Background(), `SELECT current_database()`).Scan(&db); err != nil {
		t.Fatal(err)
	}
	return plan.Roles(db, schema)
}

func provisionTenant(t *testing.T, pool *pgxpool.Pool, schema string) error {
	owner, app := roles(t, pool, schema)
	return Provision(context.Background(), pool, Tenant{Name: schema, Schema: schema, Owner: owner, App: app, Wave: 1})
}

func newPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	if err := state.Ensure(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, CreateSchemaSQL(state.ExtensionsSchema)+"; "+RevokePublicSQL()); err != nil {
		t.Fatal(err)
	}
	return pool
}

// Tenants of one wave are provisioned at the same moment; grants on the
// shared extensions schema must not fail on each other.
func TestConcurrentProvisioning(t *testing.T) {
	pool := newPool(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = provisionTenant(t, pool, fmt.Sprintf("conc_%d", i))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("tenant %d: %v", i, err)
		}
	}
}

// Karak's application role can use Karak's schema and nothing else: not
// Balqa's complaints, not public.
func TestApplicationRoleIsolation(t *testing.T) {
	pool := newPool(t)
	for _, s := range []string{"balqa", "karak"} {
		if err := provisionTenant(t, pool, s); err != nil {
			t.Fatal(err)
		}
		// As a migration would: the owner creates the table.
		owner, _ := roles(t, pool, s)
		asRole(t, pool, owner, s, `CREATE TABLE complaints (id int, body text); INSERT INTO complaints VALUES (1, 'leak')`)
	}
	_, karakApp := roles(t, pool, "karak")
	asRole(t, pool, karakApp, "karak", `SELECT count(*) FROM complaints`) // its own: allowed
	loginAsKarakApp(t, pool, karakApp)
	for _, q := range []string{
		`SELECT count(*) FROM balqa.complaints`,
		`INSERT INTO balqa.complaints VALUES (2, 'x')`,
		`CREATE TABLE public.stolen (id int)`,
		`SELECT count(*) FROM rollout.tenants`,
		`CREATE TABLE karak.extra (id int)`,
	} {
		err := tryAsRole(pool, karakApp, "karak", q)
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s: %s: want permission denied, got %v", karakApp, q, err)
		}
	}
}

func asRole(t *testing.T, pool *pgxpool.Pool, role, schema, sql string) {
	t.Helper()
	if err := tryAsRole(pool, role, schema, sql); err != nil {
		t.Fatalf("%s: %s: %v", role, sql, err)
	}
}

func tryAsRole(pool *pgxpool.Pool, role, schema, sql string) error {
	ctx := context.Background()
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "SET LOCAL ROLE "+pgx.Identifier{role}.Sanitize()+"; SET LOCAL search_path TO "+
			pgx.Identifier{schema}.Sanitize()+"; "+sql)
		return err
	})
}

// loginAsKarakApp logs in as karak_app over the network, as the governorate's
// application would, and tries to read Balqa's complaints.
func loginAsKarakApp(t *testing.T, pool *pgxpool.Pool, app string) {
	ctx := context.Background()
	pw := pgtest.RandomName("pw")
	if _, err := pool.Exec(ctx, "ALTER ROLE "+pgx.Identifier{app}.Sanitize()+" LOGIN PASSWORD '"+pw+"'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Exec(context.Background(), "ALTER ROLE "+pgx.Identifier{app}.Sanitize()+" NOLOGIN PASSWORD NULL")
	})
	cfg := pool.Config().ConnConfig.Copy()
	cfg.User, cfg.Password = app, pw
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("log in as karak_app: %v", err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM karak.complaints").Scan(&n); err != nil || n != 1 {
		t.Fatalf("karak_app reading its own complaints: %d, %v", n, err)
	}
	_, err = conn.Exec(ctx, "SELECT count(*) FROM balqa.complaints")
	if err == nil || !strings.Contains(err.Error(), "permission denied for schema balqa") {
		t.Fatalf("karak_app reading Balqa's complaints: want permission denied, got %v", err)
	}
}

// Tables an older rollout created in a tenant schema as the connecting
// role (a version table, tenant_services) go to the owner role, whose
// sessions write them; the tenant's other tables, and another tenant's
// tables of the same names, are left alone.
func TestOlderTablesGoToTheOwner(t *testing.T) {
	ctx := context.Background()
	pool := newPool(t)
	for _, s := range []string{"legacy", "other"} {
		if err := provisionTenant(t, pool, s); err != nil {
			t.Fatal(err)
		}
	}
	// As an older rollout left them: made by the connecting role.
	for _, q := range []string{`CREATE TABLE legacy.schema_migrations_billing (version bigint, dirty boolean)`,
		`CREATE TABLE legacy.tenant_services (module text)`, `CREATE TABLE legacy.mine (id int)`,
		`CREATE TABLE other.schema_migrations_billing (version bigint, dirty boolean)`} {
		if _, err := pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := provisionTenant(t, pool, "legacy"); err != nil {
		t.Fatal(err)
	}
	owner, _ := roles(t, pool, "legacy")
	var admin string
	if err := pool.QueryRow(ctx, `SELECT current_user`).Scan(&admin); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]string{"legacy.schema_migrations_billing": owner, "legacy.tenant_services": owner,
		"legacy.mine": admin, "other.schema_migrations_billing": admin} {
		var got string
		if err := pool.QueryRow(ctx, `SELECT relowner::regrole::text FROM pg_class WHERE oid = $1::regclass`, table).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if strings.Trim(got, `"`) != want {
			t.Errorf("%s belongs to %s, want %s", table, got, want)
		}
	}
}
