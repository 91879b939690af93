package views

import (
	"testing"
	"time"

	"github.com/jo-water/rollout/internal/apply"
)

func TestDecisionLine(t *testing.T) {
	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		d    apply.Decision
		want string
	}{
		{apply.Decision{Type: "approval", Wave: 3, Actor: "amal.haddad", At: at, Versions: map[string]uint{"payments": 2, "complaints": 3}},
			"Approved wave 3 for complaints 3, payments 2 (by amal.haddad): the next apply moves it once any soak is over."},
		{apply.Decision{Type: "resume", Wave: 2, Actor: "omar.dba", At: at},
			"Resumed wave 2 (by omar.dba): the next apply runs it again."},
	} {
		if got := DecisionLine(tt.d); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}
