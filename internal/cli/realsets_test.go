package cli_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/jo-water/rollout/internal/inspect"
)

// refschema SCHEMA DIR UPTO runs the up files of DIR with versions up to
// UPTO, in version order, unchanged, in one plain session whose
// search_path is SCHEMA then the shared extensions: what an admin gets
// with psql. It is the reference a tenant's schema must equal.
func cmdRefSchema(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: refschema SCHEMA DIR UPTO")
	}
	upto, err := strconv.ParseUint(args[2], 10, 64)
	ts.Check(err)
	files, err := filepath.Glob(filepath.Join(ts.MkAbs(args[1]), "*.up.sql"))
	ts.Check(err)
	sort.Slice(files, func(i, j int) bool { return version(files[i]) < version(files[j]) })
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	defer conn.Close(ctx)
	schema := pgx.Identifier{args[0]}.Sanitize()
	_, err = conn.Exec(ctx, "CREATE SCHEMA "+schema+"; SET search_path TO "+schema+", extensions")
	ts.Check(err)
	n := 0
	for _, f := range files {
		if version(f) > upto {
			break
		}
		body, err := os.ReadFile(f)
		ts.Check(err)
		if _, err := conn.Exec(ctx, string(body), pgx.QueryExecModeSimpleProtocol); err != nil {
			ts.Fatalf("refschema: %s: %v", f, err)
		}
		n++
	}
	fmt.Fprintf(ts.Stdout(), "%d files run in %s\n", n, args[0])
}

func version(path string) uint64 {
	v, _ := strconv.ParseUint(strings.SplitN(filepath.Base(path), "_", 2)[0], 10, 64)
	return v
}

// sameschema [-extra] REF SCHEMA… compares each SCHEMA with REF from
// pg_catalog (tables, columns, constraints, indexes, sequences, views,
// functions, triggers, types; owners and grants left out, rollout's own
// tables ignored) and fails on any difference. -extra allows objects in
// SCHEMA that REF lacks (other modules sharing a tenant schema).
func cmdSameSchema(ts *testscript.TestScript, neg bool, args []string) {
	extra := len(args) > 0 && args[0] == "-extra"
	if extra {
		args = args[1:]
	}
	if len(args) < 2 {
		ts.Fatalf("usage: sameschema [-extra] REF SCHEMA...")
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	defer pool.Close()
	var targets []inspect.Target
	for _, s := range args {
		targets = append(targets, inspect.Target{Schema: s})
	}
	ignore := inspect.IgnoredTables([]string{"account_inquiry", "complaints", "follow_up", "openmeter", "xmtpd"})
	got, err := inspect.Read(ctx, pool, targets, inspect.Options{Ignore: ignore})
	ts.Check(err)
	ref := got[args[0]]
	if ref == nil || len(ref.Objects) == 0 {
		ts.Fatalf("sameschema: reference schema %s is empty", args[0])
	}
	opts := inspect.DiffOptions{IgnorePrivileges: true}
	if extra {
		opts.Allowed = func(kind, name string) bool { return true }
	}
	for _, s := range args[1:] {
		live := got[s]
		if live == nil {
			ts.Fatalf("sameschema: schema %s does not exist", s)
		}
		var lines []string
		for _, c := range inspect.Diff(ref, live, opts) {
			lines = append(lines, c.String(s))
		}
		switch {
		case len(lines) > 0 && !neg:
			ts.Fatalf("sameschema: %s differs from %s:\n%s", s, args[0], strings.Join(lines, "\n"))
		case len(lines) == 0 && neg:
			ts.Fatalf("sameschema: %s equals %s", s, args[0])
		case neg:
			fmt.Fprintf(ts.Stdout(), "%s differs from %s: %d changes\n", s, args[0], len(lines))
			return
		}
	}
	fmt.Fprintf(ts.Stdout(), "%d schemas equal to %s (%d objects)\n", len(args)-1, args[0], len(ref.Objects))
}
