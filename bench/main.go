// Command bench measures rollout against the alternatives on local
// embedded servers, side by side in one run.
//
// On one server, for N governorates (-n, default 1,000):
//
//  1. psql: the same up migrations in one psql session (the floor);
//  2. cli-loop: golang-migrate's CLI once per governorate and module;
//  3. apply: rollout apply of a fresh database;
//  4. no-op: rollout plan right after, with --skip-structure ("no-op")
//     and as users run it, comparing every tenant's structure ("plan");
//  5. inspection of every governorate's schema structure, batched as
//     status does it and, as the baseline, one tenant at a time (seconds
//     and queries sent; -inspect-sample tenants, default 50, scaled to all
//     and marked ~); rollout status with and without comparing every
//     schema with its expected structure.
//
// Then the fleet: N governorates (-fleet, default 1,000, 4,000 and
// 10,000) placed in turn on -servers local servers (default 4), applied
// in one rollout apply and planned again both ways, on fresh databases.
//
// It prints seconds, the ratios apply/psql, cli-loop/apply, no-op/apply and
// plan/apply, and the peak memory (max RSS) of rollout's processes. Every server it
// starts is stopped at the end, also when a round fails. Run it from the
// repository root:
//
//	go run ./bench          # the full run (about an hour on 2 cores)
//	go run ./bench -quick   # N=100, fleet 100 and 400 (a few minutes)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

type options struct {
	n         int
	fleet     []int
	servers   int
	skipCLI   bool
	sample    int // governorates the CLI loop runs for (0: all)
	profiles  string
	heaps     string
	stats     bool // server CPU and pg_stat_statements
	noInspect bool
	// inspectSample: tenants the one-at-a-time inspection baseline reads,
	// scaled to all (0: all).
	inspectSample int
}

func parseFlags() (options, error) {
	var o options
	n := flag.Int("n", 1000, "governorates on one server (psql, CLI loop, apply, plan, inspection); 0 leaves that row out")
	fleet := flag.String("fleet", "1000,4000,10000", "governorates over -servers servers, comma-separated; empty leaves the fleet out")
	flag.IntVar(&o.servers, "servers", 4, "local servers the fleet is spread over")
	quick := flag.Bool("quick", false, "small sizes for a developer's check: -n 100 -fleet 100,400")
	flag.BoolVar(&o.skipCLI, "skip-cli", false, "leave out the golang-migrate CLI loop (slowest)")
	flag.IntVar(&o.sample, "cli-sample", 0, "run the CLI loop for this many governorates only and scale its time to N (0: all)")
	flag.StringVar(&o.profiles, "cpuprofile", "", "folder for CPU profiles of every rollout run (go tool pprof)")
	flag.BoolVar(&o.stats, "stats", false, "on one server: the server's CPU time per method and apply's top statements (pg_stat_statements)")
	flag.BoolVar(&o.noInspect, "skip-inspect", false, "leave out the inspection and status measurements on one server")
	flag.IntVar(&o.inspectSample, "inspect-sample", 50, "read this many governorates one at a time for the inspection baseline and scale it to N+1 (0: all)")
	flag.StringVar(&o.heaps, "memprofile", "", "folder for heap profiles of every rollout run, taken at its peak (go tool pprof)")
	flag.Parse()
	o.n = *n
	if *quick {
		o.n, *fleet = 100, "100,400"
	}
	for _, f := range strings.Split(*fleet, ",") {
		if strings.TrimSpace(f) == "" {
			continue
		}
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 1 {
			return o, fmt.Errorf("bad -fleet value %q", f)
		}
		o.fleet = append(o.fleet, v)
	}
	if o.servers < 1 || o.n < 0 || o.sample < 0 || o.inspectSample < 0 {
		return o, fmt.Errorf("-servers must be at least 1, -n, -cli-sample and -inspect-sample at least 0")
	}
	return o, nil
}

func main() { os.Exit(run()) }

