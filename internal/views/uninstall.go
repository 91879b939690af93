package views

import (
	"fmt"
	"io"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
)

// Uninstall prints what `rollout uninstall` would remove, what stays and
// why, or why it is blocked.
func Uninstall(w io.Writer, u *plan.Uninstall) error {
	p := &printer{w: w}
	if len(u.Blockers) > 0 {
		p.f("Uninstall from server %q is blocked: tenant schemas remain\n", u.Server)
		for _, b := range u.Blockers {
			p.f("  %s\n", b)
		}
		p.f("uninstall never drops a tenant schema: once a tenant's data is no longer needed (after a backup), drop its schema yourself, e.g. DROP SCHEMA name CASCADE, then run it again.\n")
		return p.err
	}
	if !u.HasChanges() {
		p.f("Nothing to uninstall: rollout created nothing outside tenant schemas on server %q.\n", u.Server)
		return p.err
	}
	p.f("Uninstall from server %q: what rollout created outside tenant schemas\n", u.Server)
	for _, g := range groupChanges(u.Changes) {
		p.f("  %s %s\n", sign(g[0].Action), groupLine(g))
	}
	for _, k := range u.Kept {
		p.f("  = keep %s %s: %s\n", k.Kind, k.Name, k.Why)
	}
	p.f("Tenant schemas are never dropped; nothing else is touched.\n")
	return p.err
}

// UninstallJSON is the JSON form: the plan and whether it ran.
type UninstallJSON struct {
	*plan.Uninstall
	Connections []Server `json:"connections"`
	Done        bool     `json:"done"`
}

// UninstallAsJSON prints the uninstall plan and outcome as one document.
func UninstallAsJSON(w io.Writer, where []Server, u *plan.Uninstall, done bool) error {
	return WriteJSON(w, UninstallJSON{Uninstall: u, Connections: where, Done: done})
}

// UninstallDone is the last line of a text uninstall.
func UninstallDone(w io.Writer, u *plan.Uninstall) error {
	_, err := fmt.Fprintf(w, "Uninstalled from server %q: %s made.\n", u.Server, plural.Count(len(u.Changes), "change"))
	return err
}
