package config

import "testing"

// Tenant finds a tenant by name, also after Tenants changed since the
// last lookup (the index is checked, and built again).
func TestTenantByName(t *testing.T) {
	p := &Project{Tenants: []*Tenant{{Name: "a"}, {Name: "b"}}}
	if got := p.Tenant("b"); got != p.Tenants[1] {
		t.Fatalf("Tenant(b) = %v", got)
	}
	if got := p.Tenant("zzz"); got != nil {
		t.Errorf("Tenant(zzz) = %v, want nil", got)
	}
	p.Tenants = []*Tenant{{Name: "c"}, {Name: "b"}, {Name: "a"}}
	for i, name := range []string{"c", "b", "a"} {
		if got := p.Tenant(name); got != p.Tenants[i] {
			t.Errorf("after a change, Tenant(%s) = %v, want %v", name, got, p.Tenants[i])
		}
	}
	p.Tenants = p.Tenants[:1]
	if got := p.Tenant("a"); got != nil {
		t.Errorf("Tenant(a) after it was removed = %v", got)
	}
}
