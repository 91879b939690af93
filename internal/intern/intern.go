// Package intern makes equal byte strings one string: values that repeat
// across a fleet's tenants (module names, checksums, attribute and
// relation names) are held once instead of once per tenant, and a lookup
// of bytes already seen allocates nothing.
package intern

// Strings is a table of strings. Max bounds it (0: no bound) where the
// bytes come from tenants, so that a hostile schema's distinct names fill
// it and are then made one by one. The zero value is ready to use.
type Strings struct {
	Max int
	m   map[string]string
}

// Of is b as a string, the same string as every equal b before it while
// the table has room.
func (t *Strings) Of(b []byte) string {
	if s, ok := t.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if t.m == nil {
		t.m = map[string]string{}
	}
	if t.Max == 0 || len(t.m) < t.Max {
		t.m[s] = s
	}
	return s
}
