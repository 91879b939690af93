package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"database_url", "databases", "tenants_dir", "default"}
	for _, c := range []struct{ in, want string }{
		{"databse_url", "database_url"},
		{"defualt", "default"},
		{"tenant_dir", "tenants_dir"},
		{"colour", ""},
		{"x", ""},
	} {
		if got := Closest(c.in, known); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
