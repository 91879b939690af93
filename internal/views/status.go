package views

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
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
	_, err := fmt.Fprintf(w, "%d services, %d need attention.\n", len(rows), attention)
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
		return "in sync"
	}
	return strings.Join(s, "; ")
}

// StatusJSON is status --json.
type StatusJSON struct {
	FormatVersion string       `json:"format_version"`
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
		t.AppendRow(table.Row{e.At.UTC().Format(time.DateTime), e.Actor, e.Tenant, e.Module, e.Action, vs, eventDetail(e.Detail), outcome})
	}
	t.Render()
	return nil
}

// HistoryJSON is history --json.
type HistoryJSON struct {
	FormatVersion string              `json:"format_version"`
	Events        []state.LoggedEvent `json:"events"`
}

// eventDetail picks what a person wants from an event's recorded detail:
// the check's name, the file's name, the schema created.
func eventDetail(raw []byte) string {
	var d map[string]any
	if json.Unmarshal(raw, &d) != nil {
		return ""
	}
	for _, k := range []string{"check", "file", "schema"} {
		if v, ok := d[k].(string); ok {
			return filepath.Base(v)
		}
	}
	if w, ok := d["wave"].(float64); ok {
		return waveDetail(int(w), d)
	}
	return ""
}

// waveDetail is an approval's, halt's or resume's detail: the wave, and
// the versions approved or the tenants that failed.
func waveDetail(wave int, d map[string]any) string {
	var parts []string
	if vs, ok := d["versions"].(map[string]any); ok {
		for _, m := range slices.Sorted(maps.Keys(vs)) {
			parts = append(parts, fmt.Sprintf("%s %v", m, vs[m]))
		}
	}
	if ts, ok := d["failed_tenants"].([]any); ok {
		for _, t := range ts {
			parts = append(parts, fmt.Sprint(t))
		}
	}
	if note, ok := d["note"].(string); ok && note != "" {
		parts = append(parts, note)
	}
	if len(parts) == 0 {
		return fmt.Sprintf("wave %d", wave)
	}
	return fmt.Sprintf("wave %d: %s", wave, strings.Join(parts, ", "))
}
