package inspect_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/pgtest"
)

// tenantSQL is one tenant's objects of every kind inspection reads; it
// names its own schema in a default, a foreign key and a function body,
// which must all compare equal across schemas.
const tenantSQL = `
CREATE TYPE complaint_status AS ENUM ('open', 'closed');
CREATE DOMAIN mobile AS text CHECK (VALUE ~ '^07[789][0-9]{7}$');
CREATE TYPE geo AS (lat numeric, lon numeric);
CREATE SEQUENCE complaint_ref_seq START 1000;
CREATE TABLE accounts (id bigserial PRIMARY KEY, holder text NOT NULL);
CREATE TABLE complaints (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref bigint NOT NULL DEFAULT nextval('%[1]s.complaint_ref_seq'),
    account_id bigint REFERENCES %[1]s.accounts (id),
    status complaint_status NOT NULL DEFAULT 'open',
    phone mobile,
    place geo,
    note text,
    CHECK (note <> '')
);
CREATE INDEX complaints_status_idx ON complaints (status) WHERE status = 'open';
CREATE VIEW open_complaints AS SELECT c.id, a.holder FROM %[1]s.complaints c JOIN accounts a ON a.id = c.account_id WHERE c.status = 'open';
CREATE FUNCTION close_complaint(p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE %[1]s.complaints SET status = 'closed' WHERE id = p_id;
END
$$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER complaints_touch BEFORE UPDATE ON complaints FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE complaints ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON complaints USING (note IS NOT NULL);
CREATE TABLE tenant_services (module text);
CREATE TABLE schema_migrations_complaints (version bigint PRIMARY KEY, dirty boolean);
`

func setup(t *testing.T, schemas ...string) (*pgxpool.Pool, []inspect.Target) {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	var targets []inspect.Target
	for _, s := range schemas {
		id := pgx.Identifier{s}.Sanitize()
		sql := "CREATE SCHEMA " + id + "; SET search_path = " + id + ";" + strings.ReplaceAll(tenantSQL, "%[1]s", id) + "RESET search_path;"
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatalf("build %s: %v", s, err)
		}
		targets = append(targets, inspect.Target{Schema: s})
	}
	return pool, targets
}

