package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/jo-water/rollout/internal/cli"
	"github.com/jo-water/rollout/internal/pgtest"
)

// fleetProject writes a module and n governorates (a reference and n-1 in
// wave 2).
func fleetProject(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"modules/core/module.hcl":                       "module \"core\" {\n  title_ar = \"أساس\"\n  title_en = \"Core\"\n}\n",
		"modules/core/migrations/000001_items.up.sql":   "CREATE TABLE items (id int PRIMARY KEY);\n",
		"modules/core/migrations/000001_items.down.sql": "DROP TABLE items;\n",
	}
	for i := range n {
		name, wave := fmt.Sprintf("g%03d", i), 2
		if i == 0 {
			name, wave = "ref", 1
		}
		files["tenants/"+name+".hcl"] = fmt.Sprintf("tenant %q {\n  name_ar = \"م\"\n  name_en = %q\n  wave    = %d\n\n  service \"core\" {}\n}\n", name, name, wave)
	}
	for path, body := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, path)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, path), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// applyOnAPty applies n governorates with stdout on a pty of rows×cols,
// as a person at a terminal (no CI, no colours: the screen is parsed;
// colours have their own test), and returns what the screen received.
func applyOnAPty(t *testing.T, n int, rows, cols uint16) string {
	t.Helper()
	t.Setenv("CI", "")
	t.Setenv("NO_COLOR", "1")
	db := pgtest.NewDatabase(t)
	dir := fleetProject(t, n)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: rows, Cols: cols}); err != nil {
		t.Fatal(err)
	}
	screen := make(chan []byte)
	go func() { b, _ := io.ReadAll(ptmx); screen <- b }()
	var stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"apply", "--auto-approve", "--database-url", db, "--reference-tenant", "ref",
		"--tenants-dir", filepath.Join(dir, "tenants"), "--modules-dir", filepath.Join(dir, "modules")}, strings.NewReader(""), tty, &stderr)
	tty.Close()
	out := string(<-screen)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stderr.String(), out)
	}
	return out
}

var cursorUp = regexp.MustCompile(`\x1b\[(\d+)A`)

// TestFleetProgressOnATerminal applies 200 governorates under a 100×30
// terminal: the progress never takes more than the screen (finished
// tenants collapse into the fleet bar), and the summary of a run where all
// succeed is a few lines, not a row per governorate.
func TestFleetProgressOnATerminal(t *testing.T) {
	out := applyOnAPty(t, 200, 30, 100)
	progress := 0
	for _, m := range cursorUp.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		progress = max(progress, n)
	}
	if progress == 0 || progress > 30 {
		t.Errorf("the progress took %d lines at once; want between 1 and the screen's 30", progress)
	}
	t.Logf("most progress lines at once: %d; output %d bytes", progress, len(out))
	last := max(strings.LastIndex(out, "\x1b["), 0)
	summary := strings.TrimSpace(out[last:])
	summary = summary[strings.Index(summary, "\n")+1:] // the rest of the last frame's line
	if lines := strings.Count(summary, "\n") + 1; lines >= 15 || !strings.Contains(summary, "200 governorates ok") ||
		!strings.Contains(summary, "Apply finished: 200 governorates ok, 0 failed, 0 skipped") {
		t.Errorf("want a summary of under 15 lines naming the 200 governorates, got %d lines:\n%s", lines, summary)
	}
	t.Logf("summary:\n%s", summary)
}

// TestProgressOnATerminalWithoutWidth: a terminal that reports 0 columns
// (some CI runners' ptys, a serial console) gets one plain line per event
// instead of bars that cannot be drawn: every tenant's progress shows, and
// so does the summary.
func TestProgressOnATerminalWithoutWidth(t *testing.T) {
	out := strings.ReplaceAll(applyOnAPty(t, 3, 0, 0), "\r\n", "\n")
	for _, want := range []string{"ref tenant started", "ref core migration 0→1 ok", "ref tenant ok", "g001 tenant ok", "g002 tenant ok",
		"Apply finished: 3 governorates ok, 0 failed, 0 skipped"} {
		if !strings.Contains(out, want) {
			t.Errorf("the screen lacks %q:\n%s", want, out)
		}
	}
	if cursorUp.MatchString(out) {
		t.Errorf("bars were drawn on a terminal without a width:\n%s", out)
	}
}
