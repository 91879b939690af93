package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/jo-water/rollout/internal/cli"
	"github.com/jo-water/rollout/internal/pgtest"
)

// applyOnTerminal runs apply with a real terminal as stdin, typing answer.
func applyOnTerminal(t *testing.T, dbURL, answer string) (int, string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if _, err := ptmx.Write([]byte(answer + "\n")); err != nil {
		t.Fatal(err)
	}
	fixture, _ := filepath.Abs("testdata/fixture")
	var out bytes.Buffer
	code := cli.Run(context.Background(), []string{"apply", "--database-url", dbURL, "--reference-tenant", "ref",
		"--tenants-dir", filepath.Join(fixture, "tenants"), "--modules-dir", filepath.Join(fixture, "modules")},
		tty, &out, &out)
	return code, out.String()
}

func TestApplyAsksOnATerminal(t *testing.T) {
	t.Setenv("TEST_API_KEY", "k")
	t.Setenv("CI", "true") // plain progress lines, not bars, in the captured output
	os.Unsetenv("ROLLOUT_DATABASE_URL")
	db := pgtest.NewDatabase(t)

	code, out := applyOnTerminal(t, db, "no")
	if code != 1 || !strings.Contains(out, "Apply these changes? Only 'yes' will be accepted:") ||
		!strings.Contains(out, "Apply cancelled: nothing was changed.") {
		t.Fatalf("answer no: exit %d\n%s", code, out)
	}
	code, out = applyOnTerminal(t, db, "yes")
	if code != 0 || !strings.Contains(out, "Apply finished: 2 governorates ok") {
		t.Fatalf("answer yes: exit %d\n%s", code, out)
	}
}
