package views

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jo-water/rollout/internal/state"
)

// HistoryJSON is history --json.
type HistoryJSON struct {
	FormatVersion string         `json:"format_version"`
	Connections   []Server       `json:"connections"`
	Events        []HistoryEvent `json:"events"`
}

// HistoryEvent is one audit row: the recorded detail as it is stored, and
// the same sentence the text table shows.
type HistoryEvent struct {
	state.LoggedEvent
	Detail  json.RawMessage `json:"detail"`
	Summary string          `json:"summary"`
}

// NewHistoryJSON builds history --json.
func NewHistoryJSON(servers []Server, events []state.LoggedEvent) HistoryJSON {
	out := HistoryJSON{FormatVersion: FormatVersion, Connections: servers, Events: []HistoryEvent{}}
	for _, e := range events {
		d := json.RawMessage(e.Detail)
		if len(d) == 0 {
			d = json.RawMessage("{}")
		}
		out.Events = append(out.Events, HistoryEvent{LoggedEvent: e, Detail: d, Summary: EventDetail(e.Action, e.Detail)})
	}
	return out
}

// eventRecord is what events record in their detail; each action fills
// its own part.
type eventRecord struct {
	Check, File, Schema string
	SettingsChanged     []string `json:"settings_changed"`
	SensitiveChanged    []string `json:"sensitive_changed"`
	TurnedOff           bool     `json:"turned_off"`
	AlsoTurnedOff       []string `json:"also_turned_off"`
	Files               []string `json:"files"`
	DirtyVersion        *int64   `json:"dirty_version"`
}

// EventDetail says what an event changed, from its recorded detail: a
// service turned on or off and the names of the settings that changed
// (sensitive ones only as "changed"), what a rollback ran and turned off,
// what a repair cleared, the check, file or schema.
func EventDetail(action string, raw []byte) string {
	var d eventRecord
	var flags map[string]any
	if json.Unmarshal(raw, &d) != nil || json.Unmarshal(raw, &flags) != nil {
		return ""
	}
	switch action {
	case "service":
		return serviceDetail(flags, d)
	case "rollback":
		return rollbackDetail(d)
	case "repair":
		if d.DirtyVersion != nil {
			return fmt.Sprintf("was dirty at %d, marked clean", *d.DirtyVersion)
		}
	}
	for _, v := range []string{d.Check, d.File, d.Schema} {
		if v != "" {
			return filepath.Base(v)
		}
	}
	if w, ok := flags["wave"].(float64); ok {
		return waveDetail(int(w), flags)
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

func serviceDetail(flags map[string]any, d eventRecord) string {
	on, _ := flags["enabled"].(bool)
	was, _ := flags["was_enabled"].(bool)
	var parts []string
	switch {
	case on && !was:
		parts = append(parts, "turned on")
	case !on && was:
		parts = append(parts, "turned off")
	case on:
		parts = append(parts, "stays on")
	default:
		parts = append(parts, "stays off")
	}
	var names []string
	for _, n := range d.SettingsChanged {
		if slices.Contains(d.SensitiveChanged, n) {
			n += " (sensitive, changed)"
		}
		names = append(names, n)
	}
	if len(names) > 0 {
		parts = append(parts, "settings changed: "+strings.Join(names, ", "))
	}
	return strings.Join(parts, "; ")
}

func rollbackDetail(d eventRecord) string {
	var parts []string
	if d.TurnedOff {
		parts = append(parts, "turned off")
	}
	if len(d.AlsoTurnedOff) > 0 {
		parts = append(parts, "also turned off: "+strings.Join(d.AlsoTurnedOff, ", "))
	}
	var files []string
	for _, f := range d.Files {
		files = append(files, filepath.Base(f))
	}
	if len(files) > 0 {
		parts = append(parts, "ran "+strings.Join(files, ", "))
	}
	return strings.Join(parts, "; ")
}
