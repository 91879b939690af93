package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/cli"
	"github.com/jo-water/rollout/internal/embeddedpg"
	"github.com/jo-water/rollout/internal/pgtest"
)

// secondServer starts another embedded PostgreSQL for this test only.
func secondServer(t *testing.T) (*embeddedpg.Server, string) {
	t.Helper()
	dir := t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755)
	os.Chmod(dir, 0o755)
	s := &embeddedpg.Server{Dir: filepath.Join(dir, "south"), Fast: true}
	info, err := s.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop(context.Background()) })
	return s, info.URL
}

// placedProject is the fixture with north placed on the "south" server.
func placedProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	fixture, _ := filepath.Abs("testdata/fixture")
	for _, sub := range []string{"modules/core/migrations", "modules/extra/migrations", "tenants"} {
		entries, _ := os.ReadDir(filepath.Join(fixture, sub))
		os.MkdirAll(filepath.Join(dir, sub), 0o755)
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(fixture, sub, e.Name()))
			os.WriteFile(filepath.Join(dir, sub, e.Name()), b, 0o644)
		}
	}
	for _, m := range []string{"core", "extra"} {
		b, _ := os.ReadFile(filepath.Join(fixture, "modules", m, "module.hcl"))
		os.WriteFile(filepath.Join(dir, "modules", m, "module.hcl"), b, 0o644)
	}
	north, _ := os.ReadFile(filepath.Join(dir, "tenants", "north.hcl"))
	placed := strings.Replace(string(north), "wave    = 2\n", "wave    = 2\n  database = \"south\"\n", 1)
	os.WriteFile(filepath.Join(dir, "tenants", "north.hcl"), []byte(placed), 0o644)
	return dir
}

func run(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	args = append(args, "--tenants-dir", filepath.Join(dir, "tenants"), "--modules-dir", filepath.Join(dir, "modules"),
		"--reference-tenant", "ref")
	code := cli.Run(context.Background(), args, strings.NewReader(""), &out, &out)
	return code, out.String()
}

func schemaExists(t *testing.T, url, schema string) bool {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var ok bool
	conn.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&ok)
	return ok
}

func TestPlacementOnSeveralServers(t *testing.T) {
	south, southAdmin := secondServer(t)
	southURL := strings.Replace(southAdmin, "/rollout?", "/postgres?", 1)
	defaultURL := pgtest.NewDatabase(t)
	t.Setenv("ROLLOUT_DATABASE_URL", defaultURL)
	t.Setenv("ROLLOUT_DATABASES_SOUTH_URL", southURL)
	t.Setenv("TEST_API_KEY", "k")
	t.Setenv("CI", "true")
	dir := placedProject(t)

	code, out := run(t, dir, "apply", "--auto-approve")
	if code != 0 || !strings.Contains(out, "Apply finished: 2 governorates ok") {
		t.Fatalf("apply on two servers: exit %d\n%s", code, out)
	}
	if !schemaExists(t, defaultURL, "ref") || schemaExists(t, defaultURL, "north") {
		t.Error("ref belongs on the default server only")
	}
	if !schemaExists(t, southURL, "north") || schemaExists(t, southURL, "ref") {
		t.Error("north belongs on the south server only")
	}
	if code, out := run(t, dir, "status"); code != 0 || !strings.Contains(out, "3 services, 0 need attention") {
		t.Errorf("status across servers: exit %d\n%s", code, out)
	}

	// History merges the servers' trails: newest first, limit overall.
	code, out = run(t, dir, "history", "--json", "--limit", "3")
	var h struct {
		Events []struct {
			At     time.Time `json:"at"`
			Tenant string    `json:"tenant"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &h); code != 0 || err != nil || len(h.Events) != 3 {
		t.Fatalf("history --limit 3 across servers: exit %d, %v\n%s", code, err, out)
	}
	for i := 1; i < len(h.Events); i++ {
		if h.Events[i].At.After(h.Events[i-1].At) {
			t.Errorf("history is not newest first: %v", h.Events)
		}
	}

	// South goes down: only north fails, with a message naming the server.
	if _, err := south.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	code, out = run(t, dir, "plan")
	if code != 1 || !strings.Contains(out, `Error: tenant "north" not planned: server "south" (`) ||
		!strings.Contains(out, "No changes. 1 governorate matches its file.") {
		t.Errorf("plan with south down: exit %d\n%s", code, out)
	}
	if strings.Contains(out, passwordOf(southURL)) {
		t.Error("an error shows the south server's password")
	}
	b, _ := os.ReadFile(filepath.Join(dir, "tenants", "ref.hcl"))
	os.WriteFile(filepath.Join(dir, "tenants", "ref.hcl"), []byte(strings.Replace(string(b), `service "extra" {}`,
		"service \"extra\" {\n    enabled = false\n  }", 1)), 0o644)
	code, out = run(t, dir, "apply", "--auto-approve")
	if code != 1 || !strings.Contains(out, "ref tenant ok") || !strings.Contains(out, "1 governorate ok, 1 failed") {
		t.Errorf("apply with south down: exit %d\n%s", code, out)
	}
}

func passwordOf(u string) string {
	at := strings.Index(u, "@")
	return u[strings.LastIndex(u[:at], ":")+1 : at]
}
