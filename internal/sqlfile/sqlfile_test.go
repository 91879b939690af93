package sqlfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestRemovedStatements(t *testing.T) {
	tests := []struct {
		name, sql string
		want      string // Runnable with runs of spaces squeezed
	}{
		{"case end line stays", "UPDATE t SET a = CASE\n  WHEN a > 1 THEN 2\n  ELSE 3\nEND;\nUPDATE t SET b = 1;",
			"UPDATE t SET a = CASE\n WHEN a > 1 THEN 2\n ELSE 3\nEND;\nUPDATE t SET b = 1;"},
		{"commit on a line with other sql", "SELECT 1; COMMIT;\nSELECT 2;", "SELECT 1; \nSELECT 2;"},
		{"begin glued to a statement", "CREATE TABLE a (x int);BEGIN;\nSELECT 1;\nEND;", "CREATE TABLE a (x int); \nSELECT 1;\n "},
		{"start transaction and commit work", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nSELECT 1;\nCOMMIT WORK;", " \nSELECT 1;\n "},
		{"dollar body keeps its commit text", "DO $$ BEGIN PERFORM 1; END $$;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $b$ SELECT 1 $b$;",
			"DO $$ BEGIN PERFORM 1; END $$;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $b$ SELECT 1 $b$;"},
		{"string with commit", "INSERT INTO t VALUES ('COMMIT;');", "INSERT INTO t VALUES ('COMMIT;');"},
		{"savepoints stay", "SAVEPOINT s; RELEASE SAVEPOINT s;", "SAVEPOINT s; RELEASE SAVEPOINT s;"},
		{"extensions removed", "CREATE EXTENSION IF NOT EXISTS pg_trgm;\nDROP EXTENSION pgcrypto, \"uuid-ossp\";\nSELECT 1;", " \n \nSELECT 1;"},
		{"comment before begin kept", "-- wrap\nBEGIN; -- open\nSELECT 1;", "-- wrap\n -- open\nSELECT 1;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.sql))
			if err != nil {
				t.Fatal(err)
			}
			got := string(f.Runnable())
			if len(got) != len(tt.sql) {
				t.Fatalf("runnable text changed length: %d, file %d", len(got), len(tt.sql))
			}
			if squeezed := squeeze(got); squeezed != tt.want {
				t.Errorf("runnable:\n%q\nwant\n%q", squeezed, tt.want)
			}
		})
	}
}

func squeeze(s string) string {
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return s
}

func TestStatementsAndKinds(t *testing.T) {
	sql := "-- header\nBEGIN;\nCREATE EXTENSION pg_trgm;\nDROP EXTENSION a, b;\nCREATE TABLE x (id int);\nROLLBACK;\nCOMMIT;"
	f, err := Parse([]byte(sql))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range f.Statements {
		got = append(got, f.Pos(s)+" "+f.Text(s)+" "+strings.Join(s.Extensions, ","))
	}
	want := []string{"2:1 BEGIN ", "3:1 CREATE EXTENSION pg_trgm pg_trgm", "4:1 DROP EXTENSION a, b a,b",
		"5:1 CREATE TABLE x (id int) ", "6:1 ROLLBACK ", "7:1 COMMIT "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("statements\n%q\nwant\n%q", got, want)
	}
	if n := len(f.Of(Refused)); n != 1 {
		t.Errorf("refused statements: %d, want 1 (ROLLBACK)", n)
	}
}

func TestNoTransactionMarker(t *testing.T) {
	for sql, want := range map[string]bool{
		"-- rollout:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);": true,
		"SELECT 1;\n  -- rollout:no-transaction\n":                         true,
		"SELECT '\n-- rollout:no-transaction\n';":                          false,
		"DO $$\n-- rollout:no-transaction\nBEGIN END $$;":                  false, // inside a body
	} {
		f, err := Parse([]byte(sql))
		if err != nil {
			t.Fatal(err)
		}
		if f.NoTransaction != want {
			t.Errorf("%q: no-transaction %v, want %v", sql, f.NoTransaction, want)
		}
	}
}

func TestParseErrorPosition(t *testing.T) {
	_, err := Parse([]byte("CREATE TABLE a (x int);\n-- é comment\nCREATE TABLE é (x int) WITH OIDZ;\nSELECT FROM WHERE;"))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a ParseError", err)
	}
	// column in characters: é is one
	if pe.Line != 3 || pe.Col != 29 || !strings.Contains(pe.Msg, "OIDZ") {
		t.Errorf("at %d:%d (%s), want 3:29 at OIDZ", pe.Line, pe.Col, pe.Msg)
	}
}

func TestParsedOnce(t *testing.T) {
	body := []byte("CREATE TABLE once (x int);")
	a, _ := Parse(body)
	b, _ := Parse([]byte(string(body)))
	if a != b {
		t.Error("the same content was parsed twice")
	}
}

func TestErrorInFile(t *testing.T) {
	body := "BEGIN;\nCREATE TABLE a (x int);\nSELECT 1; COMMIT;\n  INSERT INTO a VALUES ('é'), (nope);\nCREATE TABLE b (y int);"
	f, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	prefix := "SET LOCAL search_path TO \"x\";\n"
	sent := prefix + string(f.Runnable())
	// the server counts characters of the whole query, 1-based
	pos := len([]rune(sent[:strings.Index(sent, "nope")])) + 1
	pe := &pgconn.PgError{Severity: "ERROR", Code: "42703", Message: `column "nope" does not exist`, Position: int32(pos)}
	got := f.ErrorInFile("m/000002_x.up.sql", pe, prefix, 0)
	want := "m/000002_x.up.sql:4:32: ERROR: column \"nope\" does not exist (SQLSTATE 42703)\nSTATEMENT: INSERT INTO a VALUES ('é'), (nope)"
	if got.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", got, want)
	}
	// no position: the statement the server did not complete
	pe = &pgconn.PgError{Severity: "ERROR", Code: "23505", Message: "duplicate key"}
	got = f.ErrorInFile("f.sql", pe, prefix, 3)
	if want := "f.sql:5:1: ERROR: duplicate key (SQLSTATE 23505)"; firstLine(got.Error()) != want {
		t.Errorf("error %q, want %q", firstLine(got.Error()), want)
	}
	// rollout's own records failing: the server error as it is
	if got = f.ErrorInFile("f.sql", pe, prefix, 9); got != error(pe) {
		t.Errorf("error in the records became %v", got)
	}
}

func TestObjects(t *testing.T) {
	sql := `CREATE TABLE IF NOT EXISTS meters (id int);
CREATE TEMP TABLE scratch (x int);
CREATE TABLE public.elsewhere (x int);
CREATE TYPE status AS ENUM ('a');
CREATE FUNCTION pg_temp.helper() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE OR REPLACE FUNCTION "Touch"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE SEQUENCE seq;
CREATE VIEW v AS SELECT 1;
CREATE INDEX meters_id ON meters (id);
CREATE INDEX ON meters (id);`
	f, err := Parse([]byte(sql))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range f.Objects {
		l, _ := LineCol(f.Body, o.Offset)
		got = append(got, o.Kind+" "+o.Name+" "+string(rune('0'+l)))
	}
	want := "table meters 1|type status 4|function Touch 6|sequence seq 7|view v 8|index meters_id 9"
	if strings.Join(got, "|") != want {
		t.Errorf("objects %q\nwant %q", strings.Join(got, "|"), want)
	}
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
