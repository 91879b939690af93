package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// With -stats the bench says where the server's time goes: the CPU time
// of the server's processes for each method (the postmaster, its live
// children and the children it reaped), and for apply the statements
// pg_stat_statements saw (track = all, so the ones inside rollout's
// functions too). Loading pg_stat_statements costs every method alike.

// enableStats preloads pg_stat_statements on server i and restarts it.
func (e *env) enableStats(ctx context.Context, i int) error {
	c, err := pgx.Connect(ctx, e.admins[i])
	if err != nil {
		return err
	}
	_, err = c.Exec(ctx, `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`)
	c.Close(ctx)
	if err != nil {
		return err
	}
	if _, err := e.servers[i].Stop(ctx); err != nil {
		return err
	}
	info, err := e.servers[i].Start(ctx)
	if err != nil {
		return err
	}
	e.admins[i] = info.URL
	c, err = pgx.Connect(ctx, e.admins[i])
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	// The module's settings exist once it is loaded.
	for _, q := range []string{`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`,
		`ALTER SYSTEM SET pg_stat_statements.track = 'all'`, `SELECT pg_reload_conf()`} {
		if _, err := c.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// serverCPU is the CPU seconds server i's processes used so far.
func (e *env) serverCPU(i int) float64 {
	pidFile, err := os.ReadFile(filepath.Join(e.servers[i].Dir, "data", "postmaster.pid"))
	if err != nil {
		return 0
	}
	pm := strings.TrimSpace(strings.SplitN(string(pidFile), "\n", 2)[0])
	f := procStat(pm)
	if len(f) < 17 {
		return 0
	}
	// utime, stime, cutime, cstime of the postmaster (fields 14-17).
	ticks := f[13] + f[14] + f[15] + f[16]
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		if c := procStat(p.Name()); len(c) >= 17 && strconv.Itoa(int(c[3])) == pm {
			ticks += c[13] + c[14]
		}
	}
	return ticks / 100 // USER_HZ
}

// procStat reads /proc/<pid>/stat's numeric fields (index = field - 1;
// the command name's field reads as 0).
func procStat(pid string) []float64 {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return nil
	}
	s := string(b)
	end := strings.LastIndexByte(s, ')')
	if end < 0 {
		return nil
	}
	pidv, _ := strconv.ParseFloat(pid, 64)
	out := []float64{pidv, 0}
	for _, w := range strings.Fields(s[end+1:]) {
		v, _ := strconv.ParseFloat(w, 64) // the state letter reads as 0
		out = append(out, v)
	}
	return out
}

// resetStatements clears pg_stat_statements on server i.
func (e *env) resetStatements(ctx context.Context, i int) error {
	c, err := pgx.Connect(ctx, e.admins[i])
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, `SELECT pg_stat_statements_reset()`)
	return err
}

// topStatements prints the statements of database db on server i that
// took the most time, with their calls and share of the total.
func (e *env) topStatements(ctx context.Context, i int, db string, top int) error {
	c, err := pgx.Connect(ctx, e.admins[i])
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	// One statement per tenant differs only in its quoted names (and a
	// module file's in its search_path): grouped by text with names blanked.
	rows, err := c.Query(ctx, `WITH s AS (SELECT regexp_replace(regexp_replace(query, '"[^"]*"', '"…"', 'g'), '\s+', ' ', 'g') AS q,
			sum(calls) AS calls, sum(total_exec_time) AS t
		FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 GROUP BY 1)
		SELECT calls, t / 1000, 100 * t / nullif(sum(t) OVER (), 0), sum(calls) OVER (), sum(t) OVER () / 1000, left(q, 120)
		FROM s ORDER BY t DESC LIMIT $2`, db, top)
	if err != nil {
		return err
	}
	defer rows.Close()
	first := true
	for rows.Next() {
		var calls, allCalls int64
		var secs, share, allSecs float64
		var q string
		if err := rows.Scan(&calls, &secs, &share, &allCalls, &allSecs, &q); err != nil {
			return err
		}
		if first {
			fmt.Printf("pg_stat_statements of %s: %d calls, %.2f s executing (track = all: nested statements count inside their callers too)\n"+
				"%8s %9s %6s  %s\n", db, allCalls, allSecs, "calls", "s", "%", "statement")
			first = false
		}
		fmt.Printf("%8d %9.2f %6.1f  %s\n", calls, secs, share, q)
	}
	return rows.Err()
}

// meter starts measuring server 0 for one method: with -stats it clears
// pg_stat_statements and returns a function that gives the server CPU
// seconds since; without, a function that gives 0.
func (e *env) meter(ctx context.Context) (func() float64, error) {
	if !e.stats {
		return func() float64 { return 0 }, nil
	}
	if err := e.resetStatements(ctx, 0); err != nil {
		return nil, err
	}
	start := e.serverCPU(0)
	return func() float64 {
		// A backend that just ended is counted once the postmaster reaped it.
		time.Sleep(time.Second)
		return e.serverCPU(0) - start
	}, nil
}

// cpuLine is the -stats line under the one-server row.
func (r row) cpuLine() string {
	s := fmt.Sprintf("server CPU s: psql %.2f, apply %.2f", r.psqlCPU, r.applyCPU)
	if r.cliCPU > 0 {
		s += fmt.Sprintf(", cli %.2f", r.cliCPU)
	}
	if r.psqlCPU > 0 {
		s += fmt.Sprintf("; apply/psql %.2f", r.applyCPU/r.psqlCPU)
	}
	if r.psqlEachCPU > 0 {
		s += fmt.Sprintf("\npsql, a fresh session per governorate: %.2f s, server CPU %.2f s (%.2f× one session's); apply/that %.2f in time, %.2f in server CPU",
			r.psqlEach, r.psqlEachCPU, r.psqlEachCPU/r.psqlCPU, r.apply/r.psqlEach, r.applyCPU/r.psqlEachCPU)
	}
	return s
}
