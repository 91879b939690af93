package state

import (
	"io/fs"
	"strings"
	"testing"
)

// Control migrations are added by several people at once: two files with
// one number make golang-migrate refuse every apply.
func TestControlMigrationsNumberedOnce(t *testing.T) {
	names, err := fs.Glob(controlMigrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, rest, _ := strings.Cut(base, "_")
		dir := "up"
		if strings.HasSuffix(rest, ".down.sql") {
			dir = "down"
		}
		if prev, dup := seen[num+dir]; dup {
			t.Errorf("control migration %s %s twice: %s and %s; renumber one", num, dir, prev, base)
		}
		seen[num+dir] = base
	}
	for k, v := range seen {
		if strings.HasSuffix(k, "up") && seen[strings.TrimSuffix(k, "up")+"down"] == "" {
			t.Errorf("%s has no down file", v)
		}
	}
}
