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
func (e *env) viaInspect(ctx context.Context, url string, names []string, batched bool) (float64, int64, int, error) {
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
		for _, t := range targets {
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
	return took, counter.Count(), objects, nil
}