func run() int {
	o, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	env, err := setup(ctx, max(1, o.servers))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	env.profiles, env.heaps, env.stats, env.skipInspect = o.profiles, o.heaps, o.stats, o.noInspect
	env.inspectSample = o.inspectSample
	if o.stats && o.n > 0 {
		if err := env.enableStats(ctx, 0); err != nil {
			env.close()
			fmt.Fprintln(os.Stderr, "-stats:", err)
			return 1
		}
	}
	// Interrupted: stop the servers before going.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		env.close()
		os.Exit(130)
	}()
	err = measure(ctx, env, o)
	if cerr := env.close(); cerr != nil {
		fmt.Fprintln(os.Stderr, "stop servers:", cerr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func measure(ctx context.Context, env *env, o options) error {
	if o.n > 0 {
		fmt.Printf("One server, N governorates:\n%-6s %9s %9s %9s %9s %9s %10s %14s %11s %10s %10s %10s %10s\n",
			"N", "psql s", "cli s", "apply s", "no-op s", "plan s", "apply/psql", "cli-loop/apply", "no-op/apply", "plan/apply",
			"apply MiB", "no-op MiB", "plan MiB")
		cli := o.n + 1
		if o.skipCLI {
			cli = 0
		} else if o.sample > 0 {
			cli = min(cli, o.sample)
		}
		env.shown = func(r row) {
			fmt.Println(r)
			if env.stats {
				fmt.Println(r.cpuLine())
			}
		}
		r, err := env.round(ctx, o.n, cli)
		if err != nil {
			return fmt.Errorf("N=%d: %w", o.n, err)
		}
		if !o.noInspect {
			fmt.Printf("\nStructure of every governorate's schema (N+1 schemas):\n%-6s %9s %9s %9s %9s %9s %12s %10s %10s %10s %12s\n",
				"N", "objects", "inspect s", "queries", "each s", "queries", "each/batch", "status s", "bare s", "status MiB", "status/bare")
			fmt.Println(r.inspectLine())
		}
	}
	if len(o.fleet) > 0 {
		fmt.Printf("\nN governorates over %d servers, one apply:\n", len(env.servers))
		fmt.Printf(fleetHeader, fleetColumns...)
	}
	for _, n := range o.fleet {
		if err := env.fleetRound(ctx, n, func(r fleetRow) { fmt.Println(r) }); err != nil {
			return fmt.Errorf("fleet N=%d: %w", n, err)
		}
	}
	return nil
}

// row is one N's measurements on one server.
type row struct {
	n                int
	psql, cli, apply float64 // seconds
	noop             noops
	cliSampled       bool    // cli is scaled from a sample of the governorates
	psqlCPU, cliCPU  float64 // server CPU seconds (-stats)
	applyCPU         float64
	// psql with a fresh session per governorate (-stats): seconds, server CPU.
	psqlEach, psqlEachCPU float64
	applyMiB              float64
	// Inspection of the N+1 schemas: batched and one tenant at a time.
	inspect, inspectEach        float64
	inspectQueries, eachQueries int64
	eachSampled                 bool // inspectEach is scaled from a sample
	objects                     int
	status, statusBare          float64 // rollout status --skip-checks, with and without structures
	statusMiB                   float64
}

func (r row) inspectLine() string {
	each, queries := fmt.Sprintf("%.2f", r.inspectEach), fmt.Sprint(r.eachQueries)
	if r.eachSampled {
		each, queries = "~"+each, "~"+queries
	}
	return fmt.Sprintf("%-6d %9d %9.2f %9d %9s %9s %12.1f %10.2f %10.2f %10.1f %12.2f", r.n, r.objects, r.inspect, r.inspectQueries,
		each, queries, r.inspectEach/r.inspect, r.status, r.statusBare, r.statusMiB, r.status/r.statusBare)
}

func (r row) String() string {
	cli, ratio := "-", "-"
	if r.cli > 0 {
		cli, ratio = fmt.Sprintf("%.2f", r.cli), fmt.Sprintf("%.2f", r.cli/r.apply)
		if r.cliSampled {
			cli = "~" + cli
		}
	}
	return fmt.Sprintf("%-6d %9.2f %9s %9.2f %9.2f %9.2f %10.2f %14s %11.3f %10.3f %10.1f %10.1f %10.1f",
		r.n, r.psql, cli, r.apply, r.noop.skip, r.noop.full, r.apply/r.psql, ratio, r.noop.skip/r.apply, r.noop.full/r.apply,
		r.applyMiB, r.noop.skipMiB, r.noop.fullMiB)
}

// repoRoot finds the folder with go.mod, so bench runs from anywhere inside.
func repoRoot() (string, error) {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("run bench inside the rollout repository")
		}
		dir = parent
	}
}
