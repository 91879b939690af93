package config

import "testing"

func TestAllowsExtra(t *testing.T) {
	tn := &Tenant{Extras: []Extra{{Kind: "view", Name: "report"}, {Kind: "function", Name: "monthly"}, {Kind: "column", Name: "bills.note"}}}
	for _, c := range []struct {
		kind, name string
		want       bool
	}{
		{"view", "report", true}, {"table", "report", false}, {"view", "reports", false},
		{"function", "monthly(integer)", true}, {"function", "monthly_x(integer)", false},
		{"column", "bills.note", true}, {"column", "bills.notes", false},
	} {
		if got := tn.AllowsExtra(c.kind, c.name); got != c.want {
			t.Errorf("AllowsExtra(%q, %q) = %v", c.kind, c.name, got)
		}
	}
}
