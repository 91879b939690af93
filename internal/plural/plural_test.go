package plural

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 tenants", 1: "1 tenant", 2: "2 tenants", 1000: "1000 tenants"} {
		if got := Count(n, "tenant"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
