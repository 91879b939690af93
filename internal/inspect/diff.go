package inspect

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Change is one difference between an expected and a live structure.
type Change struct {
	// Op is "+" (in the live schema only: added by hand), "-" (expected
	// but missing) or "~" (both have it, one attribute differs).
	Op     string `json:"op"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Attr   string `json:"attribute,omitempty"`
	Before string `json:"expected,omitempty"`
	After  string `json:"live,omitempty"`
}

// DiffOptions tune a comparison.
type DiffOptions struct {
	// IgnorePrivileges leaves owners and grants out: before adoption a
	// hand-built schema belongs to whoever built it.
	IgnorePrivileges bool
	// Allowed reports whether an object found only in the live schema was
	// declared as an allowed extra.
	Allowed func(kind, name string) bool
}

var privilegeAttrs = map[string]bool{"owner": true, "grants": true}

// relationKinds own columns, constraints, indexes, triggers and policies:
// when a relation is added or missing, so is everything on it, and only
// the relation is reported.
var relationKinds = []string{"table", "view", "materialized view", "foreign table", "sequence"}

// Diff compares what a schema should hold with what it holds, sorted by
// kind and name.
func Diff(expected, live *Structure, opts DiffOptions) []Change {
	added := only(live, expected)
	missing := only(expected, live)
	var out []Change
	for _, o := range added {
		if covered(o, added) || opts.Allowed != nil && (opts.Allowed(o.Kind, o.Name) || o.Table != "" && allowedRelation(opts.Allowed, o.Table)) {
			continue
		}
		out = append(out, Change{Op: "+", Kind: o.Kind, Name: o.Name})
	}
	for _, o := range missing {
		if !covered(o, missing) {
			out = append(out, Change{Op: "-", Kind: o.Kind, Name: o.Name})
		}
	}
	for _, k := range expected.Keys() {
		l, ok := live.Objects[k]
		if !ok {
			continue
		}
		out = append(out, changed(expected.Objects[k], l, opts)...)
	}
	slices.SortStableFunc(out, func(a, b Change) int {
		return strings.Compare(a.Kind+" "+a.Name+" "+a.Op, b.Kind+" "+b.Name+" "+b.Op)
	})
	return out
}

func allowedRelation(allowed func(kind, name string) bool, table string) bool {
	for _, k := range relationKinds {
		if allowed(k, table) {
			return true
		}
	}
	return false
}

// only lists the objects of a that b lacks.
func only(a, b *Structure) map[string]Object {
	out := map[string]Object{}
	for k, o := range a.Objects {
		if _, ok := b.Objects[k]; !ok {
			out[k] = o
		}
	}
	return out
}

// covered: the object's relation is itself in the set.
func covered(o Object, set map[string]Object) bool {
	if o.Table == "" || o.Table == o.Name {
		return false
	}
	for _, k := range relationKinds {
		if _, ok := set[k+" "+o.Table]; ok {
			return true
		}
	}
	return false
}

func changed(e, l Object, opts DiffOptions) []Change {
	keys := map[string]bool{}
	for k := range e.Attrs {
		keys[k] = true
	}
	for k := range l.Attrs {
		keys[k] = true
	}
	var out []Change
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if opts.IgnorePrivileges && privilegeAttrs[k] || e.Attrs[k] == l.Attrs[k] {
			continue
		}
		out = append(out, Change{Op: "~", Kind: e.Kind, Name: e.Name, Attr: k, Before: e.Attrs[k], After: l.Attrs[k]})
	}
	return out
}

// String renders a change the way a schema diff does, naming added and
// missing objects with the tenant's schema:
//
//   - index karak.bills_due_idx
//   - trigger karak.complaints.complaints_touch
//     ~ column complaints.status: text → character varying(20)
//     ~ function close_case(bigint): definition, line 4: "…" → "…"
func (c Change) String(schema string) string {
	if c.Op != "~" {
		if c.Kind == "schema" {
			return c.Op + " schema " + schema
		}
		return c.Op + " " + c.Kind + " " + schema + "." + c.Name
	}
	name := c.Kind + " " + c.Name
	if c.Kind == "schema" {
		name = "schema " + schema
	}
	before, after := show(c.Before), show(c.After)
	label := c.Attr + " "
	switch {
	case c.Attr == "type":
		label = ""
	case c.Attr == "grants":
		return fmt.Sprintf("~ %s: grants %s", name, grantsDelta(c.Before, c.After))
	case strings.Contains(c.Before, "\n") || strings.Contains(c.After, "\n") || len(c.Before)+len(c.After) > 120:
		line, b, a := firstDifference(c.Before, c.After)
		label, before, after = fmt.Sprintf("%s, line %d: ", c.Attr, line), fmt.Sprintf("%q", b), fmt.Sprintf("%q", a)
	}
	return fmt.Sprintf("~ %s: %s%s → %s", name, label, before, after)
}

func show(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// firstDifference finds the first line where two texts differ, leaving
// indentation aside unless it is all that differs.
func firstDifference(a, b string) (int, string, string) {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for _, trim := range []func(string) string{strings.TrimSpace, func(s string) string { return s }} {
		for i := 0; i < max(len(al), len(bl)); i++ {
			var x, y string
			if i < len(al) {
				x = trim(al[i])
			}
			if i < len(bl) {
				y = trim(bl[i])
			}
			if x != y {
				return i + 1, x, y
			}
		}
	}
	return 0, "", ""
}

// grantsDelta lists the grants only one side has: "+app=SELECT -PUBLIC=EXECUTE".
func grantsDelta(before, after string) string {
	b, a := strings.Split(before, ", "), strings.Split(after, ", ")
	var out []string
	for _, g := range a {
		if g != "" && !slices.Contains(b, g) {
			out = append(out, "+"+g)
		}
	}
	for _, g := range b {
		if g != "" && !slices.Contains(a, g) {
			out = append(out, "-"+g)
		}
	}
	return strings.Join(out, " ")
}
