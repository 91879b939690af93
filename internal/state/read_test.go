package state

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"unsafe"
)

// What repeats across tenants is read into one copy: two tenants given
// the same settings share one map, equal checksums one string; a tenant
// with other settings has its own map, with its own values.
func TestReadSharesRepeatedValues(t *testing.T) {
	ctx := context.Background()
	pool := controlPool(t)
	for _, name := range []string{"a", "b", "c"} {
		if err := UpsertTenant(ctx, pool, name, name, "o_"+name, "p_"+name, 1); err != nil {
			t.Fatal(err)
		}
	}
	const rows = `
INSERT INTO rollout.services (tenant, module, version, settings) VALUES
  ('a', 'core', 1, '{"code": "X", "hours": 36}'), ('b', 'core', 1, '{"hours": 36, "code": "X"}'), ('c', 'core', 1, '{"code": "Y"}');
INSERT INTO rollout.applied_migrations (tenant, module, version, name, checksum, run_id) VALUES
  ('a', 'core', 1, 'init', 'sum1', 'r'), ('b', 'core', 1, 'init', 'sum1', 'r'), ('c', 'core', 1, 'init', 'sum1', 'r')`
	if _, err := pool.Exec(ctx, rows); err != nil {
		t.Fatal(err)
	}
	s, err := Read(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := s.Tenants["a"].Services["core"], s.Tenants["b"].Services["core"], s.Tenants["c"].Services["core"]
	if reflect.ValueOf(a.Settings).UnsafePointer() != reflect.ValueOf(b.Settings).UnsafePointer() {
		t.Errorf("a and b were given the same settings and hold two maps")
	}
	if reflect.ValueOf(a.Settings).UnsafePointer() == reflect.ValueOf(c.Settings).UnsafePointer() {
		t.Errorf("c shares a's settings: %s", c.Settings)
	}
	var code string
	if err := json.Unmarshal(c.Settings["code"], &code); err != nil || code != "Y" || len(c.Settings) != 1 {
		t.Errorf("c's settings = %s", c.Settings)
	}
	if sa, sc := a.Applied[1], c.Applied[1]; sa != "sum1" || unsafe.StringData(sa) != unsafe.StringData(sc) {
		t.Errorf("checksums %q and %q are two copies", sa, sc)
	}
	if a.Module != "core" || b.Version != 1 || !c.Recorded {
		t.Errorf("services read as %+v, %+v, %+v", a, b, c)
	}
}
