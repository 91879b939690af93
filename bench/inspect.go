package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/plan"
)

// queryCounter counts the queries a pool sends.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	q.n.Add(1)
	return ctx
}

func (q *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// viaInspect reads the structure of every governorate's schema: batched,
// as status does (a fixed number of queries for all), or one tenant at a
// time (the baseline). It returns seconds, queries sent and objects read.
func (e *env) viaInspect(ctx context.Context, url string, names []string, batched bool) (float64, int64, int, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return 0, 0, 0, err
	}
	counter := &queryCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return 0, 0, 0, err
	}
	defer pool.Close()
	targets := make([]inspect.Target, 0, len(names))
	for _, n := range names {
		owner, app := plan.Roles(cfg.ConnConfig.Database, n)
		targets = append(targets, inspect.Target{Schema: n, Owner: owner, App: app})
	}
	opts := inspect.Options{Ignore: inspect.IgnoredTables(modules)}
	groups := [][]inspect.Target{targets}
	if !batched {
		groups = nil
		for _, t := range targets {
			groups = append(groups, []inspect.Target{t})
		}
	}
	start := time.Now()
	objects := 0
	for _, g := range groups {
		got, err := inspect.Read(ctx, pool, g, opts)
		if err != nil {
			return 0, 0, 0, err
		}
		for _, s := range got {
			objects += len(s.Objects)
		}
	}
	took := time.Since(start).Seconds()
	if objects == 0 {
		return 0, 0, 0, fmt.Errorf("inspection read no objects")
	}
	return took, counter.n.Load(), objects, nil
}
