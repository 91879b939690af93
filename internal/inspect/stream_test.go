package inspect_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/pgtest"
)

// countingPool is a second pool on the same database, counting queries,
// with at most maxConns connections.
func countingPool(t *testing.T, pool *pgxpool.Pool, maxConns int32) (*pgxpool.Pool, *pgtest.QueryCounter) {
	t.Helper()
	cfg := pool.Config().Copy()
	counter := &pgtest.QueryCounter{}
	cfg.ConnConfig.Tracer = counter
	cfg.MaxConns = maxConns
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p, counter
}

// Reading twelve schemas sends as many queries as reading one, and no
// more than QueryCount; one connection (one lane) reads what two do.
func TestStreamSendsAFixedNumberOfQueries(t *testing.T) {
	var names []string
	for i := range 12 {
		names = append(names, fmt.Sprintf("gov%02d", i))
	}
	pool, targets := setup(t, names...)
	ctx := context.Background()
	opts := inspect.Options{Ignore: inspect.IgnoredTables([]string{"complaints"})}
	queries := func(p *pgxpool.Pool, c *pgtest.QueryCounter, ts []inspect.Target) (int64, map[string]*inspect.Structure) {
		t.Helper()
		c.Reset()
		seen := map[string]*inspect.Structure{}
		err := inspect.Stream(ctx, p, ts, opts, func(schema string, s *inspect.Structure) error {
			if seen[schema] != nil {
				t.Errorf("schema %s handed over twice", schema)
			}
			seen[schema] = s
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return c.Count(), seen
	}
	two, c2 := countingPool(t, pool, 4)
	one, _ := queries(two, c2, targets[:1])
	all, got := queries(two, c2, append(targets, inspect.Target{Schema: "no_such_schema"}))
	if one != all || all > int64(inspect.QueryCount) {
		t.Errorf("1 schema: %d queries, 12 schemas: %d; want the same, at most %d", one, all, inspect.QueryCount)
	}
	if len(got) != len(names) {
		t.Fatalf("read %d schemas, want %d (a missing schema is absent)", len(got), len(names))
	}
	single, c1 := countingPool(t, pool, 1)
	_, alone := queries(single, c1, targets)
	for _, n := range names {
		if d := inspect.Diff(got[n], alone[n], inspect.DiffOptions{}); len(d) != 0 || len(got[n].Objects) != len(alone[n].Objects) {
			t.Errorf("%s read on one connection differs: %v", n, d)
		}
		if d := inspect.Diff(got[names[0]], got[n], inspect.DiffOptions{}); len(d) != 0 {
			t.Errorf("%s differs from %s: %v", n, names[0], d)
		}
	}
}

// An error from the caller stops the stream and comes back as it is.
func TestStreamStopsOnTheCallersError(t *testing.T) {
	pool, targets := setup(t, "balqa", "karak", "tafila")
	stop := fmt.Errorf("enough")
	calls := 0
	err := inspect.Stream(context.Background(), pool, targets, inspect.Options{}, func(string, *inspect.Structure) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Fatalf("err = %v after %d calls, want %v after 1", err, calls, stop)
	}
	// The pool's connections came back usable.
	if _, err := inspect.Read(context.Background(), pool, targets, inspect.Options{}); err != nil {
		t.Fatal(err)
	}
}

// Definitions are deparsed once per group of equal ones, yet every tenant
// gets its own text: a renamed column shows in the constraint and index
// that name it, a changed default shows, and a check or index that calls
// another schema's function stays qualified in the tenant that borrows it
// (the same function oid in both tenants: the same group). balqa and karak
// have names of one length, so their node trees (which keep each token's
// offset in the statement) are equal and would be deparsed once.
func TestSharedDefinitionsKeepEachTenantsText(t *testing.T) {
	pool, targets := setup(t, "balqa", "karak", "tafila")
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `CREATE FUNCTION balqa.ok(text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 IS NOT NULL'`); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"balqa", "karak"} {
		for _, sql := range []string{
			`CREATE INDEX holder_idx ON %s.accounts (holder)`,
			`ALTER TABLE %s.accounts ADD CONSTRAINT holder_ok CHECK (balqa.ok(holder))`,
			`CREATE INDEX ok_idx ON %s.complaints (note) WHERE balqa.ok(note)`,
		} {
			if _, err := pool.Exec(ctx, fmt.Sprintf(sql, s)); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, err := pool.Exec(ctx, `
		ALTER TABLE karak.accounts RENAME COLUMN holder TO owner_name;
		ALTER TABLE karak.complaints RENAME COLUMN note TO remark;
		ALTER TABLE karak.complaints ALTER COLUMN status SET DEFAULT 'closed';`)
	if err != nil {
		t.Fatal(err)
	}
	got := read(t, pool, targets)
	def := func(schema, key string) string { return got[schema].Objects[key].Attrs["definition"] }
	for _, c := range []struct{ schema, key, want string }{
		{"balqa", "constraint accounts.holder_ok", "CHECK (ok(holder))"},
		{"karak", "constraint accounts.holder_ok", "CHECK (balqa.ok(owner_name))"},
		{"balqa", "index ok_idx", "CREATE INDEX ok_idx ON complaints USING btree (note) WHERE ok(note)"},
		{"karak", "index ok_idx", "CREATE INDEX ok_idx ON complaints USING btree (remark) WHERE balqa.ok(remark)"},
		{"balqa", "index holder_idx", "CREATE INDEX holder_idx ON accounts USING btree (holder)"},
		{"karak", "index holder_idx", "CREATE INDEX holder_idx ON accounts USING btree (owner_name)"},
		{"balqa", "constraint complaints.complaints_note_check", "CHECK (note <> ''::text)"},
		{"karak", "constraint complaints.complaints_note_check", "CHECK (remark <> ''::text)"},
		{"tafila", "constraint complaints.complaints_note_check", "CHECK (note <> ''::text)"},
	} {
		if d := def(c.schema, c.key); d != c.want {
			t.Errorf("%s %s: %q, want %q", c.schema, c.key, d, c.want)
		}
	}
	for schema, want := range map[string]string{"balqa": "'open'::complaint_status", "karak": "'closed'::complaint_status"} {
		if d := got[schema].Objects["column complaints.status"].Attrs["default"]; d != want {
			t.Errorf("%s's default: %q, want %q", schema, d, want)
		}
	}
}

// A view's definition is deparsed once for the tenants whose views are the
// same but for their own schema's name, yet every tenant reads what it
// would read alone: a renamed column, a view on the tenant's own function,
// and a constant that spells the first example's schema name (so that
// putting another schema's name in would change it) each keep their text.
// (A view comparing with an enum label names the tenant's own type and
// label by oid, so it is never shared.)
func TestSharedViewDefinitionsMatchEachTenantReadAlone(t *testing.T) {
	names := []string{"gov_a", "gov_b", "gov_c", "gov_d", "gov_e"}
	pool, targets := setup(t, names...)
	ctx := context.Background()
	for _, s := range names {
		_, err := pool.Exec(ctx, fmt.Sprintf(`
			CREATE FUNCTION %[1]s.label(bigint) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1::text';
			CREATE VIEW %[1]s.spelled AS SELECT 'gov_a.accounts' AS origin, holder FROM %[1]s.accounts;
			CREATE VIEW %[1]s.labelled AS SELECT %[1]s.label(id) AS label FROM %[1]s.accounts;
			CREATE VIEW %[1]s.holders AS SELECT a.id, a.holder FROM %[1]s.accounts a;
			CREATE MATERIALIZED VIEW %[1]s.counts AS SELECT count(*) AS n FROM %[1]s.open_complaints;`, s))
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `ALTER TABLE gov_c.accounts RENAME COLUMN holder TO owner_name`); err != nil {
		t.Fatal(err)
	}
	got := read(t, pool, targets)
	for _, target := range targets {
		alone := read(t, pool, []inspect.Target{target})[target.Schema]
		for _, key := range alone.Keys() {
			if a, b := alone.Objects[key].Attrs["definition"], got[target.Schema].Objects[key].Attrs["definition"]; a != b {
				t.Errorf("%s %s read with others:\n%s\nalone:\n%s", target.Schema, key, b, a)
			}
		}
	}
	def := func(schema, key string) string { return got[schema].Objects[key].Attrs["definition"] }
	if d := def("gov_b", "view spelled"); !strings.Contains(d, "'gov_a.accounts'::text") || strings.Contains(d, "gov_b") {
		t.Errorf("gov_b's constant changed: %q", d)
	}
	if d := def("gov_c", "view holders"); !strings.Contains(d, "a.owner_name") {
		t.Errorf("gov_c's view does not name its renamed column: %q", d)
	}
	if d := def("gov_e", "view labelled"); !strings.Contains(d, "SELECT label(accounts.id) AS label") {
		t.Errorf("gov_e's view on its own function: %q", d)
	}
}

// pg_get_indexdef prints an index column's COLLATE only where it differs
// from the column's own collation, so a tenant that changes a column's
// collation but not its index's reads differently, and must not share its
// index's or exclusion constraint's text with the others (found by an
// attack review: either the tenant's text was hidden or given to all).
func TestSharedIndexDefinitionsFollowTheColumnsCollation(t *testing.T) {
	names := []string{"gov_a", "gov_b", "gov_c"}
	pool, targets := setup(t, names...)
	ctx := context.Background()
	for _, s := range names {
		_, err := pool.Exec(ctx, fmt.Sprintf(`CREATE TABLE %[1]s.notes (body text, tag text);
			CREATE INDEX notes_body_idx ON %[1]s.notes (body COLLATE "C");
			ALTER TABLE %[1]s.notes ADD CONSTRAINT notes_tag_x EXCLUDE USING btree (tag COLLATE "C" WITH =)`, s))
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := pool.Exec(ctx, `ALTER TABLE gov_b.notes ALTER COLUMN body TYPE text COLLATE "C", ALTER COLUMN tag TYPE text COLLATE "C"`)
	if err != nil {
		t.Fatal(err)
	}
	got := read(t, pool, targets)
	for _, target := range targets {
		alone := read(t, pool, []inspect.Target{target})[target.Schema]
		for _, key := range []string{"index notes_body_idx", "index notes_tag_x", "constraint notes.notes_tag_x"} {
			if a, b := alone.Objects[key].Attrs["definition"], got[target.Schema].Objects[key].Attrs["definition"]; a != b {
				t.Errorf("%s %s read with others: %q, alone: %q", target.Schema, key, b, a)
			}
		}
	}
}
