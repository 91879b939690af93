// Package inspect reads the structure of tenant schemas from pg_catalog
// (never information_schema, which hides what the connecting role may not
// see) into a normalised value: the schema's own name and the tenant's
// owner and application roles are abstracted, so that balqa.complaints and
// karak.complaints compare equal. Many schemas are read at once, in a fixed
// number of queries per server whatever their number.
package inspect

import (
	"slices"
	"strings"
)

// Object is one thing in a schema: a table, a column, an index…
type Object struct {
	Kind string `json:"kind"`
	// Name is unique within its kind: "complaints", "complaints.status"
	// for a column, "close_case(bigint)" for a function.
	Name string `json:"name"`
	// Table is the relation the object belongs to (columns, constraints,
	// indexes, triggers, policies): it goes with it when the relation is
	// added, missing or allowed.
	Table string            `json:"table,omitempty"`
	Attrs map[string]string `json:"attrs"`
}

// Key identifies an object within a structure.
func (o Object) Key() string { return o.Kind + " " + o.Name }

// Structure is a schema's objects by key.
type Structure struct {
	Objects map[string]Object `json:"objects"`
}

func newStructure() *Structure { return &Structure{Objects: map[string]Object{}} }

func (s *Structure) add(o Object) {
	if o.Attrs == nil {
		o.Attrs = map[string]string{}
	}
	s.Objects[o.Key()] = o
}

// Keys lists the objects' keys in order.
func (s *Structure) Keys() []string {
	out := make([]string, 0, len(s.Objects))
	for k := range s.Objects {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Target is one schema to read, with the roles that stand for "owner" and
// "app" in it.
type Target struct {
	Schema string
	Owner  string
	App    string
}

// normaliser abstracts one schema's name and roles in catalog text.
type normaliser struct {
	// The schema as PostgreSQL quotes it in what it prints, and always
	// quoted as a hand-written body may name it.
	qualifiers []string
	roles      map[string]string
}

func newNormaliser(t Target, qschema string) normaliser {
	roles := map[string]string{}
	if t.Owner != "" {
		roles[t.Owner] = "owner"
	}
	if t.App != "" {
		roles[t.App] = "app"
	}
	quoted := `"` + strings.ReplaceAll(t.Schema, `"`, `""`) + `"`
	return normaliser{qualifiers: []string{qschema + ".", quoted + "."}, roles: roles}
}

// role abstracts the tenant's own roles; any other role keeps its name,
// so a grant to a foreign role is a difference.
func (n normaliser) role(r string) string {
	if a, ok := n.roles[r]; ok {
		return a
	}
	return r
}

// text drops the schema's qualification ("balqa." or `"My Schema".`)
// wherever it starts a name: inspection runs with search_path =
// pg_catalog, so PostgreSQL qualifies every name outside pg_catalog, and
// names in the schema itself become unqualified here. A qualification
// must follow a character that cannot end an identifier, so "xbalqa."
// or a column "balqa_x." are left alone.
func (n normaliser) text(s string) string {
	for _, q := range n.qualifiers {
		s = unqualify(s, q)
	}
	return s
}

func unqualify(s, q string) string {
	if !strings.Contains(s, q) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, q)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		if i > 0 && identChar(s[i-1]) {
			b.WriteString(s[:i+len(q)])
		} else {
			b.WriteString(s[:i])
		}
		s = s[i+len(q):]
	}
}

func identChar(c byte) bool {
	return c == '_' || c == '$' || c == '"' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// grants renders an exploded ACL ("role=PRIVILEGE" items, grantable ones
// with a *) with the roles abstracted, sorted: "app=SELECT, owner=DELETE…".
func (n normaliser) grants(items []string) string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		role, priv, _ := strings.Cut(it, "=")
		out = append(out, n.role(role)+"="+priv)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}
