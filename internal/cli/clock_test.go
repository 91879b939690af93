package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jo-water/rollout/internal/cli"
	"github.com/jo-water/rollout/internal/pgtest"
)

// A real rollout runs on the system clock: no environment variable (the
// scripts' ROLLOUT_NOW included) moves it, so a soak cannot be skipped by
// a variable left set in a CI job.
func TestSoakIgnoresROLLOUT_NOW(t *testing.T) {
	t.Setenv("TEST_API_KEY", "k")
	t.Setenv("CI", "true")
	os.Unsetenv("ROLLOUT_DATABASE_URL")
	db := pgtest.NewDatabase(t)
	fixture, _ := filepath.Abs("testdata/fixture")
	tenants := t.TempDir()
	for _, f := range []string{"ref.hcl", "north.hcl"} {
		b, err := os.ReadFile(filepath.Join(fixture, "tenants", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tenants, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	policy := "rollout {\n  wave \"2\" {\n    soak = \"7d\"\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(tenants, "_rollout.hcl"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		var out bytes.Buffer
		args = append(args, "--database-url", db, "--reference-tenant", "ref", "--tenants-dir", tenants,
			"--modules-dir", filepath.Join(fixture, "modules"))
		code := cli.Run(context.Background(), args, strings.NewReader(""), &out, &out)
		return code, out.String()
	}
	if code, out := run("apply", "--auto-approve", "--detailed-exitcode"); code != 2 || !strings.Contains(out, "north: core 0 → 2 waits for soak") {
		t.Fatalf("first apply: exit %d, want 2 (ref ran, north soaks)\n%s", code, out)
	}
	t.Setenv("ROLLOUT_NOW", "2099-01-01T00:00:00Z")
	if code, out := run("plan", "--detailed-exitcode"); code != 3 || !strings.Contains(out, "waits for soak: ref has run 2 for 0m of 7d") {
		t.Fatalf("plan with ROLLOUT_NOW in 2099: exit %d, want 3 (north still soaks on the real clock)\n%s", code, out)
	}
}
