// Command bench measures rollout against the alternatives on the embedded
// server, side by side in one run, for N generated governorates:
//
//  1. psql: the same up migrations in one psql session (the floor);
//  2. cli-loop: golang-migrate's CLI once per governorate and module;
//  3. apply: rollout apply of a fresh database;
//  4. no-op: rollout plan right after (--skip-structure);
//  5. inspection of every governorate's schema structure, batched as
//     status does it and, as the baseline, one tenant at a time (seconds
//     and queries sent); rollout status with and without comparing every
//     schema with its expected structure.
//
// It prints seconds, the ratios apply/psql, cli-loop/apply and no-op/apply,
// and the peak memory (max RSS) of rollout's processes; then a second
// table for inspection. Run it from the repository root:
//
//	go run ./bench -n 10,100,1000
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	ns := flag.String("n", "10,100,1000", "numbers of governorates, comma-separated")
	skipCLI := flag.Bool("skip-cli", false, "leave out the golang-migrate CLI loop (slowest)")
	profiles := flag.String("cpuprofile", "", "folder for CPU profiles of every rollout run (go tool pprof)")
	flag.Parse()
	ctx := context.Background()
	env, err := setup(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer env.close()
	env.profiles = *profiles
	fmt.Printf("%-6s %9s %9s %9s %9s %10s %13s %11s %11s %10s\n",
		"N", "psql s", "cli s", "apply s", "no-op s", "apply/psql", "cli-loop/apply", "no-op/apply", "apply MiB", "plan MiB")
	var rows []row
	for _, f := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			log.Fatalf("bad -n value %q", f)
		}
		r, err := env.round(ctx, n, *skipCLI)
		if err != nil {
			log.Fatalf("N=%d: %v", n, err)
		}
		fmt.Println(r)
		rows = append(rows, r)
	}
	fmt.Printf("\n%-6s %9s %9s %9s %9s %9s %12s %10s %10s %10s %12s\n", "N", "objects", "inspect s", "queries", "each s",
		"queries", "each/batch", "status s", "bare s", "status MiB", "status/bare")
	for _, r := range rows {
		fmt.Println(r.inspectLine())
	}
}

// row is one N's measurements.
type row struct {
	n                    int
	psql, cli, apply, np float64 // seconds
	applyMiB, planMiB    float64
	// Inspection of the N+1 schemas: batched and one tenant at a time.
	inspect, inspectEach        float64
	inspectQueries, eachQueries int64
	objects                     int
	status, statusBare          float64 // rollout status --skip-checks, with and without structures
	statusMiB                   float64
}

func (r row) inspectLine() string {
	return fmt.Sprintf("%-6d %9d %9.2f %9d %9.2f %9d %12.1f %10.2f %10.2f %10.1f %12.2f", r.n, r.objects, r.inspect, r.inspectQueries,
		r.inspectEach, r.eachQueries, r.inspectEach/r.inspect, r.status, r.statusBare, r.statusMiB, r.status/r.statusBare)
}

func (r row) String() string {
	cli, ratio := "-", "-"
	if r.cli > 0 {
		cli, ratio = fmt.Sprintf("%.2f", r.cli), fmt.Sprintf("%.2f", r.cli/r.apply)
	}
	return fmt.Sprintf("%-6d %9.2f %9s %9.2f %9.2f %10.2f %13s %11.3f %11.1f %10.1f",
		r.n, r.psql, cli, r.apply, r.np, r.apply/r.psql, ratio, r.np/r.apply, r.applyMiB, r.planMiB)
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
