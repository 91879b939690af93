package views

import (
	"fmt"
	"io"

	"github.com/jo-water/rollout/internal/lint"
	"github.com/jo-water/rollout/internal/plural"
)

// LintJSON is `rollout lint --json`.
type LintJSON struct {
	FormatVersion string         `json:"format_version"`
	Findings      []lint.Finding `json:"findings"`
	Summary       LintSummary    `json:"summary"`
}

// LintSummary counts findings; ignored ones are silenced in module.hcl.
type LintSummary struct {
	Findings int `json:"findings"`
	Ignored  int `json:"ignored"`
}

func lintSummary(fs []lint.Finding) LintSummary {
	active := len(lint.Active(fs))
	return LintSummary{Findings: active, Ignored: len(fs) - active}
}

// Lint prints `rollout lint`: each finding with its recipe, the ignored
// ones with their reason, then a count.
func Lint(w io.Writer, asJSON bool, fs []lint.Finding) error {
	if asJSON {
		if fs == nil {
			fs = []lint.Finding{}
		}
		return WriteJSON(w, LintJSON{FormatVersion: FormatVersion, Findings: fs, Summary: lintSummary(fs)})
	}
	pw := &printer{w: w}
	lintFindings(pw, fs, "")
	s := lintSummary(fs)
	if s.Findings == 0 {
		pw.f("No lint findings (%d ignored in module.hcl).\n", s.Ignored)
		return pw.err
	}
	pw.f("%d lint findings (%d ignored in module.hcl).\n", s.Findings, s.Ignored)
	return pw.err
}

// LintWarnings is the section plan prints after the plan: the findings of
// the files it will run.
func LintWarnings(w io.Writer, fs []lint.Finding) error {
	active := lint.Active(fs)
	if len(active) == 0 {
		return nil
	}
	pw := &printer{w: w}
	pw.f("\nLint: %s that hurt on a fleet (rollout lint lists them; lint = error refuses):\n", plural.Count(len(active), "statement"))
	lintFindings(pw, active, "  ")
	return pw.err
}

func lintFindings(pw *printer, fs []lint.Finding, indent string) {
	for _, f := range fs {
		if f.Ignored {
			pw.f("%s%s: %s %s ignored in module.hcl: %s\n", indent, f.Pos(), f.Code, f.Rule, f.Reason)
			continue
		}
		pw.f("%s%s: %s %s: %s\n", indent, f.Pos(), f.Code, f.Rule, f.Message)
		pw.f("%s    %s\n", indent, f.Statement)
		pw.f("%s    fix: %s\n", indent, f.Fix)
	}
}

// PlanNotes prints the no-op statements of the files the plan runs.
func PlanNotes(w io.Writer, notes []lint.Note) error {
	pw := &printer{w: w}
	for i, n := range notes {
		if i == 0 {
			pw.f("\nNotes:\n")
		}
		pw.f("  note: %s:%d:%d: %s\n", n.File, n.Line, n.Column, n.Message)
	}
	return pw.err
}

// LintRefusal is the error plan and apply return under lint = error.
func LintRefusal(fs []lint.Finding) error {
	n := len(lint.Active(fs))
	return fmt.Errorf("lint found %s that hurt on a fleet and lint = error: fix them, or ignore each "+
		"in its module.hcl (lint { ignore \"<rule>\" { reason = \"…\" } })", plural.Count(n, "statement"))
}
