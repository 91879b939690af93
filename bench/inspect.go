package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/plan"
)

// viaInspect reads the structure of every governorate's schema: batched,
// as status streams it (a fixed number of queries for all), or one tenant
// at a time (the baseline). It returns seconds, queries sent and objects read.
// sample > 0 reads only that many tenants one at a time, spread evenly
// over the names, and scales seconds and queries to all: each tenant's
// read scans the same whole catalogs, so its cost does not depend on
// which tenant it is.
func (e *env) viaInspect(ctx context.Context, url string, names []string, batched bool, sample int) (float64, int64, int, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return 0, 0, 0, err
	}
	counter := &pgtest.QueryCounter{}
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
		for _, t := range spread(targets, sample) {
			groups = append(groups, []inspect.Target{t})
		}
	}
	start := time.Now()
	objects := 0
	for _, g := range groups {
		err := inspect.Stream(ctx, pool, g, opts, func(_ string, s *inspect.Structure) error {
			objects += len(s.Objects)
			return nil
		})
		if err != nil {
			return 0, 0, 0, err
		}
	}
	took := time.Since(start).Seconds()
	if objects == 0 {
		return 0, 0, 0, fmt.Errorf("inspection read no objects")
	}
	scale := float64(len(targets)) / float64(len(groups))
	if batched {
		scale = 1
	}
	return took * scale, int64(float64(counter.Count())*scale + 0.5), objects, nil
}

// spread picks n of ts (all of them when n is 0 or not less), evenly
// spaced, first and last included.
func spread[T any](ts []T, n int) []T {
	if n <= 0 || n >= len(ts) {
		return ts
	}
	if n == 1 {
		return ts[:1]
	}
	out := make([]T, 0, n)
	for i := range n {
		out = append(out, ts[i*(len(ts)-1)/(n-1)])
	}
	return out
}
