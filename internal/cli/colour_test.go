package cli_test

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/jo-water/rollout/internal/cli"
)

// onTerminal runs rollout with stdout on a pty and returns what it showed.
func onTerminal(t *testing.T, args ...string) string {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	screen := make(chan []byte)
	go func() { b, _ := io.ReadAll(ptmx); screen <- b }()
	fixture, _ := filepath.Abs("testdata/fixture")
	args = append(args, "--tenants-dir", filepath.Join(fixture, "tenants"), "--modules-dir", filepath.Join(fixture, "modules"),
		"--reference-tenant", "ref")
	cli.Run(context.Background(), args, strings.NewReader(""), tty, tty)
	tty.Close()
	return string(<-screen)
}

// TestColoursOnATerminal: colours on a terminal, none with NO_COLOR,
// --no-color or TERM=dumb (and none in pipes: every testscript).
func TestColoursOnATerminal(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm-256color")
	if out := onTerminal(t, "validate"); !strings.Contains(out, "\x1b[32mSuccess!\x1b[0m 2 tenants and 2 modules are valid.") {
		t.Errorf("want a green Success on a terminal, got %q", out)
	}
	if out := onTerminal(t, "validate", "--no-color"); strings.Contains(out, "\x1b[") {
		t.Errorf("--no-color: got %q", out)
	}
	t.Setenv("TERM", "dumb")
	if out := onTerminal(t, "validate"); strings.Contains(out, "\x1b[") {
		t.Errorf("TERM=dumb: got %q", out)
	}
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("NO_COLOR", "1")
	if out := onTerminal(t, "validate"); strings.Contains(out, "\x1b[") {
		t.Errorf("NO_COLOR: got %q", out)
	}
}
