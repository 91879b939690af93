package views

import (
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/jo-water/rollout/internal/plan"
)

// ForgetJSON is `rollout forget --json`: the plan, the servers, and
// whether it ran (with the roles kept, and why).
type ForgetJSON struct {
	*plan.Forget
	Connections []Server          `json:"connections"`
	Done        bool              `json:"done"`
	KeptRoles   map[string]string `json:"kept_roles"`
}

// Forget prints what forget will do.
func Forget(w io.Writer, f *plan.Forget) error {
	p := &printer{w: w}
	p.f("Forget governorate %s on server %q (no file declares it):\n", f.Tenant, f.Server)
	p.f("  - delete rollout's records of it: the tenant, its services (%s), its applied files and soak times\n", strings.Join(f.Services, ", "))
	if f.DropSchema {
		p.f("  %s DROP SCHEMA %q CASCADE, and its modules' own schemas: every table and row in them is lost\n", paint(red, "-"), f.Schema)
		p.f("  - drop roles %s where nothing else uses them\n", strings.Join(f.Roles, ", "))
	} else {
		p.f("  = keep schema %q with its data, and roles %s (--drop-schema drops them)\n", f.Schema, strings.Join(f.Roles, ", "))
	}
	p.f("The audit trail keeps its history and records this.\n")
	return p.err
}

// Forgotten is the last line of a text forget.
func Forgotten(w io.Writer, f *plan.Forget, kept map[string]string) error {
	p := &printer{w: w}
	if f.DropSchema {
		p.f("Forgot %s and dropped schema %s.\n", f.Tenant, f.Schema)
	} else {
		p.f("Forgot %s; schema %s and its data are still there.\n", f.Tenant, f.Schema)
	}
	for _, r := range slices.Sorted(maps.Keys(kept)) {
		p.f("  kept role %s: %s\n", r, kept[r])
	}
	return p.err
}
