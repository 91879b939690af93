package views

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/status"
)

// long is an error as a real check or file gives it: far wider than a
// terminal.
var long = "check failed: billing.invoices_balanced returned false: " + strings.Repeat("invoice 1234 of karak is off by 0.001 JOD; ", 8) + "END"

// widest is the widest line of out, in terminal columns.
func widest(out string) int {
	w := 0
	for _, l := range strings.Split(out, "\n") {
		w = max(w, runewidth.StringWidth(l))
	}
	return w
}

func TestTablesCutLongCells(t *testing.T) {
	SetColour(false)
	tests := []struct {
		name   string
		render func(*bytes.Buffer) error
		full   bool // the full text follows the table
	}{
		{"status", func(b *bytes.Buffer) error {
			return Status(b, []status.Row{{Tenant: "karak", Server: "default", Module: "billing", Version: 2, WantedVersion: 2,
				Enabled: true, WantedEnabled: true, InFiles: true, Drift: []string{long}}})
		}, true},
		{"apply summary", func(b *bytes.Buffer) error {
			return ApplySummary(b, apply.Result{Tenants: []apply.TenantResult{{Tenant: "karak", Outcome: "failed", Err: errors.New(long)}}}, false)
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.render(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			table := out
			if i := strings.Index(out, "In full:"); i >= 0 {
				table = out[:i]
			}
			if w := widest(table); w > 120 {
				t.Errorf("the table is %d columns wide; want at most 120:\n%s", w, out)
			}
			if !strings.Contains(table, "…") {
				t.Errorf("the long cell is not cut with …:\n%s", out)
			}
			if got := strings.Contains(out, "END"); got != tc.full {
				t.Errorf("full text after the table: %v, want %v:\n%s", got, tc.full, out)
			}
		})
	}
}
