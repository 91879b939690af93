package views

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"

	"github.com/jo-water/rollout/internal/drift"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/status"
)

// Status prints the governorate × service matrix.
func Status(w io.Writer, rows []status.Row) error {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleLight)
	t.AppendHeader(table.Row{"Governorate", "Service", "Version", "On", "Last check", "State"})
	attention := 0
	for _, r := range rows {
		if r.Attention() {
			attention++
		}
		t.AppendRow(table.Row{r.Tenant, r.Module, version(r), onOff(r.Enabled), lastCheck(r), stateOf(r)})
	}
	t.Render()
	_, err := fmt.Fprintf(w, "%s, %d need attention.\n", Count(len(rows), "service"), attention)
	return err
}

func version(r status.Row) string {
	if r.Version == r.WantedVersion {
		return fmt.Sprint(r.Version)
	}
	return fmt.Sprintf("%d (wants %d)", r.Version, r.WantedVersion)
}

func lastCheck(r status.Row) string {
	if r.LastCheckAt == nil || r.LastCheckOK == nil {
		return "never"
	}
	res := "passed"
	if !*r.LastCheckOK {
		res = "FAILED: " + r.LastCheckError
	}
	return res + " " + r.LastCheckAt.UTC().Format(time.DateTime)
}

func stateOf(r status.Row) string {
	var s []string
	if r.Dirty {
		s = append(s, "DIRTY")
	}
	for _, d := range r.Drift {
		s = append(s, "DRIFT: "+d)
	}
	if r.Waits != "" {
		s = append(s, r.Waits)
	} else if r.Pending {
		s = append(s, "pending")
	}
	if len(s) == 0 {
		return paint(green, "in sync")
	}
	text := strings.Join(s, "; ") // drift text is what a check said: shown whole
	if r.Dirty || len(r.Drift) > 0 {
		return paint(red, text)
	}
	return paint(yellow, text)
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
