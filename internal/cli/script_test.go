package cli_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/jo-water/rollout/internal/cli"
	"github.com/jo-water/rollout/internal/pgtest"
)

func TestMain(m *testing.M) {
	testscript.Main(pgtest.Wrap(m), map[string]func(){
		"rollout": func() { os.Exit(cli.MainAt(scriptClock)) },
	})
}

// scriptClock is rollout's clock in scripts: ROLLOUT_NOW (RFC 3339) moves
// it, so a story over days runs in seconds; unset, it is the system's.
// Only the test binary reads the variable: a real rollout never does.
func scriptClock() (time.Time, error) {
	v := os.Getenv("ROLLOUT_NOW")
	if v == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("ROLLOUT_NOW is %q; give a time such as 2026-12-01T10:00:00Z, or unset it", v)
	}
	return t, nil
}

// TestScripts runs testdata/script/<command>_<topic>.txtar. Each script
// gets its own work folder and, in $DATABASE_URL, a fresh database on the
// test server; scripts that want the embedded server start it themselves.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"exitcode": cmdExitCode, "sql": cmdSQL, "waitsql": cmdWaitSQL,
			"offlineguess": cmdOfflineGuess, "sqlfile": cmdSQLFile, "newdb": cmdNewDB, "mkrole": cmdMkRole, "urlas": cmdURLAs,
			"pgbouncer": cmdPgBouncer, "holdsql": cmdHoldSQL, "releasesql": cmdReleaseSQL,
			"refschema": cmdRefSchema, "sameschema": cmdSameSchema, "jsonschema": cmdJSONSchema, "ctrlc2": cmdCtrlCTwice},
		Setup: func(env *testscript.Env) error {
			// As root the embedded server runs as another user, who must
			// be able to enter the work folder.
			os.Chmod(filepath.Dir(env.WorkDir), 0o755)
			os.Chmod(env.WorkDir, 0o755)
			env.Values["t"] = env.T()
			dbURL := pgtest.NewDatabase(env.T().(testing.TB))
			env.Setenv("DATABASE_URL", dbURL)
			u, _ := url.Parse(dbURL)
			env.Setenv("DB_HOSTPORT", u.Host)
			env.Setenv("DB_NAME", strings.TrimPrefix(u.Path, "/"))
			u.User = url.UserPassword(u.User.Username(), "wrong-pw-123")
			env.Setenv("BAD_PASSWORD_URL", u.String())
			env.Setenv("ROLLOUT_ACTOR", "testscript")
			repo, _ := filepath.Abs("../..")
			env.Setenv("REPO", repo)
			fixture, _ := filepath.Abs("testdata/fixture")
			env.Setenv("FIXTURE", fixture)
			project, _ := filepath.Abs("../..") // the real modules and governorates
			env.Setenv("PROJECT", project)
			if os.Geteuid() == 0 {
				env.Setenv("ROOT", "1")
			}
			return nil
		},
	})
}

// exitcode N prog args… runs prog and asserts its exit status is N.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("%v", err)
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}

// sql [-as ROLE:PASSWORD] [-url VAR] [-f FILE] QUERY runs one statement on
// $DATABASE_URL (as the test's superuser, or as ROLE) and prints the rows,
// one per line, columns separated by |.
func cmdSQL(ts *testscript.TestScript, neg bool, args []string) {
	ctx := context.Background()
	u := ts.Getenv("DATABASE_URL")
	var as string
	for len(args) >= 2 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-as":
			as = args[1]
		case "-url":
			u = ts.Getenv(args[1])
		case "-f":
			args = append(args[:2], ts.ReadFile(args[1]))
		default:
			ts.Fatalf("sql: unknown flag %s", args[0])
		}
		args = args[2:]
	}
	if as != "" {
		p, err := url.Parse(u)
		ts.Check(err)
		user, pw, _ := strings.Cut(as, ":")
		p.User = url.UserPassword(user, pw)
		u = p.String()
	}
	conn, err := pgx.Connect(ctx, u)
	ts.Check(err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, strings.Join(args, " "), pgx.QueryExecModeSimpleProtocol)
	if err == nil {
		for rows.Next() {
			vals, _ := rows.Values()
			parts := make([]string, len(vals))
			for i, v := range vals {
				parts[i] = fmt.Sprint(v)
			}
			fmt.Fprintln(ts.Stdout(), strings.Join(parts, "|"))
		}
		rows.Close()
		err = rows.Err()
	}
	if err != nil && !neg {
		ts.Fatalf("sql: %v", err)
	}
	if err == nil && neg {
		ts.Fatalf("sql succeeded unexpectedly")
	}
	if err != nil {
		fmt.Fprintln(ts.Stderr(), err)
	}
}

// newdb VAR creates a second empty database on the test server, puts its
// URL in $VAR and its name in $VAR_NAME; it is dropped when the script ends.
func cmdNewDB(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: newdb VAR")
	}
	ctx := context.Background()
	name := strings.ToLower(pgtest.RandomName("t2_"))
	admin, err := pgx.Connect(ctx, ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	ts.Check(err)
	u, _ := url.Parse(ts.Getenv("DATABASE_URL"))
	u.Path = "/" + name
	ts.Setenv(args[0], u.String())
	ts.Setenv(args[0]+"_NAME", name)
	ts.Defer(func() { pgtest.DropDatabase(ts.Getenv("DATABASE_URL"), name) })
}

// urlas VAR USER:PASSWORD sets $VAR to $DATABASE_URL logging in as USER.
func cmdURLAs(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: urlas VAR USER:PASSWORD")
	}
	p, err := url.Parse(ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	user, pw, _ := strings.Cut(args[1], ":")
	p.User = url.UserPassword(user, pw)
	ts.Setenv(args[0], p.String())
}