func read(t *testing.T, pool *pgxpool.Pool, targets []inspect.Target) map[string]*inspect.Structure {
	t.Helper()
	got, err := inspect.Read(context.Background(), pool, targets, inspect.Options{Ignore: inspect.IgnoredTables([]string{"complaints"})})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestSameObjectsInTwoSchemasCompareEqual(t *testing.T) {
	pool, targets := setup(t, "balqa", "Karak Two")
	got := read(t, pool, targets)
	b, k := got["balqa"], got["Karak Two"]
	if b == nil || k == nil {
		t.Fatalf("schemas missing from %v", got)
	}
	for _, want := range []string{"schema ", "table complaints", "column complaints.status", "constraint complaints.complaints_account_id_fkey",
		"index complaints_status_idx", "sequence complaint_ref_seq", "sequence complaints_id_seq", "view open_complaints",
		"function close_complaint(p_id bigint)", "trigger complaints.complaints_touch", "type complaint_status", "type mobile", "type geo",
		"policy complaints.own_rows"} {
		if _, ok := b.Objects[want]; !ok {
			t.Errorf("balqa lacks %q; has %v", want, b.Keys())
		}
	}
	for _, ignored := range []string{"table tenant_services", "table schema_migrations_complaints", "index schema_migrations_complaints_pkey"} {
		if _, ok := b.Objects[ignored]; ok {
			t.Errorf("rollout's own %q was inspected", ignored)
		}
	}
	if d := inspect.Diff(b, k, inspect.DiffOptions{}); len(d) != 0 {
		t.Fatalf("identical schemas differ: %v", d)
	}
	if def := b.Objects["column complaints.ref"].Attrs["default"]; def != "nextval('complaint_ref_seq'::regclass)" {
		t.Errorf("the schema's name stays in a default: %q", def)
	}
	if fk := b.Objects["constraint complaints.complaints_account_id_fkey"].Attrs["definition"]; fk != "FOREIGN KEY (account_id) REFERENCES accounts(id)" {
		t.Errorf("foreign key: %q", fk)
	}
}

func TestHandMadeChangesAreNamed(t *testing.T) {
	pool, targets := setup(t, "balqa", "karak")
	ctx := context.Background()
	_, err := pool.Exec(ctx, `
		CREATE INDEX bills_due_idx ON karak.accounts (holder);
		DROP INDEX karak.complaints_status_idx;
		ALTER TABLE karak.complaints ALTER COLUMN phone TYPE varchar(20);
		ALTER TABLE karak.complaints ADD COLUMN reporter text;
		CREATE OR REPLACE FUNCTION karak.close_complaint(p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
		BEGIN
		    DELETE FROM karak.complaints WHERE id = p_id;
		END
		$$;
		CREATE TABLE karak.local_report (n int);
		CREATE ROLE inspect_foreign_reader;
		GRANT SELECT ON karak.accounts TO inspect_foreign_reader;`)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Exec(context.Background(), `DROP OWNED BY inspect_foreign_reader; DROP ROLE inspect_foreign_reader`)
	})
	got := read(t, pool, targets)
	var lines []string
	for _, c := range inspect.Diff(got["balqa"], got["karak"], inspect.DiffOptions{}) {
		lines = append(lines, c.String("karak"))
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{
		"+ index karak.bills_due_idx",
		"- index karak.complaints_status_idx",
		"~ column complaints.phone: mobile → character varying(20)",
		"+ column karak.complaints.reporter",
		`"UPDATE complaints SET status = 'closed' WHERE id = p_id;" → "DELETE FROM complaints WHERE id = p_id;"`,
		"+ table karak.local_report",
		"~ table accounts: grants +inspect_foreign_reader=SELECT",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("diff lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "local_report.n") {
		t.Errorf("a new table's columns are listed one by one:\n%s", text)
	}
	allowed := inspect.Diff(got["balqa"], got["karak"], inspect.DiffOptions{Allowed: func(kind, name string) bool {
		return kind == "table" && name == "local_report" || kind == "index" && name == "bills_due_idx"
	}})
	for _, c := range allowed {
		if c.Name == "local_report" || c.Name == "bills_due_idx" {
			t.Errorf("an allowed extra is reported: %s", c.String("karak"))
		}
	}
}

func TestRolesAreAbstracted(t *testing.T) {
	ctx := context.Background()
	pool, _ := setup(t)
	var targets []inspect.Target
	for _, s := range []string{"balqa", "karak"} {
		owner, app := pgtest.RandomName(s+"_o"), pgtest.RandomName(s+"_a")
		targets = append(targets, inspect.Target{Schema: s, Owner: owner, App: app})
		_, err := pool.Exec(ctx, `CREATE ROLE `+owner+`; CREATE ROLE `+app+`; CREATE SCHEMA `+s+` AUTHORIZATION `+owner+`;
			CREATE TABLE `+s+`.t (n int); ALTER TABLE `+s+`.t OWNER TO `+owner+`; GRANT SELECT ON `+s+`.t TO `+app)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			pool.Exec(context.Background(), `DROP SCHEMA `+s+` CASCADE; DROP ROLE `+owner+`; DROP ROLE `+app)
		})
	}
	got := read(t, pool, targets)
	if d := inspect.Diff(got["balqa"], got["karak"], inspect.DiffOptions{}); len(d) != 0 {
		t.Fatalf("each tenant's own roles must compare equal, got %v", d)
	}
	if g := got["karak"].Objects["table t"].Attrs["grants"]; !strings.Contains(g, "app=SELECT") || !strings.Contains(g, "owner=SELECT") {
		t.Errorf("grants = %q, want the roles abstracted", g)
	}
	// Without telling which roles are the tenant's, they are foreign.
	got = read(t, pool, []inspect.Target{{Schema: "balqa"}, {Schema: "karak"}})
	if d := inspect.Diff(got["balqa"], got["karak"], inspect.DiffOptions{}); len(d) == 0 {
		t.Fatal("two schemas owned by different unnamed roles compare equal")
	}
}

// An extension installed into a tenant's schema is the extension's: its
// types, functions and operators are not the tenant's objects, and are
// not drift. A table the tenant makes with the extension's type is.
func TestExtensionMembersAreLeftOut(t *testing.T) {
	pool, targets := setup(t, "balqa", "karak")
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `CREATE EXTENSION citext SCHEMA karak; CREATE TABLE karak.emails (address karak.citext)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Exec(context.Background(), `DROP EXTENSION IF EXISTS citext CASCADE`) })
	got := read(t, pool, targets)
	var lines []string
	for _, c := range inspect.Diff(got["balqa"], got["karak"], inspect.DiffOptions{}) {
		lines = append(lines, c.String("karak"))
	}
	if want := []string{"+ table karak.emails"}; !slices.Equal(lines, want) {
		t.Errorf("differences: %q, want %q", lines, want)
	}
}
