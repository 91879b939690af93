package plan

import (
	"strings"
	"testing"
)

// Roles are global to a PostgreSQL server and their names are cut at 63
// bytes, so tenant roles must differ between databases however long or
// odd the databases' names, fit in 63 bytes with the longest schema a
// tenant may have (35 bytes, config.maxSchemaLen), and never take a name
// PostgreSQL reserves (pg_*).
func TestRoleNamesNeverCollideAndFit(t *testing.T) {
	longSchema := strings.Repeat("s", 63-MaxRolePrefix-len("_owner"))
	long := strings.Repeat("water_services_governorate_", 2)
	cases := []struct{ a, b string }{
		{"d1", "d2"},
		{long + "north", long + "south"},                   // differ only after 54 bytes
		{"Water-DB", "water_db"},                           // unsafe characters are not folded into another name
		{"pg_water", "water"},                              // a reserved prefix
		{strings.Repeat("x", 21), strings.Repeat("x", 22)}, // either side of the plain length
	}
	for _, c := range cases {
		for _, schema := range []string{"karak", "pg", longSchema} {
			oa, aa := Roles(c.a, schema)
			ob, ab := Roles(c.b, schema)
			if oa == ob || aa == ab {
				t.Errorf("databases %q and %q share role %q for schema %q", c.a, c.b, oa, schema)
			}
			for _, r := range []string{oa, aa, ob, ab} {
				if len(r) > 63 {
					t.Errorf("role %q is %d bytes: PostgreSQL would cut it at 63", r, len(r))
				}
				if strings.HasPrefix(r, "pg_") {
					t.Errorf("role %q takes PostgreSQL's reserved prefix pg_", r)
				}
			}
		}
	}
}
