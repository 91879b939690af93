package views

import (
	"testing"

	"github.com/jo-water/rollout/internal/plural"
)

// Counts and their verbs agree in the lines that have both.
func TestAgree(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{
		{1, "1 governorate matches its files"},
		{2, "2 governorates match their files"},
	} {
		got := plural.Count(tt.n, "governorate") + " " + agree(tt.n, "matches its files", "match their files")
		if got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
