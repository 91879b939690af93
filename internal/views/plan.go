package views

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/jo-water/rollout/internal/lint"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
)

// Plan prints a plan for people: grouped by wave, reference tenant first,
// each tenant's schema, migrations, switches, settings and checks, then a
// one-line summary.
func Plan(w io.Writer, p *plan.Plan) error {
	pw := &printer{w: w}
	for _, warn := range p.Warnings {
		pw.f("WARNING: %s\n\n", warn)
	}
	switch {
	case !p.HasChanges() && p.Waiting():
		pw.planWaits(p)
	case !p.HasChanges() && p.Summary.Tenants == 1:
		pw.f("No changes. 1 governorate matches its file.\n")
	case !p.HasChanges():
		pw.f("No changes. %s %s.\n", plural.Count(p.Summary.Tenants, "governorate"), agree(p.Summary.Tenants, "matches its files", "match their files"))
	default:
		for _, s := range p.Servers {
			pw.server(s)
		}
		for _, wv := range p.Waves {
			pw.wave(wv)
		}
		pw.f("%s\n", SummaryLine(p.Summary))
	}
	pw.orphans(p.Orphans)
	return pw.err
}

// SummaryLine is "4 governorates: 4 to create, 12 services to turn on, …".
func SummaryLine(s plan.Summary) string {
	parts := []string{fmt.Sprintf("%d to create", s.ToCreate), plural.Count(s.TurnOn, "service") + " to turn on"}
	if s.TurnOff > 0 {
		parts = append(parts, fmt.Sprintf("%d to turn off", s.TurnOff))
	}
	parts = append(parts, plural.Count(s.Migrations, "migration")+" to run")
	if s.SettingsChanged > 0 {
		parts = append(parts, plural.Count(s.SettingsChanged, "setting")+" to change")
	}
	if s.Checks > 0 {
		parts = append(parts, plural.Count(s.Checks, "check")+" to run")
	}
	if s.Moves > 0 {
		parts = append(parts, fmt.Sprintf("%d to move between servers", s.Moves))
	}
	if s.ServerChanges > 0 {
		parts = append(parts, plural.Count(s.ServerChanges, "change")+" outside tenant schemas")
	}
	return fmt.Sprintf("%s (%d changing): %s.", plural.Count(s.Tenants, "governorate"), s.TenantsChanging, strings.Join(parts, ", "))
}

// MoveLine says what a move does: "move from server central to south:
// 14 tables, 3,412 rows".
func MoveLine(m *plan.Move) string {
	switch m.Step {
	case plan.MovePark:
		return fmt.Sprintf("finish the move from server %s to %s: server %s already serves it; park the copy on %s", m.From, m.To, m.To, m.From)
	case plan.MoveThaw:
		return fmt.Sprintf("call off the unfinished move to server %s: give the application its writes back on %s", m.To, m.From)
	}
	return fmt.Sprintf("move from server %s to %s: %s tables, %s rows",
		m.From, m.To, thousands(int64(m.Tables)), thousands(m.Rows))
}

// thousands writes 3412 as 3,412.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// orphans lists the governorates the database holds and no file declares.
func (p *printer) orphans(list []plan.Orphan) {
	if len(list) == 0 {
		return
	}
	p.f("\nNot in the files (in the database only; nothing will be changed there):\n")
	for _, o := range list {
		p.f("  %s %s on server %q: schema %q, services %s\n", paint(red, "!"), o.Name, o.Server, o.Schema, strings.Join(o.Services, ", "))
		p.f("      %s\n", o.Advice)
	}
}

func (p *printer) wave(wv plan.Wave) {
	names := make([]string, len(wv.Tenants))
	for i, t := range wv.Tenants {
		names[i] = t.Name
	}
	if wv.Reference {
		p.f("Reference tenant (goes first; later waves wait for it to pass its checks)\n")
	} else {
		p.f("Wave %d: %s\n", wv.Number, strings.Join(names, ", "))
	}
	if wv.Halt != nil {
		p.f("  halted: %s; only its failed tenants are tried again (rollout resume --wave %d lets the others go)\n", wv.Halt.Reason, wv.Number)
	}
	for _, t := range wv.Tenants {
		p.tenant(t)
	}
	p.f("\n")
}

