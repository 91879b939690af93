package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// modules in dependency order, as rollout runs them.
var modules = []string{"account_inquiry", "complaints", "follow_up"}

// round measures N governorates on one server; the CLI loop runs for the
// first cli of them (0: not at all) and its time is scaled to all.
func (e *env) round(ctx context.Context, n, cli int) (row, error) {
	r := row{n: n}
	dir, names, err := e.project(fmt.Sprintf("project-%d", n), n, 1)
	if err != nil {
		return r, err
	}
	cpu, err := e.meter(ctx)
	if err != nil {
		return r, err
	}
	if r.psql, err = e.viaPsql(ctx, n, names); err != nil {
		return r, fmt.Errorf("psql: %w", err)
	}
	r.psqlCPU = cpu()
	if e.stats {
		// The fresh-session floor is measured with the server's CPU only.
		if cpu, err = e.meter(ctx); err != nil {
			return r, err
		}
		if r.psqlEach, err = e.viaPsqlEach(ctx, n, names); err != nil {
			return r, fmt.Errorf("psql, a session per governorate: %w", err)
		}
		r.psqlEachCPU = cpu()
	}
	if cli > 0 {
		if cpu, err = e.meter(ctx); err != nil {
			return r, err
		}
		took, err := e.viaCLI(ctx, n, names[:cli])
		if err != nil {
			return r, fmt.Errorf("cli loop: %w", err)
		}
		r.cliCPU = cpu() * float64(len(names)) / float64(cli)
		// Each governorate's loop is separate processes doing the same
		// work, so the time is linear in their number.
		r.cli, r.cliSampled = took*float64(len(names))/float64(cli), cli < len(names)
	}
	db := fmt.Sprintf("bench_rollout_%d", n)
	url, err := e.database(ctx, 0, db)
	if err != nil {
		return r, err
	}
	defer e.dropDatabase(context.WithoutCancel(ctx), 0, db)
	if cpu, err = e.meter(ctx); err != nil {
		return r, err
	}
	if r.apply, r.applyMiB, err = e.runRollout(dir, url, "apply", "--auto-approve"); err != nil {
		return r, fmt.Errorf("rollout apply: %w", err)
	}
	r.applyCPU = cpu()
	if e.stats {
		defer e.topStatements(ctx, 0, db, 25)
	}
	if r.noop, err = e.planTwice(dir, url); err != nil {
		return r, err
	}
	// The row is complete: shown before the (long) inspection of the
	// same database.
	if e.shown != nil {
		e.shown(r)
	}
	if e.skipInspect {
		return r, nil
	}
	return r, e.inspectRound(ctx, dir, url, names, &r)
}

// inspectRound measures structural inspection of every governorate:
// batched and one tenant at a time, and rollout status with and without
// comparing structures (checks left out of both).
func (e *env) inspectRound(ctx context.Context, dir, url string, names []string, r *row) error {
	var err error
	if r.inspect, r.inspectQueries, r.objects, err = e.viaInspect(ctx, url, names, true, 0); err != nil {
		return fmt.Errorf("inspect: %w", err)
	}
	if r.inspectEach, r.eachQueries, _, err = e.viaInspect(ctx, url, names, false, e.inspectSample); err != nil {
		return fmt.Errorf("inspect per tenant: %w", err)
	}
	r.eachSampled = e.inspectSample > 0 && e.inspectSample < len(names)
	if r.status, r.statusMiB, err = e.runRollout(dir, url, "status", "--skip-checks", "--detailed-exitcode"); err != nil {
		return fmt.Errorf("rollout status: %w", err)
	}
	if r.statusBare, _, err = e.runRollout(dir, url, "status", "--skip-checks", "--skip-structure"); err != nil {
		return fmt.Errorf("rollout status --skip-structure: %w", err)
	}
	return nil
}

