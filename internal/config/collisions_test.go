package config

import (
	"strings"
	"testing"
)

// The collision names both modules, both objects and the first file's line.
func TestCollisionNamesBothFiles(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"modules/extra/migrations/000002_x.up.sql":   "-- a third-party module\n\nCREATE TABLE IF NOT EXISTS t (x int);",
		"modules/extra/migrations/000002_x.down.sql": "DROP TABLE t;"})
	_, diags := load(dir)
	d := find(diags, "Two modules create the same object")
	if d == nil {
		t.Fatalf("no collision reported:\n%s", list(diags))
	}
	want := `Module "extra" creates table "t" here, and module "base" creates table "t" at ` + dir + "/modules/base/migrations/000001_init.up.sql:1:1"
	if !strings.HasPrefix(d.Detail, want) {
		t.Errorf("detail\n%s\nwant it to start with\n%s", d.Detail, want)
	}
	if d.Subject.Start.Line != 3 || d.Subject.Start.Column != 1 {
		t.Errorf("at %d:%d, want 3:1", d.Subject.Start.Line, d.Subject.Start.Column)
	}
}
