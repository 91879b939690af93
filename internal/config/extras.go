package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// extraBody is `extra "<kind>" "<name>" { reason = "…" }` in a tenant: an
// object the governorate adds on purpose (a local reporting view), which
// status does not report as a hand-made change.
type extraBody struct {
	Kind      string    `hcl:"kind,label"`
	Name      string    `hcl:"name,label"`
	Reason    string    `hcl:"reason"`
	DeclRange hcl.Range `hcl:",def_range"`
}

// Extra is an allowed extra object of a tenant's schema.
type Extra struct {
	Kind   string
	Name   string
	Reason string
}

// ExtraKinds are the kinds an extra may have; the ones in tableKinds are
// named "<table>.<name>".
var ExtraKinds = []string{"table", "view", "materialized view", "foreign table", "sequence", "index", "function",
	"procedure", "aggregate", "type", "column", "constraint", "trigger", "policy"}

var tableKinds = []string{"column", "constraint", "trigger", "policy"}

var routineKinds = []string{"function", "procedure", "aggregate"}

// AllowsExtra reports whether the tenant declares an object as an allowed
// extra. A routine named without its arguments covers every overload.
func (t *Tenant) AllowsExtra(kind, name string) bool {
	for _, e := range t.Extras {
		if e.Kind != kind {
			continue
		}
		if e.Name == name || slices.Contains(routineKinds, kind) && !strings.Contains(e.Name, "(") && strings.HasPrefix(name, e.Name+"(") {
			return true
		}
	}
	return false
}

func decodeExtras(bodies []extraBody, diags hcl.Diagnostics) ([]Extra, hcl.Diagnostics) {
	var out []Extra
	for _, b := range bodies {
		if d := checkExtra(b); d != nil {
			diags = append(diags, d)
			continue
		}
		out = append(out, Extra{Kind: b.Kind, Name: b.Name, Reason: b.Reason})
	}
	return out, diags
}

func checkExtra(b extraBody) *hcl.Diagnostic {
	bad := func(summary, detail string) *hcl.Diagnostic {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: b.DeclRange.Ptr()}
	}
	switch {
	case !slices.Contains(ExtraKinds, b.Kind):
		return bad("Unknown kind of extra object", fmt.Sprintf("extra %q is not a kind of object; use one of: %s%s.",
			b.Kind, strings.Join(ExtraKinds, ", "), suggest(b.Kind, ExtraKinds)))
	case strings.TrimSpace(b.Name) == "":
		return bad("Extra object without a name", "Name the object as rollout status prints it, without the schema: extra \"view\" \"monthly_report\".")
	case slices.Contains(tableKinds, b.Kind) && strings.Count(b.Name, ".") != 1:
		return bad("Extra object needs its table", fmt.Sprintf("A %s is named with its table: extra %q \"<table>.<name>\", as rollout status prints it.", b.Kind, b.Kind))
	case !slices.Contains(tableKinds, b.Kind) && !slices.Contains(routineKinds, b.Kind) && strings.Contains(b.Name, "."):
		return bad("Extra object named with a schema", fmt.Sprintf("%q: name the %s without the schema; an extra is allowed in this tenant's schema only.", b.Name, b.Kind))
	case strings.TrimSpace(b.Reason) == "":
		return bad("Extra object without a reason", "Say in reason = \"…\" why this governorate keeps the object, for whoever reads status next.")
	}
	return nil
}
