package views

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"

	"github.com/jo-water/rollout/internal/apply"
)

// ApplySummary prints the table that ends an apply: governorate, service,
// version before → after, result, time.
func ApplySummary(w io.Writer, r apply.Result) error {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleLight)
	t.AppendHeader(table.Row{"Governorate", "Service", "Version", "Result", "Time"})
	for _, tr := range r.Tenants {
		if len(tr.Services) == 0 || tr.Outcome != "ok" {
			t.AppendRow(table.Row{tr.Tenant, "", "", result(tr), tr.Took.Round(time.Millisecond)})
		}
		for _, s := range tr.Services {
			t.AppendRow(table.Row{tr.Tenant, s.Module, fmt.Sprintf("%d → %d", s.From, s.To), s.Outcome + " (" + onOff(s.Enabled) + ")",
				s.Took.Round(time.Millisecond)})
		}
	}
	t.Render()
	ok, failed, skipped := 0, 0, 0
	for _, tr := range r.Tenants {
		switch tr.Outcome {
		case "ok":
			ok++
		case "failed":
			failed++
		default:
			skipped++
		}
	}
	_, err := fmt.Fprintf(w, "Apply finished: %d governorates ok, %d failed, %d skipped (run %s).\n", ok, failed, skipped, r.RunID)
	return err
}

func result(tr apply.TenantResult) string {
	switch {
	case errors.Is(tr.Err, apply.ErrSkipped):
		return tr.Err.Error() // "skipped: <why>"
	case tr.Err != nil:
		return tr.Outcome + ": " + firstLine(tr.Err.Error())
	}
	if tr.Moved != "" && tr.Outcome == "ok" {
		return "ok (moved " + tr.Moved + ")"
	}
	if len(tr.Services) == 0 && tr.Outcome == "ok" {
		return "ok (nothing to do)"
	}
	return tr.Outcome
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// ApplyJSON is the closing document of apply --json.
type ApplyJSON struct {
	FormatVersion string       `json:"format_version"`
	Type          string       `json:"type"`
	RunID         string       `json:"run_id"`
	Failed        bool         `json:"failed"`
	Tenants       []tenantJSON `json:"tenants"`
	// Waiting: what the rollout policy holds back; Halted: waves halted
	// (or paused by a health probe).
	Waiting []apply.TenantWait `json:"waiting"`
	Halted  []apply.WaveHalt   `json:"halted"`
}

type tenantJSON struct {
	Tenant   string                `json:"tenant"`
	Wave     int                   `json:"wave"`
	Outcome  string                `json:"outcome"`
	Error    string                `json:"error,omitempty"`
	Services []apply.ServiceResult `json:"services"`
	TookMS   int64                 `json:"took_ms"`
}

// ApplyResultJSON writes the result as one JSON line (after the events).
func ApplyResultJSON(w io.Writer, r apply.Result) error {
	out := ApplyJSON{FormatVersion: FormatVersion, Type: "summary", RunID: r.RunID, Failed: r.Failed(), Tenants: []tenantJSON{},
		Waiting: r.Waiting, Halted: r.Halted}
	if out.Waiting == nil {
		out.Waiting = []apply.TenantWait{}
	}
	if out.Halted == nil {
		out.Halted = []apply.WaveHalt{}
	}
	for _, t := range r.Tenants {
		tj := tenantJSON{Tenant: t.Tenant, Wave: t.Wave, Outcome: t.Outcome, Services: t.Services, TookMS: t.Took.Milliseconds()}
		if t.Err != nil {
			tj.Error = t.Err.Error()
		}
		if tj.Services == nil {
			tj.Services = []apply.ServiceResult{}
		}
		out.Tenants = append(out.Tenants, tj)
	}
	return writeLine(w, out)
}

// firstLine is what a table row or a progress line shows of a multi-line
// error (a SQL error's statement follows its first line); JSON keeps all.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