// viaPsql runs every governorate's up migrations through one psql session.
func (e *env) viaPsql(ctx context.Context, n int, names []string) (float64, error) {
	db := fmt.Sprintf("bench_psql_%d", n)
	url, err := e.database(ctx, 0, db)
	if err != nil {
		return 0, err
	}
	defer e.dropDatabase(context.WithoutCancel(ctx), 0, db)
	var sql bytes.Buffer
	sql.WriteString("\\set ON_ERROR_STOP on\n")
	for _, t := range names {
		e.governorateSQL(&sql, t)
	}
	script := filepath.Join(e.work, fmt.Sprintf("floor-%d.sql", n))
	if err := os.WriteFile(script, sql.Bytes(), 0o644); err != nil {
		return 0, err
	}
	took, _, err := timed(exec.Command("psql", "-q", "-X", "-f", script, url))
	return took, err
}

// governorateSQL is one governorate's part of the floor: its schema and
// every module's up files, as psql runs them.
func (e *env) governorateSQL(sql *bytes.Buffer, t string) {
	fmt.Fprintf(sql, "CREATE SCHEMA %s;\nSET search_path TO %s;\n", t, t)
	for _, m := range modules {
		for _, f := range upFiles(filepath.Join(e.root, "modules", m, "migrations")) {
			b, _ := os.ReadFile(f)
			sql.Write(b)
			sql.WriteString("\n")
		}
	}
}

// viaCLI is what admins do today: golang-migrate's CLI in a shell loop,
// once per governorate and module.
func (e *env) viaCLI(ctx context.Context, n int, names []string) (float64, error) {
	db := fmt.Sprintf("bench_cli_%d", n)
	url, err := e.database(ctx, 0, db)
	if err != nil {
		return 0, err
	}
	defer e.dropDatabase(context.WithoutCancel(ctx), 0, db)
	var loop strings.Builder
	loop.WriteString("set -e\n")
	base := strings.Replace(url, "postgres://", "pgx5://", 1)
	for _, t := range names {
		fmt.Fprintf(&loop, "psql -q -X -c 'CREATE SCHEMA %s' '%s'\n", t, url)
		for _, m := range modules {
			fmt.Fprintf(&loop, "%s -path %s -database '%s&search_path=%s&x-migrations-table=schema_migrations_%s' up 2>/dev/null\n",
				e.migrate, filepath.Join(e.root, "modules", m, "migrations"), base, t, m)
		}
	}
	script := filepath.Join(e.work, fmt.Sprintf("loop-%d.sh", n))
	if err := os.WriteFile(script, []byte(loop.String()), 0o755); err != nil {
		return 0, err
	}
	took, _, err := timed(exec.Command("bash", script))
	return took, err
}

// runRollout runs the built rollout against a database (url "": the
// project's rollout.yaml names them), returning seconds and the process's
// peak memory in MiB.
func (e *env) runRollout(dir, url string, args ...string) (float64, float64, error) {
	cmd := exec.Command(e.rollout, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SMS_GATEWAY_KEY=bench", "CI=true")
	if url != "" {
		cmd.Env = append(cmd.Env, "ROLLOUT_DATABASE_URL="+url)
	}
	name := fmt.Sprintf("%s-%s.pprof", args[0], filepath.Base(dir))
	if e.profiles != "" {
		cmd.Env = append(cmd.Env, "ROLLOUT_CPUPROFILE="+filepath.Join(e.profiles, name))
	}
	if e.heaps != "" {
		cmd.Env = append(cmd.Env, "ROLLOUT_MEMPROFILE="+filepath.Join(e.heaps, name))
	}
	took, state, err := timed(cmd)
	if err != nil {
		return 0, 0, err
	}
	mib := float64(state.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	return took, mib, nil
}

func timed(cmd *exec.Cmd) (float64, *os.ProcessState, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start).Seconds()
	if err != nil {
		return 0, nil, fmt.Errorf("%v: %s", err, tail(out.String()))
	}
	return took, cmd.ProcessState, nil
}

func upFiles(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.up.sql"))
	sort.Strings(files)
	return files
}

func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return strings.Join(lines, "\n")
}
