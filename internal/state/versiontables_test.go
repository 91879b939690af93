package state

import (
	"context"
	"maps"
	"slices"
	"testing"
)

// The snapshot tells an empty version table (a run stopped before its
// first file: nothing applied) from one holding a version, for the tables
// no services row accounts for, and reads no row that could run a
// tenant's code: a view or a table with row security is not read (it
// counts as holding a version).
func TestReadTellsEmptyVersionTables(t *testing.T) {
	ctx := context.Background()
	pool := controlPool(t)
	const setup = `
CREATE SCHEMA t1;
CREATE TABLE t1.schema_migrations_empty (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
CREATE TABLE t1.schema_migrations_used (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
INSERT INTO t1.schema_migrations_used VALUES (3, false);
CREATE FUNCTION t1.boom() RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a tenant function ran'; END $$;
CREATE VIEW t1.schema_migrations_view AS SELECT 1::bigint AS version, false AS dirty WHERE t1.boom();
CREATE TABLE t1.schema_migrations_policed (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
ALTER TABLE t1.schema_migrations_policed ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY p ON t1.schema_migrations_policed USING (t1.boom());
CREATE SCHEMA t2;
CREATE TABLE t2.schema_migrations_core (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);`
	if _, err := pool.Exec(ctx, setup); err != nil {
		t.Fatal(err)
	}
	// t2's core has a services row: its (empty) table is accounted for and
	// not read.
	if err := UpsertTenant(ctx, pool, "t2", "t2", "o", "a", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO rollout.services (tenant, module, version) VALUES ('t2', 'core', 0)`); err != nil {
		t.Fatal(err)
	}
	s, err := Read(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(maps.Keys(s.VersionTables["t1"])); len(got) != 4 {
		t.Errorf("version tables of t1 = %v, want all four", got)
	}
	if got := slices.Sorted(maps.Keys(s.EmptyVersionTables["t1"])); !slices.Equal(got, []string{"schema_migrations_empty"}) {
		t.Errorf("empty version tables of t1 = %v, want only schema_migrations_empty", got)
	}
	if len(s.EmptyVersionTables["t2"]) != 0 {
		t.Errorf("t2's accounted table was read: %v", s.EmptyVersionTables["t2"])
	}
}
