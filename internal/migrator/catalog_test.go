package migrator

import (
	"context"
	"strings"
	"sync"
	"testing"

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

// Opening a module never asks information_schema (whose cost grows with
// every relation on the server), yet still finds an existing version table.
func TestNoInformationSchema(t *testing.T) {
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	log := &sqlLog{}
	cfg.ConnConfig.Tracer = log
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, "CREATE SCHEMA tenant"); err != nil {
		t.Fatal(err)
	}
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