// mkrole NAME [OPTION]... creates a role on the test server (CREATE ROLE
// NAME OPTION…), dropped with what it owns when the script ends.
func cmdMkRole(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: mkrole NAME [OPTION]...")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE ROLE "+pgx.Identifier{args[0]}.Sanitize()+" "+strings.Join(args[1:], " "))
	ts.Check(err)
	ts.Defer(func() { pgtest.DropRoles(ts.Getenv("DATABASE_URL"), args[0]) })
}

// waitsql QUERY polls $DATABASE_URL's server until QUERY returns true
// (30 seconds at most): to act at a precise moment, such as while a given
// migration file runs.
func cmdWaitSQL(ts *testscript.TestScript, neg bool, args []string) {
	ctx := context.Background()
	dbVar, args := urlArg(args)
	conn, err := pgx.Connect(ctx, ts.Getenv(dbVar))
	ts.Check(err)
	defer conn.Close(ctx)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var ok bool
		if err := conn.QueryRow(ctx, strings.Join(args, " ")).Scan(&ok); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("waitsql: still not true after 30s: %s", strings.Join(args, " "))
}

// offlineguess DIGITS plays someone who holds a copy of the database (a
// pg_dump) and wants a secret setting that is a PIN of DIGITS digits: for
// every stored secret it tries every PIN with HMAC-SHA256 keyed by every
// value in rollout.meta, which is how secrets were once stored. It fails
// the script if it finds one. (What a guess costs under the scheme used
// now is BenchmarkGuess in internal/fingerprint.)
func cmdOfflineGuess(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: offlineguess DIGITS")
	}
	digits, err := strconv.Atoi(args[0])
	ts.Check(err)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	defer conn.Close(ctx)
	keys := []string{""}
	rows, err := conn.Query(ctx, `SELECT value FROM rollout.meta`)
	ts.Check(err)
	for rows.Next() {
		var k string
		ts.Check(rows.Scan(&k))
		keys = append(keys, k)
	}
	ts.Check(rows.Err())
	type stored struct{ tenant, module, name, digest string }
	var secrets []stored
	rows, err = conn.Query(ctx, `SELECT s.tenant, s.module, e.key, e.value->>'sensitive' FROM rollout.services s,
		jsonb_each(s.settings) e WHERE jsonb_typeof(e.value) = 'object' AND e.value ? 'sensitive'`)
	ts.Check(err)
	for rows.Next() {
		var x stored
		ts.Check(rows.Scan(&x.tenant, &x.module, &x.name, &x.digest))
		secrets = append(secrets, x)
	}
	ts.Check(rows.Err())
	if len(secrets) == 0 {
		ts.Fatalf("offlineguess: no stored secret to attack")
	}
	limit := 1
	for range digits {
		limit *= 10
	}
	for _, x := range secrets {
		hexPart := x.digest[strings.LastIndex(x.digest, ":")+1:]
		for pin := range limit {
			value := fmt.Sprintf("%q", fmt.Sprintf("%0*d", digits, pin))
			for _, k := range keys {
				m := hmac.New(sha256.New, []byte(k))
				fmt.Fprintf(m, "%s\x00%s\x00%s\x00%s", x.tenant, x.module, x.name, value)
				if sum := hex.EncodeToString(m.Sum(nil)); hexPart != "" && strings.HasPrefix(sum, hexPart) {
					ts.Fatalf("offlineguess: %s's %s.%s is %s, found from the database alone", x.tenant, x.module, x.name, value)
				}
			}
		}
	}
	fmt.Fprintf(ts.Stdout(), "%d secrets, %d guesses each: none found\n", len(secrets), limit*len(keys))
}

// sqlfile SCHEMA FILE… runs files by hand in a schema, as an admin with
// psql would (no rollout, no roles): to build schemas to adopt.
func cmdSQLFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: sqlfile SCHEMA FILE...")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	defer conn.Close(ctx)
	sql := "SET search_path TO " + pgx.Identifier{args[0]}.Sanitize() + ";\n"
	for _, f := range args[1:] {
		sql += ts.ReadFile(f) + "\n;\n"
	}
	_, err = conn.Exec(ctx, sql+"RESET search_path;", pgx.QueryExecModeSimpleProtocol)
	ts.Check(err)
}

// urlArg takes an optional leading "-url VAR": the variable holding the URL.
func urlArg(args []string) (string, []string) {
	if len(args) > 1 && args[0] == "-url" {
		return args[1], args[2:]
	}
	return "DATABASE_URL", args
}

// held are the transactions holdsql keeps open, by name.
var held sync.Map

// holdsql [-url VAR] NAME QUERY runs QUERY in a transaction left open
// (to hold its locks) until releasesql NAME.
func cmdHoldSQL(ts *testscript.TestScript, neg bool, args []string) {
	dbVar, args := urlArg(args)
	if neg || len(args) < 2 {
		ts.Fatalf("usage: holdsql [-url VAR] NAME QUERY")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ts.Getenv(dbVar))
	ts.Check(err)
	tx, err := conn.Begin(ctx)
	ts.Check(err)
	if _, err := tx.Exec(ctx, strings.Join(args[1:], " ")); err != nil {
		conn.Close(ctx)
		ts.Fatalf("holdsql: %v", err)
	}
	held.Store(ts.Getenv("WORK")+"/"+args[0], conn)
	ts.Defer(func() { conn.Close(context.Background()) })
}

// releasesql NAME ends what holdsql NAME holds.
func cmdReleaseSQL(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: releasesql NAME")
	}
	c, ok := held.LoadAndDelete(ts.Getenv("WORK") + "/" + args[0])
	if !ok {
		ts.Fatalf("releasesql: nothing held as %s", args[0])
	}
	c.(*pgx.Conn).Close(context.Background())
}
