package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"

	"github.com/jo-water/rollout/internal/lint/rule"
)

// lintBlock is a module's `lint { ignore "<rule>" { reason, versions } }`.
type lintBlock struct {
	Ignores   []ignoreBlock `hcl:"ignore,block"`
	DeclRange hcl.Range     `hcl:",def_range"`
}

type ignoreBlock struct {
	Rule      string    `hcl:"rule,label"`
	Reason    string    `hcl:"reason"`
	Versions  []uint    `hcl:"versions,optional"`
	DeclRange hcl.Range `hcl:",def_range"`
}

// LintIgnore silences one lint rule for a module (all its files, or only
// the listed versions), with the reason a reviewer reads.
type LintIgnore struct {
	Rule      string // the rule's name (a code in the file is turned into it)
	Reason    string
	Versions  []uint // empty: every version
	DeclRange hcl.Range
}

// Ignores reports whether the module silences a rule for a version, and why.
func (m *Module) Ignores(ruleName string, version uint) (string, bool) {
	for _, ig := range m.LintIgnores {
		if ig.Rule != ruleName {
			continue
		}
		if len(ig.Versions) == 0 {
			return ig.Reason, true
		}
		for _, v := range ig.Versions {
			if v == version {
				return ig.Reason, true
			}
		}
	}
	return "", false
}

func decodeLint(m *Module, lb *lintBlock) hcl.Diagnostics {
	if lb == nil {
		return nil
	}
	var diags hcl.Diagnostics
	for _, ib := range lb.Ignores {
		r, ok := rule.Lookup(ib.Rule)
		if !ok {
			names := make([]string, len(rule.Rules))
			for i, r := range rule.Rules {
				names[i] = r.Name
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown lint rule", Subject: ib.DeclRange.Ptr(),
				Detail: fmt.Sprintf("%q is no lint rule%s; the rules are %s (or their codes L001…).", ib.Rule, suggest(ib.Rule, names), strings.Join(names, ", "))})
			continue
		}
		if strings.TrimSpace(ib.Reason) == "" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Lint ignore without a reason", Subject: ib.DeclRange.Ptr(),
				Detail: fmt.Sprintf("Say why %s is safe here (reason = \"…\"): the next reviewer reads it in `rollout lint`.", r.Name)})
			continue
		}
		for _, v := range ib.Versions {
			if !m.HasVersion(v) || v == 0 {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Lint ignore for an unknown version", Subject: ib.DeclRange.Ptr(),
					Detail: fmt.Sprintf("Module %q has no migration version %d; list versions of its migrations/ folder.", m.Name, v)})
			}
		}
		m.LintIgnores = append(m.LintIgnores, LintIgnore{Rule: r.Name, Reason: ib.Reason, Versions: ib.Versions, DeclRange: ib.DeclRange})
	}
	return diags
}

// decodeLockTimeout reads a module's lock_timeout: how long each of its
// statements may wait for a lock before the file is rolled back and tried
// again ("0s" waits without end).
func decodeLockTimeout(m *Module, expr hcl.Expression) hcl.Diagnostics {
	if expr == nil || isNull(expr) {
		return nil
	}
	var v string
	if diags := gohcl.DecodeExpression(expr, nil, &v); diags.HasErrors() {
		return diags
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || (d > 0 && d < time.Millisecond) || d > time.Hour {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid lock_timeout", Subject: expr.Range().Ptr(),
			Detail: fmt.Sprintf("lock_timeout is a duration such as \"3s\" or \"500ms\" (at most 1h; \"0s\" waits without end), not %q.", v)}}
	}
	m.LockTimeout = &d
	return nil
}

// LockTimeoutOr is the lock_timeout the module's files run with, given the
// migration_lock_timeout setting.
func (m *Module) LockTimeoutOr(global time.Duration) time.Duration {
	if m.LockTimeout != nil {
		return *m.LockTimeout
	}
	return global
}
