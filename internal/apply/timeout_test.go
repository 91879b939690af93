package apply

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// A tiny statement_timeout on the database makes statements fail at any
// point of an apply (an earlier version hung for ever closing its pool,
// with golang-migrate's goroutines leaked). Apply returns, the pool
// closes, and no goroutine of the run is left.
func TestStatementTimeoutReturnsAndLeavesNoGoroutine(t *testing.T) {
	ctx := context.Background()
	p := externalProject(t)
	url := pgtest.NewDatabase(t)
	before := runtime.NumGoroutine()
	for _, timeout := range []string{"1ms", "5ms", "30ms"} {
		func() {
			cfg, err := pgx.ParseConfig(url)
			if err != nil {
				t.Fatal(err)
			}
			cfg.RuntimeParams["statement_timeout"] = "0"
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			var db string
			conn.QueryRow(ctx, `SELECT current_database()`).Scan(&db)
			if _, err := conn.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{db}.Sanitize()+` SET statement_timeout = '`+timeout+`'`); err != nil {
				t.Fatal(err)
			}
			conn.Close(ctx)
			pool, err := pgxpool.New(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer pool.Close()
			snap, err := state.Read(ctx, pool)
			if err != nil {
				return // the timeout struck while reading: nothing started
			}
			pl, err := plan.Compute(p, map[string]*state.Snapshot{"default": snap}, plan.Options{Reference: "t_ref", Now: time.Now()})
			if err != nil {
				return
			}
			ex := &Executor{Project: p, Pools: map[string]*pgxpool.Pool{"default": pool}, Parallelism: 4, Actor: "test", RunID: t.Name()}
			_, _ = ex.Apply(ctx, pl)
		}()
	}
	// Goroutines end asynchronously after their connections close.
	var now int
	for range 100 {
		if now = runtime.NumGoroutine(); now <= before {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("%d goroutines before, %d after:\n%s", before, now, buf[:runtime.Stack(buf, true)])
}
