package lint

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jo-water/rollout/internal/sqlfile"
)

// TestFileRules: each rule fires on the statement it is about, at its
// line and column, and stays quiet on the safe form and on tables the
// same file creates.
func TestFileRules(t *testing.T) {
	cases := []struct {
		name, sql string
		want      []string // "rule@line:col"
	}{
		{"index on existing table", "SELECT 1;\nCREATE INDEX meters_idx ON meters (reading);",
			[]string{"require-concurrent-index-creation@2:28"}},
		{"index on a table of the same file", "CREATE TABLE m (id int);\nCREATE INDEX m_idx ON m (id);\nCREATE UNIQUE INDEX ON m (id);", nil},
		{"concurrent index in a transactional file", "CREATE INDEX CONCURRENTLY i ON meters (a);",
			[]string{"ban-concurrent-index-creation-in-transaction@1:1"}},
		{"concurrent index outside a transaction", "-- rollout:no-transaction\nCREATE INDEX CONCURRENTLY i ON meters (a);\nDROP INDEX CONCURRENTLY j;", nil},
		{"drop index concurrently in a transaction", "DROP INDEX CONCURRENTLY j;", []string{"ban-concurrent-index-creation-in-transaction@1:1"}},
		{"required field", "ALTER TABLE bills\n  ADD COLUMN paper boolean NOT NULL;",
			[]string{"adding-required-field@2:14"}},
		{"required field with a constant default", "ALTER TABLE bills ADD COLUMN paper boolean NOT NULL DEFAULT false;", nil},
		{"volatile default", "ALTER TABLE bills ADD COLUMN token uuid DEFAULT gen_random_uuid();",
			[]string{"adding-field-with-default@1:41"}},
		{"volatile default deep in an expression", "ALTER TABLE bills ADD COLUMN r int DEFAULT (1 + floor(random() * 10))::int;",
			[]string{"adding-field-with-default@1:36"}},
		{"stable default is fine", "ALTER TABLE bills ADD COLUMN at timestamptz NOT NULL DEFAULT now();", nil},
		{"serial column", "ALTER TABLE bills ADD COLUMN n bigserial;", []string{"adding-field-with-default@1:30"}},
		{"column type", "ALTER TABLE bills ALTER COLUMN amount TYPE numeric(14,3);", []string{"changing-column-type@1:32"}},
		{"set not null", "ALTER TABLE bills ALTER COLUMN amount SET NOT NULL;", []string{"adding-not-nullable-field@1:1"}},
		{"foreign key", "ALTER TABLE bills ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES accounts (id);",
			[]string{"adding-foreign-key-constraint@1:23"}},
		{"foreign key not valid", "ALTER TABLE bills ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES accounts (id) NOT VALID;\nALTER TABLE bills VALIDATE CONSTRAINT f;", nil},
		{"check", "ALTER TABLE bills ADD CHECK (amount >= 0);", []string{"constraint-missing-not-valid@1:23"}},
		{"check not valid", "ALTER TABLE bills ADD CHECK (amount >= 0) NOT VALID;", nil},
		{"drop table", "DROP TABLE IF EXISTS old_bills, x.y;", []string{"ban-drop-table@1:1", "ban-drop-table@1:1"}},
		{"drop a temp table of the same file", "CREATE TEMP TABLE t AS SELECT 1 AS a;\nDROP TABLE t;\nDROP TABLE pg_temp.u;", nil},
		{"drop column", "ALTER TABLE bills DROP COLUMN paper;", []string{"ban-drop-column@1:1"}},
		{"everything on a fresh table", "CREATE TABLE n (a int);\nALTER TABLE n ADD COLUMN b int NOT NULL, ALTER COLUMN a TYPE bigint, ADD CHECK (a > 0), DROP COLUMN b;", nil},
		{"inside a function body nothing counts", "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DROP TABLE x $$;", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := sqlfile.Parse([]byte(c.sql))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range File(f) {
				l, col := sqlfile.LineCol(f.Body, h.Offset)
				got = append(got, fmt.Sprintf("%s@%d:%d", h.Rule.Name, l, col))
				if strings.Contains(h.Why(), "%!") || strings.Contains(h.Fix(), "%!") {
					t.Errorf("unfilled sentence: %s / %s", h.Why(), h.Fix())
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
