// Package lint flags the statements of migration files that hurt when one
// file runs on hundreds of tenants in a row: long locks, table rewrites,
// full scans, lost data, files that cannot run. It reads the parse trees
// internal/sqlfile made (once per file content), never the text, and knows
// how many tenants will run each file. Rule names follow squawk.
package lint

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/lint/rule"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/sqlfile"
)

// Finding is one rule broken at one place, for people and for JSON.
type Finding struct {
	Code      string `json:"code"`
	Rule      string `json:"rule"`
	Module    string `json:"module"`
	Version   uint   `json:"version"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Statement string `json:"statement"` // the file's line there, cut to about 120 characters
	Message   string `json:"message"`   // what hurts, and on how many tenants
	Fix       string `json:"fix"`       // the safe recipe
	Tenants   int    `json:"tenants"`   // tenants that will run the file
	Ignored   bool   `json:"ignored"`   // silenced in module.hcl
	Reason    string `json:"reason,omitempty"`
}

// Pos is "file:line:col".
func (f Finding) Pos() string { return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column) }

// Key names one up file of a module.
type Key struct {
	Module  string
	Version uint
}

// Fleet says which files to lint and how many tenants run each.
type Fleet struct {
	Runs   map[Key]int
	InPlan bool // the counts are a plan's, not the tenant files'
}

// FromFiles is the fleet the tenant files describe: every file up to the
// version each tenant's service asks for. `rollout lint` reads no database.
func FromFiles(p *config.Project) Fleet {
	runs := map[Key]int{}
	for name, m := range p.Modules {
		for _, mg := range m.Migrations {
			runs[Key{name, mg.Version}] += 0 // every file is linted, run or not
		}
	}
	for _, t := range p.Tenants {
		for _, s := range t.Services {
			m := p.Modules[s.Module]
			if m == nil {
				continue
			}
			for _, mg := range m.Migrations {
				if mg.Version <= s.Version {
					runs[Key{s.Module, mg.Version}]++
				}
			}
		}
	}
	return Fleet{Runs: runs}
}

// FromPlan is the fleet of a plan: the files it runs, each with the number
// of tenants that run it.
func FromPlan(p *plan.Plan) Fleet {
	runs := map[Key]int{}
	for _, t := range p.AllTenants() {
		for _, s := range t.Services {
			for _, mg := range append(append([]plan.Migration{}, s.Migrations...), s.OutOfOrder...) {
				runs[Key{s.Module, mg.Version}]++
			}
		}
	}
	return Fleet{Runs: runs, InPlan: true}
}

// Check lints the fleet's up files and the modules' lock policy.
// lockTimeout is the migration_lock_timeout setting. Findings are sorted
// by file and position; ignored ones are kept, marked, with their reason.
func Check(p *config.Project, fleet Fleet, lockTimeout time.Duration) []Finding {
	var out []Finding
	for key, n := range fleet.Runs {
		m := p.Modules[key.Module]
		mg := m.Migration(key.Version)
		if mg == nil || mg.UpSQL == nil {
			continue
		}
		for _, h := range File(mg.UpSQL) {
			out = append(out, finding(m, mg, h, n, fleet.runs(n)))
		}
	}
	out = append(out, lockPolicy(p, fleet, lockTimeout)...)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return out
}

func finding(m *config.Module, mg *config.Migration, h Hit, tenants int, runs string) Finding {
	line, col := sqlfile.LineCol(mg.UpSQL.Body, h.Offset)
	f := Finding{Code: h.Rule.Code, Rule: h.Rule.Name, Module: m.Name, Version: mg.Version, File: mg.UpPath,
		Line: line, Column: col, Statement: excerpt(mg.UpSQL.Body, h.Offset), Fix: h.Fix(), Tenants: tenants,
		Message: h.Why() + "; " + runs}
	f.Reason, f.Ignored = m.Ignores(h.Rule.Name, mg.Version)
	return f
}

// lockPolicy reports modules whose files would wait for locks without end.
func lockPolicy(p *config.Project, fleet Fleet, global time.Duration) []Finding {
	tenants := map[string]int{}
	for key, n := range fleet.Runs {
		tenants[key.Module] = max(tenants[key.Module], n)
	}
	var out []Finding
	for name, n := range tenants {
		m := p.Modules[name]
		if m.LockTimeoutOr(global) > 0 {
			continue
		}
		r := rule.LockTimeout
		f := Finding{Code: r.Code, Rule: r.Name, Module: name, File: m.DeclRange.Filename, Line: m.DeclRange.Start.Line,
			Column: m.DeclRange.Start.Column, Statement: fmt.Sprintf("module %q", name), Fix: r.Fix, Tenants: n,
			Message: fill(r.Why, []string{name}) + "; " + fleet.runs(n)}
		f.Reason, f.Ignored = m.Ignores(r.Name, 0)
		out = append(out, f)
	}
	return out
}

// Active are the findings not ignored in module.hcl.
func Active(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if !f.Ignored {
			out = append(out, f)
		}
	}
	return out
}

// runs says how many tenants run a file: "runs on 412 tenants in this plan".
func (f Fleet) runs(n int) string {
	switch {
	case f.InPlan:
		return "runs on " + plural.Count(n, "tenant") + " in this plan"
	case n == 0:
		return "no tenant file asks for this version yet"
	}
	return "the tenant files run it on " + plural.Count(n, "tenant")
}

// excerpt is the line holding offset, trimmed; a long line is cut to a
// window that starts a little before offset.
func excerpt(body []byte, offset int) string {
	start := bytes.LastIndexByte(body[:offset], '\n') + 1
	end := len(body)
	if i := bytes.IndexByte(body[offset:], '\n'); i >= 0 {
		end = offset + i
	}
	line := []rune(string(body[start:end]))
	at := utf8.RuneCount(body[start:offset])
	const width, before = 120, 20
	from, to := 0, len(line)
	if to-from > width {
		from = max(0, at-before)
		to = min(len(line), from+width)
	}
	out := strings.TrimSpace(string(line[from:to]))
	if from > 0 {
		out = "… " + out
	}
	if to < len(line) {
		out += " …"
	}
	return out
}
