package migrator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/sqlfile"
)

// testModule builds a module from up/down pairs, versions 1, 2, …
func testModule(t *testing.T, pairs ...[2]string) *config.Module {
	t.Helper()
	m := &config.Module{Name: "m"}
	for i, p := range pairs {
		up, err := sqlfile.Parse([]byte(p[0]))
		if err != nil {
			t.Fatal(err)
		}
		down, err := sqlfile.Parse([]byte(p[1]))
		if err != nil {
			t.Fatal(err)
		}
		v := uint(i + 1)
		m.Migrations = append(m.Migrations, &config.Migration{Version: v, Name: "x",
			UpPath: fmt.Sprintf("modules/m/migrations/%06d_x.up.sql", v), DownPath: fmt.Sprintf("modules/m/migrations/%06d_x.down.sql", v),
			Up: up.Body, Down: down.Body, UpSum: up.Sum, DownSum: down.Sum, UpSQL: up, DownSQL: down, NoTransaction: up.NoTransaction})
	}
	return m
}

func testTarget(t *testing.T, m *config.Module) (Target, *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := pool.Exec(ctx, "CREATE SCHEMA tenant"); err != nil {
		t.Fatal(err)
	}
	return Target{Pool: pool, Schema: "tenant", Module: m}, pool
}

const createT = "CREATE TABLE t (a int, b int);\nINSERT INTO t VALUES (1, 0), (2, 0);"

// A line `END;` that closes a CASE is part of the statement, not a COMMIT.
func TestCaseEndLine(t *testing.T) {
	m := testModule(t, [2]string{createT, "DROP TABLE t;"},
		[2]string{"BEGIN;\nUPDATE t SET b = CASE\n  WHEN a > 1 THEN 20\n  ELSE 10\nEND;\nUPDATE t SET a = a * 100;\nCOMMIT;", "SELECT 1;"})
	tg, pool := testTarget(t, m)
	if _, _, err := Migrate(context.Background(), tg, 2); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := pool.QueryRow(context.Background(), "SELECT string_agg(a || ':' || b, ',' ORDER BY a) FROM tenant.t").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "100:10,200:20" {
		t.Errorf("rows %s, want 100:10,200:20", got)
	}
}

// `COMMIT;` on the same line as other SQL is removed: a later failure
// leaves nothing of the file, and the tenant cleanly at its old version.
func TestCommitMidLineThenFailure(t *testing.T) {
	m := testModule(t, [2]string{createT, "DROP TABLE t;"},
		[2]string{"BEGIN;\nCREATE TABLE half (x int);\nSELECT 1; COMMIT;\nCREATE TABLE other (x int);\nSELECT nope FROM half;", "SELECT 1;"})
	tg, pool := testTarget(t, m)
	from, now, err := Migrate(context.Background(), tg, 2)
	if err == nil {
		t.Fatal("the failing file succeeded")
	}
	if from != 0 || now != 1 {
		t.Errorf("versions %d → %d, want 0 → 1", from, now)
	}
	if v, dirty, err := Version(context.Background(), tg); err != nil || v != 1 || dirty {
		t.Errorf("version %d dirty %v (%v), want 1 clean", v, dirty, err)
	}
	var n int
	if err := pool.QueryRow(context.Background(),
		"SELECT count(*) FROM pg_tables WHERE tablename IN ('half', 'other')").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d tables of the failed file committed (%v)", n, err)
	}
}

// A server error names the file's own line and column, psql style, with
// the failing statement and none of rollout's SQL.
func TestErrorPosition(t *testing.T) {
	up := "-- comment\nCREATE TABLE a (x int);\n\n  INSERT INTO a\n  SELECT missing_column FROM a;\nCREATE TABLE b (y int);"
	m := testModule(t, [2]string{up, "DROP TABLE a;"})
	tg, _ := testTarget(t, m)
	tg.AfterRun = func(from, to int) string { return "SELECT 'internal record';" }
	_, _, err := Migrate(context.Background(), tg, 1)
	if err == nil {
		t.Fatal("the failing file succeeded")
	}
	msg := err.Error()
	want := `modules/m/migrations/000001_x.up.sql:5:10: ERROR: column "missing_column" does not exist (SQLSTATE 42703)`
	if first := firstLine(msg); first != want {
		t.Errorf("first line\n%s\nwant\n%s", first, want)
	}
	if !strings.Contains(msg, "STATEMENT: INSERT INTO a\n  SELECT missing_column FROM a") {
		t.Errorf("the failing statement is missing:\n%s", msg)
	}
	for _, leak := range []string{"SET LOCAL", "internal record", "CREATE TABLE b", "search_path"} {
		if strings.Contains(msg, leak) {
			t.Errorf("the error shows %q:\n%s", leak, msg)
		}
	}
}

// Without a position (a constraint violation), the error points at the
// statement the server did not complete.
func TestErrorWithoutPosition(t *testing.T) {
	up := "CREATE TABLE u (x int UNIQUE);\nINSERT INTO u VALUES (1);\nSELECT 1; INSERT INTO u VALUES (1);"
	m := testModule(t, [2]string{up, "DROP TABLE u;"})
	tg, _ := testTarget(t, m)
	_, _, err := Migrate(context.Background(), tg, 1)
	want := "modules/m/migrations/000001_x.up.sql:3:11: ERROR: duplicate key"
	if err == nil || !strings.HasPrefix(firstLine(err.Error()), want) {
		t.Errorf("error %v, want it to start with %q", err, want)
	}
}

// A no-transaction file runs statement by statement; an error names its line.
func TestNoTransactionStatements(t *testing.T) {
	up := "-- rollout:no-transaction\nCREATE TABLE n (x int);\nCREATE INDEX CONCURRENTLY n_x ON n (x);\nSELECT 1; SELECT broken FROM n;"
	m := testModule(t, [2]string{up, "DROP TABLE n;"})
	tg, _ := testTarget(t, m)
	_, _, err := Migrate(context.Background(), tg, 1)
	// First the news (the tenant is dirty), then the file's error.
	want := `modules/m/migrations/000001_x.up.sql:4:18: ERROR: column "broken" does not exist`
	if err == nil || !errors.Is(err, ErrDirty) || !strings.Contains(err.Error(), "\n"+want) {
		t.Errorf("error %v, want ErrDirty, then a line starting with %q", err, want)
	}
}

// A down file's DROP EXTENSION (shared by every tenant of the database)
// does not run: rollout owns extensions.
func TestDropExtensionInDownFile(t *testing.T) {
	m := testModule(t, [2]string{"CREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE TABLE w (s text);",
		"DROP TABLE w;\nDROP EXTENSION pg_trgm;"})
	tg, pool := testTarget(t, m)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, "CREATE EXTENSION pg_trgm"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Migrate(ctx, tg, 1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Migrate(ctx, tg, 0); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'").Scan(&n); err != nil || n != 1 {
		t.Errorf("pg_trgm installed %d times after the down file (%v), want 1", n, err)
	}
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
