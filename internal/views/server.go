package views

import (
	"fmt"
	"strings"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/provision"
)

// maxNames bounds how many names one line lists; --json has them all.
const maxNames = 8

// server prints a server's changes outside tenant schemas, grouped by
// kind, before any tenant: they happen first, and they are what another
// application sharing the database would feel.
func (p *printer) server(s plan.Server) {
	if len(s.Changes) == 0 && len(s.Warnings) == 0 {
		return
	}
	p.f("Server %q: changes outside tenant schemas\n", s.Name)
	p.f("    isolate_public = %v (%s)\n", s.IsolatePublic, s.Why)
	for _, g := range groupChanges(s.Changes) {
		p.f("  %s %s\n", sign(g[0].Action), groupLine(g))
	}
	for _, w := range s.Warnings {
		p.f("  WARNING: %s\n", w)
	}
	p.f("\n")
}

func sign(action string) string {
	switch action {
	case "create", "grant", "restore":
		return "+"
	case "drop", "revoke":
		return "-"
	}
	return "~"
}

// groupChanges keeps the plan's order and puts changes of one kind and
// action together.
func groupChanges(cs []plan.ServerChange) [][]plan.ServerChange {
	var out [][]plan.ServerChange
	for _, c := range cs {
		if n := len(out); n > 0 && out[n-1][0].Kind == c.Kind && out[n-1][0].Action == c.Action && c.Kind != plan.KindPublic {
			out[n-1] = append(out[n-1], c)
			continue
		}
		out = append(out, []plan.ServerChange{c})
	}
	return out
}

func groupLine(g []plan.ServerChange) string {
	c := g[0]
	names := make([]string, 0, len(g))
	for i, x := range g {
		if i == maxNames {
			names = append(names, fmt.Sprintf("… and %d more (all in --json)", len(g)-maxNames))
			break
		}
		names = append(names, x.Name)
	}
	list := strings.Join(names, ", ")
	switch c.Kind {
	case plan.KindControl:
		if c.Action == "drop" {
			return fmt.Sprintf("drop control schema %s (rollout's state and audit trail: keep a copy first with rollout history --json)", c.Name)
		}
		return fmt.Sprintf("%s control schema %s (rollout's state and audit trail, %s)", c.Action, c.Name, c.Detail)
	case plan.KindSchema:
		return fmt.Sprintf("%s schema %s (%s)", c.Action, list, schemaPurpose(c.Name))
	case plan.KindExtension:
		return fmt.Sprintf("%s extension %s in schema extensions", c.Action, list)
	case plan.KindRole:
		return fmt.Sprintf("%s roles %s (cluster-wide, NOLOGIN)", c.Action, list)
	case plan.KindMembership:
		return fmt.Sprintf("%s roles %s to %s (to run each tenant's migrations as its owner)", c.Action, list, c.Detail)
	case plan.KindGrant:
		if c.Action == "revoke" {
			return fmt.Sprintf("revoke %s from %s", c.Detail, list)
		}
		return fmt.Sprintf("%s %s to %s", c.Action, c.Detail, list)
	case plan.KindPublic:
		if c.Action == "revoke" {
			return fmt.Sprintf("revoke %s on schema public from PUBLIC (isolate_public: no tenant role can use public)", privileges(c.Detail))
		}
		return fmt.Sprintf("restore %s on schema public to PUBLIC (what rollout took)", privileges(c.Detail))
	}
	return fmt.Sprintf("%s %s %s", c.Action, c.Kind, list)
}

func schemaPurpose(name string) string {
	if name == "rollout" {
		return "rollout's state and audit trail"
	}
	return "extensions shared by every tenant"
}

// privileges spells out "UC from PUBLIC" as "USAGE, CREATE".
func privileges(detail string) string {
	letters, _, _ := strings.Cut(detail, " ")
	return provision.PrivilegeNames(letters)
}
