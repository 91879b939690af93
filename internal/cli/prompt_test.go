package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
	"golang.org/x/term"

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

// TestApplyJSONOnATerminal: with --json on a terminal, the plan and the
// question go to stderr and stdout stays JSON lines: header first,
// summary last.
func TestApplyJSONOnATerminal(t *testing.T) {
	t.Setenv("NO_COLOR", "1") // the plan text is matched; colours have their own test
	t.Setenv("TEST_API_KEY", "k")
	db := pgtest.NewDatabase(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if _, err := term.MakeRaw(int(tty.Fd())); err != nil { // no echo of the answer into the output
		t.Fatal(err)
	}
	screen := make(chan []byte)
	go func() { b, _ := io.ReadAll(ptmx); screen <- b }()
	if _, err := ptmx.Write([]byte("yes\n")); err != nil {
		t.Fatal(err)
	}
	fixture, _ := filepath.Abs("testdata/fixture")
	var stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"apply", "--json", "--database-url", db, "--reference-tenant", "ref",
		"--tenants-dir", filepath.Join(fixture, "tenants"), "--modules-dir", filepath.Join(fixture, "modules")},
		tty, tty, &stderr)
	tty.Close()
	out := <-screen
	if code != 0 || !strings.Contains(stderr.String(), "Apply these changes? Only 'yes' will be accepted:") ||
		!strings.Contains(stderr.String(), "+ create schema \"ref\"") {
		t.Fatalf("exit %d; the plan and the question belong on stderr:\n%s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("stdout line %d is not JSON: %q", i+1, l)
		}
	}
	if !strings.Contains(lines[0], `"format":"rollout.apply.events"`) || !strings.Contains(lines[len(lines)-1], `"type":"summary"`) {
		t.Errorf("want the header first and the summary last:\n%s", out)
	}
}
