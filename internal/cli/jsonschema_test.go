package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jo-water/rollout/internal/cli"
	"github.com/jo-water/rollout/internal/pgtest"
)

// schemas compiles docs/schemas/*.schema.json, the JSON contract that
// docs/json-formats.md describes.
func schemas(t testing.TB) map[string]*jsonschema.Schema {
	t.Helper()
	out, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func loadSchemas() (map[string]*jsonschema.Schema, error) {
	files, _ := filepath.Glob(filepath.Join(repoRoot(), "docs/schemas/*.schema.json"))
	if len(files) == 0 {
		return nil, errors.New("no schemas under docs/schemas")
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	out := map[string]*jsonschema.Schema{}
	for _, f := range files {
		s, err := c.Compile(f)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".schema.json")] = s
	}
	return out, nil
}

// repoRoot is where docs/ is: two folders up from this package.
func repoRoot() string {
	abs, _ := filepath.Abs("../..")
	return abs
}

// runJSON runs rollout with --json in dir's project and returns stdout,
// which must hold nothing but JSON.
func runJSON(t *testing.T, dir string, want int, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	args = append(args, "--json", "--tenants-dir", filepath.Join(dir, "tenants"), "--modules-dir", filepath.Join(dir, "modules"),
		"--reference-tenant", "ref", "--state-dir", filepath.Join(dir, ".rollout"))
	if code := cli.Run(context.Background(), args, strings.NewReader(""), &out, &errb); code != want {
		t.Fatalf("rollout %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, out.String(), errb.String())
	}
	return out.Bytes()
}

func validate(t testing.TB, s *jsonschema.Schema, what string, doc []byte) {
	t.Helper()
	if err := checkDoc(s, what, doc); err != nil {
		t.Error(err)
	}
}

// checkDoc validates one JSON document against its schema.
func checkDoc(s *jsonschema.Schema, what string, doc []byte) error {
	if s == nil {
		return fmt.Errorf("%s: no schema for it under docs/schemas:\n%s", what, doc)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("%s: stdout is not one JSON document: %v\n%s", what, err, doc)
	}
	if err := s.Validate(v); err != nil {
		return fmt.Errorf("%s does not match its schema: %v\n%s", what, err, doc)
	}
	return nil
}

// TestJSONMatchesSchemas runs every command that reports, with --json,
// and validates what it prints against the schema kept in the repo.
func TestJSONMatchesSchemas(t *testing.T) {
	sc := schemas(t)
	t.Setenv("TEST_API_KEY", "k")
	t.Setenv("ROLLOUT_DATABASE_URL", pgtest.NewDatabase(t))
	dir := t.TempDir()
	fixture, _ := filepath.Abs("testdata/fixture")
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	validate(t, sc["version"], "version", runJSON(t, dir, 0, "version"))
	validate(t, sc["validate"], "validate", runJSON(t, dir, 0, "validate"))
	validate(t, sc["lint"], "lint", runJSON(t, dir, 0, "lint"))
	validate(t, sc["db-status"], "db status", runJSON(t, dir, 0, "db", "status"))
	validate(t, sc["db-stop"], "db stop", runJSON(t, dir, 0, "db", "stop"))
	validate(t, sc["plan"], "plan", runJSON(t, dir, 0, "plan"))
	applyStream(t, sc, runJSON(t, dir, 0, "apply", "--auto-approve"), true)
	applyStream(t, sc, runJSON(t, dir, 0, "apply", "--auto-approve"), false) // nothing to do: same shape
	validate(t, sc["status"], "status", runJSON(t, dir, 0, "status"))
	validate(t, sc["history"], "history", runJSON(t, dir, 0, "history"))
	validate(t, sc["rollback"], "rollback", runJSON(t, dir, 0, "rollback", "--tenant", "north", "--service", "core", "--to", "1", "--auto-approve"))
	validate(t, sc["repair"], "repair", runJSON(t, dir, 0, "repair", "--tenant", "north", "--service", "core"))
	validate(t, sc["plan"], "plan after rollback", runJSON(t, dir, 0, "plan"))
	validate(t, sc["diff"], "diff", runJSON(t, dir, 0, "diff", "ref", "north"))
	validate(t, sc["adopt"], "adopt", runJSON(t, dir, 0, "adopt", "--all", "--auto-approve"))
	validate(t, sc["move"], "move", runJSON(t, dir, 0, "move"))
	validate(t, sc["uninstall"], "uninstall refused while tenants remain", runJSON(t, dir, 1, "uninstall", "--server", "default"))
	if err := os.Remove(filepath.Join(dir, "tenants", "north.hcl")); err != nil {
		t.Fatal(err)
	}
	out := runJSON(t, dir, 0, "plan")
	validate(t, sc["plan"], "plan with a tenant only in the database", out)
	if !bytes.Contains(out, []byte(`"orphans"`)) {
		t.Errorf("the plan does not list north, which only the database holds:\n%s", out)
	}
}

// cmdJSONSchema: jsonschema NAME FILE validates FILE (stdout: the last
// command's) against docs/schemas/NAME.schema.json; NAME apply checks
// apply's JSON lines, header to summary.
func cmdJSONSchema(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: jsonschema NAME FILE")
	}
	sc, err := loadSchemas()
	ts.Check(err)
	doc := []byte(ts.ReadFile(args[1]))
	if args[0] == "apply" {
		ts.Check(checkStream(sc, doc, false))
		return
	}
	ts.Check(checkDoc(sc[args[0]], args[1], doc))
}

// applyStream checks apply's JSON lines: header, events, summary last.
func applyStream(t *testing.T, sc map[string]*jsonschema.Schema, out []byte, events bool) {
	t.Helper()
	if err := checkStream(sc, out, events); err != nil {
		t.Error(err)
	}
}

func checkStream(sc map[string]*jsonschema.Schema, out []byte, events bool) error {
	var lines [][]byte
	for sc := bufio.NewScanner(bytes.NewReader(out)); sc.Scan(); {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	if len(lines) < 2 || (events && len(lines) < 3) {
		return fmt.Errorf("apply --json: want a header, events and a summary, got %d lines:\n%s", len(lines), out)
	}
	errs := []error{checkDoc(sc["apply-header"], "apply header", lines[0])}
	for _, l := range lines[1 : len(lines)-1] {
		errs = append(errs, checkDoc(sc["apply-event"], "apply event", l))
	}
	return errors.Join(append(errs, checkDoc(sc["apply-summary"], "apply summary", lines[len(lines)-1]))...)
}
