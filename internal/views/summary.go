package views

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/plural"
)

// ApplySummary ends an apply. Tenants with the same outcome are grouped on
// one line ("197 governorates ok: complaints 0 → 2 (on)"); only tenants
// that did not end ok get a row of their own, unless verbose asks for all.
func ApplySummary(w io.Writer, r apply.Result, verbose bool) error {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleLight)
	t.AppendHeader(table.Row{"Governorate", "Service", "Version", "Result", "Time"})
	rows := 0
	for _, tr := range r.Tenants {
		if tr.Outcome == "ok" && tr.Moved == "" && !verbose { // a move is a real change: it gets its row
			continue
		}
		if len(tr.Services) == 0 || tr.Outcome != "ok" {
			t.AppendRow(table.Row{tr.Tenant, "", "", Truncate(result(tr), 60), tr.Took.Round(time.Millisecond)})
			rows++
		}
		for _, s := range tr.Services {
			t.AppendRow(table.Row{tr.Tenant, s.Module, serviceVersions(s), serviceOutcome(s) + " (" + serviceState(s) + ")", s.Took.Round(time.Millisecond)})
			rows++
		}
	}
	if rows > 0 {
		t.Render()
	}
	pw := &printer{w: w}
	for _, g := range okGroups(r) {
		pw.f("%s\n", g)
	}
	counts := map[string]int{}
	for _, tr := range r.Tenants {
		counts[tr.Outcome]++
	}
	cancelled := ""
	if n := counts[apply.OutcomeCancelled]; n > 0 {
		cancelled = fmt.Sprintf(", %d cancelled", n)
	}
	line := fmt.Sprintf("Apply finished: %s ok, %d failed, %d skipped%s", plural.Count(counts["ok"], "governorate"), counts["failed"],
		counts["skipped"], cancelled)
	if r.Failed() {
		line = paint(red, line)
	} else {
		line = paint(green, line)
	}
	pw.f("%s (run %s).\n", line, r.RunID)
	return pw.err
}

// serviceVersions is "0 → 2", or for a failure "3 → 4: stopped at 3".
func serviceVersions(s apply.ServiceResult) string {
	if s.Outcome != "ok" && s.Target != s.To {
		return fmt.Sprintf("%d → %d: stopped at %d", s.From, s.Target, s.To)
	}
	return fmt.Sprintf("%d → %d", s.From, s.To)
}

// serviceState is "on", or "on, setting sms_api_key changed".
func serviceState(s apply.ServiceResult) string {
	if len(s.SettingsChanged) == 0 {
		return onOff(s.Enabled)
	}
	return fmt.Sprintf("%s, %s changed: %s", onOff(s.Enabled), plural.Count(len(s.SettingsChanged), "setting"), strings.Join(s.SettingsChanged, ", "))
}

// serviceOutcome names a failure that left the service below its target
// as plan and status do: a failed upgrade.
func serviceOutcome(s apply.ServiceResult) string {
	if s.Outcome == "failed" && s.To < s.Target {
		return "failed upgrade"
	}
	return s.Outcome
}

// okGroups groups the tenants that ended ok by what changed in them.
func okGroups(r apply.Result) []string {
	count := map[string]int{}
	var order []string
	for _, tr := range r.Tenants {
		if tr.Outcome != "ok" || tr.Moved != "" {
			continue
		}
		var parts []string
		for _, s := range tr.Services {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", s.Module, serviceVersions(s), serviceState(s)))
		}
		what := "nothing to do"
		if len(parts) > 0 {
			what = strings.Join(parts, ", ")
		}
		if count[what] == 0 {
			order = append(order, what)
		}
		count[what]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
	out := make([]string, 0, len(order))
	for _, what := range order {
		out = append(out, fmt.Sprintf("%s ok: %s", plural.Count(count[what], "governorate"), what))
	}
	return out
}

func result(tr apply.TenantResult) string {
	switch {
	case errors.Is(tr.Err, apply.ErrSkipped), errors.Is(tr.Err, apply.ErrCancelled):
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
