package views

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"

	"github.com/jo-water/rollout/internal/drift"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/status"
)

// cellWidth is where status cuts a cell, so that one long check error
// does not make the table hundreds of columns wide; what it cut follows
// the table whole, and --json always has the full text.
const cellWidth = 60

// Status prints the governorate × service matrix.
func Status(w io.Writer, rows []status.Row) error {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleLight)
	t.AppendHeader(table.Row{"Governorate", "Service", "Version", "On", "Last check", "State"})
	attention := 0
	var cut []string
	for _, r := range rows {
		if r.Attention() {
			attention++
		}
		check, state := lastCheck(r), stateText(r)
		for _, full := range []string{check, state} {
			if Truncate(full, cellWidth) != full {
				cut = append(cut, fmt.Sprintf("  %s %s: %s", r.Tenant, r.Module, full))
			}
		}
		t.AppendRow(table.Row{r.Tenant, r.Module, version(r), onOff(r.Enabled), Truncate(check, cellWidth), paintState(r, Truncate(state, cellWidth))})
	}
	t.Render()
	if len(cut) > 0 {
		if _, err := fmt.Fprintf(w, "In full:\n%s\n", strings.Join(cut, "\n")); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%s, %d need attention.\n", plural.Count(len(rows), "service"), attention)
	return err
}

func version(r status.Row) string {
	if r.Version == r.WantedVersion {
		return fmt.Sprint(r.Version)
	}
	return fmt.Sprintf("%d (wants %d)", r.Version, r.WantedVersion)
}

// lastCheck is the checks' result: the one status just ran when it ran
// them (its failures are in the state cell), else the one last recorded.
func lastCheck(r status.Row) string {
	switch r.CheckNow {
	case "passed":
		return "passed now"
	case "failed":
		return "FAILED now"
	}
	if r.LastCheckAt == nil || r.LastCheckOK == nil {
		return "never"
	}
	res := "passed"
	if !*r.LastCheckOK {
		res = "FAILED: " + r.LastCheckError
	}
	return res + " " + r.LastCheckAt.UTC().Format(time.DateTime)
}

// stateText is a row's state in words: dirty, drift, waits or pending.
func stateText(r status.Row) string {
	var s []string
	if r.Dirty {
		s = append(s, "DIRTY")
	}
	for _, d := range r.Drift {
		s = append(s, "DRIFT: "+d)
	}
	switch f := r.FailedUpgrade; {
	case r.Orphan:
		s = append(s, fmt.Sprintf("ORPHAN: no file; restore it or rollout forget --tenant %s", r.Tenant))
	case f != nil:
		s = append(s, fmt.Sprintf("failed upgrade to %d (%s): %s", f.To, f.At.UTC().Format(time.DateTime), firstLine(f.Error)))
	case r.Waits != "":
		s = append(s, r.Waits)
	case r.Pending:
		s = append(s, "pending")
	}
	if len(s) == 0 {
		return "in sync"
	}
	return strings.Join(s, "; ")
}

// paintState colours a state cell: red for what needs a person, yellow
// for what apply will do.
func paintState(r status.Row, text string) string {
	switch {
	case r.Dirty || len(r.Drift) > 0 || r.FailedUpgrade != nil || r.Orphan:
		return paint(red, text)
	case r.Waits != "" || r.Pending:
		return paint(yellow, text)
	}
	return paint(green, text)
}

// StatusJSON is status --json.
type StatusJSON struct {
	FormatVersion string       `json:"format_version"`
	Connections   []Server     `json:"connections"`
	Services      []status.Row `json:"services"`
	// Structure is every managed tenant's hand-made structural changes
	// (absent with --skip-structure).
	Structure []drift.Report `json:"structure,omitempty"`
	// Waves: each wave's state under the rollout policy (with a policy only).
	Waves []plan.WaveState `json:"waves,omitempty"`
}

// History prints the audit trail, newest first.
func History(w io.Writer, events []state.LoggedEvent) error {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleLight)
	t.AppendHeader(table.Row{"When", "Who", "Governorate", "Service", "What", "Versions", "Detail", "Outcome"})
	for _, e := range events {
		vs := ""
		if e.FromVersion != nil && e.ToVersion != nil {
			vs = fmt.Sprintf("%d → %d", *e.FromVersion, *e.ToVersion)
		} else if e.ToVersion != nil {
			vs = fmt.Sprint(*e.ToVersion)
		}
		outcome := e.Outcome
		if e.Error != "" {
			outcome += ": " + firstLine(e.Error)
		}
		t.AppendRow(table.Row{e.At.UTC().Format(time.DateTime), e.Actor, e.Tenant, e.Module, e.Action, vs, EventDetail(e.Action, e.Detail), outcome})
	}
	t.Render()
	return nil
}
