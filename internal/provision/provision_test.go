package provision

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/state"
)

func newPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := state.Ensure(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if err := Database(ctx, pool, nil); err != nil {
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
			s := fmt.Sprintf("conc_%d", i)
			errs[i] = Tenant(context.Background(), pool, s, s+"_owner", s+"_app")
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
	ctx := context.Background()
	pool := newPool(t)
	for _, s := range []string{"balqa", "karak"} {
		if err := Tenant(ctx, pool, s, s+"_owner", s+"_app"); err != nil {
			t.Fatal(err)
		}
		// As a migration would: the owner creates the table.
		asRole(t, pool, s+"_owner", s, `CREATE TABLE complaints (id int, body text); INSERT INTO complaints VALUES (1, 'leak')`)
	}
	asRole(t, pool, "karak_app", "karak", `SELECT count(*) FROM complaints`) // its own: allowed
	loginAsKarakApp(t, pool)
	for _, q := range []string{
		`SELECT count(*) FROM balqa.complaints`,
		`INSERT INTO balqa.complaints VALUES (2, 'x')`,
		`CREATE TABLE public.stolen (id int)`,
		`SELECT count(*) FROM rollout.tenants`,
		`CREATE TABLE karak.extra (id int)`,
	} {
		err := tryAsRole(pool, "karak_app", "karak", q)
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("karak_app: %s: want permission denied, got %v", q, err)
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
func loginAsKarakApp(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	pw := pgtest.RandomName("pw")
	if _, err := pool.Exec(ctx, "ALTER ROLE karak_app LOGIN PASSWORD '"+pw+"'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Exec(context.Background(), "ALTER ROLE karak_app NOLOGIN PASSWORD NULL") })
	cfg := pool.Config().ConnConfig.Copy()
	cfg.User, cfg.Password = "karak_app", pw
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
