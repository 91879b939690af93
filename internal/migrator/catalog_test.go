package migrator

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/pgtest"
)

// sqlLog records every query a pool sends.
type sqlLog struct {
	mu  sync.Mutex
	sql []string
}

func (l *sqlLog) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	l.mu.Lock()
	l.sql = append(l.sql, d.SQL)
	l.mu.Unlock()
	return ctx
}

func (l *sqlLog) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// tracedTenant is a pool on a fresh database with a schema "tenant", whose
// queries are recorded in log.
func tracedTenant(t *testing.T) (*pgxpool.Pool, *pgxpool.Config, *sqlLog) {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	log := &sqlLog{}
	cfg.ConnConfig.Tracer = log
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := pool.Exec(context.Background(), "CREATE SCHEMA tenant"); err != nil {
		t.Fatal(err)
	}
	return pool, cfg, log
}

// Opening a module never asks information_schema (whose cost grows with
// every relation on the server), yet still finds an existing version table.
func TestNoInformationSchema(t *testing.T) {
	ctx := context.Background()
	pool, _, log := tracedTenant(t)
	tg := Target{Pool: pool, Schema: "tenant", Module: testModule(t, [2]string{createT, "DROP TABLE t;"})}
	if _, _, err := Migrate(ctx, tg, 1); err != nil {
		t.Fatal(err)
	}
	// Opened again: the table exists, so no CREATE TABLE IF NOT EXISTS.
	log.sql = nil
	if v, _, err := Version(ctx, tg); err != nil || v != 1 {
		t.Fatalf("version %d, %v; want 1", v, err)
	}
	var lookups int
	for _, q := range log.sql {
		if strings.Contains(q, "information_schema") {
			t.Errorf("sent a query on information_schema:\n%s", q)
		}
		if strings.Contains(q, "CREATE TABLE") {
			t.Errorf("did not find the existing version table: %s", q)
		}
		lookups += strings.Count(q, "pg_catalog.pg_class")
	}
	if lookups == 0 {
		t.Errorf("the version table was not looked up in pg_catalog; queries: %q", log.sql)
	}
}

// A module's files run with few round trips: golang-migrate's advisory
// lock is taken once for the run (not around every file) and given back
// at its end, and its version mark is read once, not before and after
// every file. A failed file still leaves the mark read again from the
// table, and the lock given back.
func TestFewRoundTripsPerFile(t *testing.T) {
	ctx := context.Background()
	pool, cfg, log := tracedTenant(t)
	files := [][2]string{{createT, "DROP TABLE t;"}}
	for i := range 5 {
		files = append(files, [2]string{fmt.Sprintf("ALTER TABLE t ADD COLUMN c%d int;", i), fmt.Sprintf("ALTER TABLE t DROP COLUMN c%d;", i)})
	}
	files = append(files, [2]string{"SELECT 1/0;", "SELECT 1;"})
	tg := Target{Pool: pool, Schema: "tenant", Module: testModule(t, files...)}
	log.sql = nil
	if _, now, err := Migrate(ctx, tg, 6); err != nil || now != 6 {
		t.Fatalf("migrate to 6: version %d, %v", now, err)
	}
	var locks, versions int
	for _, q := range log.sql {
		locks += strings.Count(q, "pg_advisory_lock(")
		versions += strings.Count(q, "SELECT version, dirty FROM")
	}
	// The driver's own setup locks once to create the version table.
	if locks != 2 || versions != 1 {
		t.Errorf("six files: %d advisory locks (want 2) and %d version reads (want 1):\n%s", locks, versions, strings.Join(log.sql, "\n"))
	}
	if _, now, err := Migrate(ctx, tg, 7); err == nil || now != 6 {
		t.Fatalf("a failing file: version %d, %v; want 6 and its error", now, err)
	}
	// Given back: another session (golang-migrate's CLI, say) can take it.
	var free bool
	id, err := database.GenerateAdvisoryLockId(cfg.ConnConfig.Database, "tenant", VersionTable("m"))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, cfg.ConnConfig.ConnString())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1::bigint)`, id).Scan(&free); err != nil || !free {
		t.Fatalf("golang-migrate's lock of the module is still held after the run (%v)", err)
	}
}
