package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	_ "github.com/golang-migrate/migrate/v4/source/file"
	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/cli"
	"github.com/jo-water/rollout/internal/pgtest"
)

// A fleet migrated the usual way before rollout: golang-migrate run once
// per governorate schema in a shell loop, one schema_migrations table
// each, some governorates a version behind. One adopt takes all twenty.
func TestAdoptAFleetMigratedByGolangMigrate(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	repo, _ := filepath.Abs("../..")
	src := "file://" + filepath.Join(repo, "modules", "account_inquiry", "migrations")
	tenants := t.TempDir()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for i := 1; i <= 20; i++ {
		name, version, wave := fmt.Sprintf("gov%02d", i), uint(3), 2
		if i%2 == 0 {
			version = 2
		}
		if i == 1 {
			wave = 1
		}
		if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
			t.Fatal(err)
		}
		migrateLikeTheCLI(t, src, dbURL, name, version)
		hcl := fmt.Sprintf("tenant %q {\n  name_ar = \"م\"\n  name_en = %q\n  wave = %d\n  service \"account_inquiry\" {\n    version = %d\n    settings = { biller_code = \"WAJ-%02d\", office_phone = \"+96253551234\" }\n  }\n}\n",
			name, name, wave, version, i)
		if err := os.WriteFile(filepath.Join(tenants, name+".hcl"), []byte(hcl), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		args = append(args, "--database-url", dbURL, "--tenants-dir", tenants, "--modules-dir", filepath.Join(repo, "modules"), "--reference-tenant", "gov01")
		code := cli.Run(ctx, args, strings.NewReader(""), &out, &errb)
		return code, out.String() + errb.String()
	}
	code, out := run("adopt", "--all", "--auto-approve")
	if code != 0 || !strings.Contains(out, "Adopt finished: 20 governorates adopted, 0 failed.") {
		t.Fatalf("adopt exit %d:\n%s", code, out)
	}
	for _, want := range []string{"version 3 (from golang-migrate table gov01.schema_migrations)", "version 2 (from golang-migrate table gov20.schema_migrations)"} {
		if !strings.Contains(out, want) {
			t.Errorf("adopt output lacks %q:\n%s", want, out)
		}
	}
	var versions string
	if err := conn.QueryRow(ctx, `SELECT string_agg(version::text, ',' ORDER BY tenant) FROM rollout.services`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if versions != strings.TrimSuffix(strings.Repeat("3,2,", 10), ",") {
		t.Errorf("recorded versions %s", versions)
	}
	if code, out := run("plan", "--detailed-exitcode"); code != 0 {
		t.Errorf("plan after adopt: exit %d\n%s", code, out)
	}
	if code, out := run("status", "--detailed-exitcode"); code != 0 {
		t.Errorf("status after adopt: exit %d\n%s", code, out)
	}
	if code, out := run("adopt", "--all", "--auto-approve"); code != 0 || !strings.Contains(out, "Nothing to adopt") {
		t.Errorf("a second adopt --all: exit %d\n%s", code, out)
	}
}

// migrateLikeTheCLI runs golang-migrate as `migrate -path … -database
// "postgres://…?search_path=<schema>" goto N` does: its library, its
// default version table in the schema.
func migrateLikeTheCLI(t *testing.T, src, dbURL, schema string, version uint) {
	t.Helper()
	u, _ := url.Parse(dbURL)
	u.Scheme = "pgx5"
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	m, err := migrate.New(src, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Migrate(version); err != nil {
		t.Fatalf("golang-migrate %s: %v", schema, err)
	}
}