func (p *printer) tenant(t plan.Tenant) {
	p.f("  %s (%s, %s) on server %q\n", t.Name, t.NameEN, t.NameAR, t.Database)
	if !t.Changes() {
		p.f("    no changes\n")
		p.waits(t)
		return
	}
	if t.Create {
		p.f("    %s create schema %q owned by %s, usable by %s\n", paint(green, "+"), t.Schema, t.OwnerRole, t.AppRole)
	}
	if t.Move != nil {
		p.f("    ~ %s: %s\n", t.Name, MoveLine(t.Move))
		if t.Move.Step == plan.MoveCopy {
			p.f("        writes wait while the data is copied and verified; the old copy stays on %s, renamed and locked, until rollout move --finalize\n", t.Move.From)
		}
	}
	for _, s := range t.Services {
		p.service(s)
		p.dirty(t.Name, s)
		p.failure(s)
	}
	p.waits(t)
}

// dirty says that a service's version table is dirty: apply refuses it
// until it is repaired, as apply's summary and status say too.
func (p *printer) dirty(tenant string, s plan.Service) {
	if s.DirtyAt == nil {
		return
	}
	p.f("        %s DIRTY at version %d: a file that runs outside a transaction stopped part way, so apply refuses %s here;\n", paint(red, "!"), *s.DirtyAt, s.Module)
	p.f("          check the schema by hand, then run: rollout repair --tenant %s --service %s\n", tenant, s.Module)
}

// failure says that the last apply's upgrade of a service failed, as
// apply's summary and status say: it is still at its old version.
func (p *printer) failure(s plan.Service) {
	if f := s.LastFailure; f != nil && s.DirtyAt == nil {
		p.f("        %s failed upgrade: the last apply failed at version %d (%s), so it is still at %d: %s\n", paint(red, "!"), f.To,
			f.At.UTC().Format(time.DateTime), s.FromVersion, Truncate(firstLine(f.Error), 100))
	}
}

func (p *printer) service(s plan.Service) {
	if !s.Changes() && len(s.Checks) == 0 {
		return
	}
	var what []string
	if len(s.Migrations) > 0 {
		what = append(what, fmt.Sprintf("version %d → %d", s.FromVersion, s.ToVersion))
	}
	switch {
	case s.Removed:
		what = append(what, "turn off (no longer in the files; data kept)")
	case s.TurnsOn():
		what = append(what, "turn on")
	case !s.Enabled && s.EnabledBefore:
		what = append(what, "turn off (data kept)")
	}
	if len(what) == 0 && len(s.OutOfOrder) > 0 {
		what = append(what, fmt.Sprintf("%d out-of-order migrations", len(s.OutOfOrder)))
	}
	if len(what) == 0 {
		what = append(what, fmt.Sprintf("version %d", s.ToVersion))
	}
	marker := paint(yellow, "~")
	if !s.Changes() {
		marker = "=" // unchanged: only its checks run
	}
	p.f("    %s %s: %s\n", marker, s.Module, strings.Join(what, ", "))
	for _, m := range s.OutOfOrder {
		p.f("        migrate %s (out of order: older than version %d, allowed by the module)\n", filepath.Base(m.File), s.FromVersion)
	}
	for _, m := range s.Migrations {
		p.f("        migrate %s\n", filepath.Base(m.File))
	}
	for _, c := range s.SettingChanges {
		p.f("        setting %s: %s → %s\n", c.Name, c.Before, c.After)
	}
	if len(s.Checks) > 0 {
		p.f("        checks: %s\n", strings.Join(s.Checks, ", "))
	}
}

// PlanJSON is the JSON form of a plan: the plan itself, versioned by its
// format_version field, plus whether it changes anything.
type PlanJSON struct {
	*plan.Plan
	Changes     bool     `json:"changes"`
	Connections []Server `json:"connections"`
	// Lint: the findings of the files the plan runs (not part of a saved plan).
	Lint []lint.Finding `json:"lint"`
	// Notes: statements the files carry that rollout runs as no-ops.
	Notes []lint.Note `json:"notes"`
}

// PlanAsJSON prints the plan as one JSON document, with the servers it
// was computed against, the lint findings of the files it runs and the
// statements of those files that rollout runs as no-ops.
func PlanAsJSON(w io.Writer, p *plan.Plan, servers []Server, findings []lint.Finding, notes []lint.Note) error {
	if findings == nil {
		findings = []lint.Finding{}
	}
	if notes == nil {
		notes = []lint.Note{}
	}
	// Written a tenant at a time: a fleet's plan is tens of MiB of JSON.
	return p.StreamJSON(w, func(head *plan.Plan) any {
		return PlanJSON{Plan: head, Changes: p.HasChanges(), Connections: servers, Lint: findings, Notes: notes}
	})
}
