package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// fleetRow is one N's apply and no-op plans over every server.
type fleetRow struct {
	n, servers int
	apply      float64 // seconds
	applyMiB   float64
	noop       noops
	load       string // the machine's load average after the round
}

func (r fleetRow) String() string {
	return fmt.Sprintf("%-6d %8d %9.2f %9.2f %9.2f %11.3f %10.3f %10.1f %10.1f %10.1f %10.1f   %s",
		r.n, r.servers, r.apply, r.noop.skip, r.noop.full, r.noop.skip/r.apply, r.noop.full/r.apply,
		r.applyMiB, r.noop.skipMiB, r.noop.fullMiB, 1000*r.apply/float64(r.n+1), r.load)
}

const fleetHeader = "%-6s %8s %9s %9s %9s %11s %10s %10s %10s %10s %10s   %s\n"

var fleetColumns = []any{"N", "servers", "apply s", "no-op s", "plan s", "no-op/apply", "plan/apply",
	"apply MiB", "no-op MiB", "plan MiB", "ms/tenant", "load 1/5/15 min"}

// noops are the two plans right after apply, with nothing to do: "no-op"
// with --skip-structure, and "plan" as users run it by default, which
// also compares every tenant's live structure with what its files make.
type noops struct {
	skip, full       float64 // seconds
	skipMiB, fullMiB float64
}

// planTwice runs both no-op plans (url "": the project's rollout.yaml).
func (e *env) planTwice(dir, url string) (noops, error) {
	var r noops
	var err error
	if r.skip, r.skipMiB, err = e.runRollout(dir, url, "plan", "--detailed-exitcode", "--skip-structure"); err != nil {
		return r, fmt.Errorf("rollout plan --skip-structure: %w", err)
	}
	if r.full, r.fullMiB, err = e.runRollout(dir, url, "plan", "--detailed-exitcode"); err != nil {
		return r, fmt.Errorf("rollout plan: %w", err)
	}
	return r, nil
}

// loadAverage is the machine's load (1, 5 and 15 minutes): on a shared
// machine it says how much of the CPU the round had.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "-"
}

// fleetRound applies N governorates spread over every server in one
// apply, then plans again twice (nothing to do), reports the row, and
// drops the databases. The row comes first: dropping thousands of
// schemas' files takes minutes on a slow disk, and is not measured.
func (e *env) fleetRound(ctx context.Context, n int, report func(fleetRow)) error {
	r := fleetRow{n: n, servers: len(e.servers)}
	dir, _, err := e.project(fmt.Sprintf("fleet-%d", n), n, len(e.servers))
	if err != nil {
		return err
	}
	db := fmt.Sprintf("bench_fleet_%d", n)
	var yaml strings.Builder
	yaml.WriteString("databases:\n")
	for i := range e.servers {
		url, err := e.database(ctx, i, db)
		if err != nil {
			return err
		}
		name := "default"
		if i > 0 {
			name = fmt.Sprintf("s%d", i+1)
		}
		fmt.Fprintf(&yaml, "  %s: %q\n", name, url)
	}
	defer func() {
		var wg sync.WaitGroup
		for i := range e.servers {
			wg.Go(func() { e.dropDatabase(context.WithoutCancel(ctx), i, db) })
		}
		wg.Wait()
	}()
	if err := os.WriteFile(filepath.Join(dir, "rollout.yaml"), []byte(yaml.String()), 0o600); err != nil {
		return err
	}
	if r.apply, r.applyMiB, err = e.runRollout(dir, "", "apply", "--auto-approve"); err != nil {
		return fmt.Errorf("rollout apply: %w", err)
	}
	if r.noop, err = e.planTwice(dir, ""); err != nil {
		return err
	}
	r.load = loadAverage()
	report(r)
	return nil
}
