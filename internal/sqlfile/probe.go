package sqlfile

import (
	"fmt"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// probeSchemas are the schemas a health probe may name: what they hold
// belongs to the server, never to a tenant.
var probeSchemas = []string{"pg_catalog", "information_schema"}

// sqlRunners are system functions that run SQL given as text, or read a
// table named by a string (or every table of a schema or database): through
// them a probe would reach tenant objects without naming them.
// set_config could point search_path at a tenant schema.
var sqlRunners = []string{
	"query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
	"cursor_to_xml", "cursor_to_xmlschema",
	"table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
	"schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema",
	"database_to_xml", "database_to_xmlschema", "database_to_xml_and_xmlschema",
	"ts_stat", "ts_rewrite", "set_config",
}

// CheckProbe reads a health probe's SQL: one SELECT that reaches only the
// system catalog and statistics views (pg_catalog, information_schema).
// Probes run as the role rollout connects with, so nothing they touch may
// be a tenant's: a tenant's view, function, type or operator would run
// with that role's rights. The error says what the SQL names, and where
// (line:col within the SQL).
func CheckProbe(sql string) error {
	tree, err := pg.Parse(sql)
	if err != nil {
		return parseError([]byte(sql), err)
	}
	if len(tree.Stmts) != 1 {
		return &ProbeError{Msg: fmt.Sprintf("is %d statements; a probe is one SELECT statement", len(tree.Stmts))}
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil {
		return &ProbeError{Msg: "is not a SELECT; a probe is a SELECT statement that returns true when the server is healthy"}
	}
	if sel.IntoClause != nil || len(sel.LockingClause) > 0 {
		return &ProbeError{Msg: "writes or locks; a probe only reads: no SELECT INTO, no FOR UPDATE/SHARE"}
	}
	var bad error
	walk(tree.ProtoReflect(), func(m proto.Message) bool {
		if bad == nil {
			bad = probeNode(sql, m)
		}
		return bad == nil
	})
	return bad
}

// probeNode refuses a node that names a schema other than the system's,
// or a function that runs SQL from text.
func probeNode(sql string, m proto.Message) error {
	var schema, what string
	var at int32
	switch n := m.(type) {
	case *pg.RangeVar:
		schema, what, at = n.Schemaname, qualifiedName(n.Schemaname, n.Relname), n.Location
	case *pg.FuncCall:
		names := stringItems(n.Funcname)
		if fn := lastName(names); slices.Contains(sqlRunners, fn) {
			return probeError(sql, n.Location, fmt.Sprintf("calls %s(), which runs SQL or reads tables it is given by name; probes run as the role rollout connects with", fn))
		}
		schema, what, at = schemaOf(names), strings.Join(names, "."), n.Location
	case *pg.TypeName:
		names := stringItems(n.Names)
		schema, what, at = schemaOf(names), strings.Join(names, "."), n.Location
	case *pg.A_Expr:
		names := stringItems(n.Name)
		schema, what, at = schemaOf(names), "OPERATOR("+strings.Join(names, ".")+")", n.Location
	case *pg.CollateClause:
		names := stringItems(n.Collname)
		schema, what, at = schemaOf(names), strings.Join(names, "."), n.Location
	}
	if schema == "" || slices.Contains(probeSchemas, schema) {
		return nil
	}
	return probeError(sql, at, fmt.Sprintf("names %s in schema %q; probes run as the role rollout connects with, so they may read only %s",
		what, schema, strings.Join(probeSchemas, " and ")))
}

func probeError(sql string, at int32, msg string) error {
	line, col := LineCol([]byte(sql), int(max(at, 0)))
	return &ProbeError{Line: line, Col: col, Msg: msg}
}

func lastName(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return names[len(names)-1]
}

// schemaOf is the schema of a qualified name (schema.name, or
// catalog.schema.name), or "".
func schemaOf(names []string) string {
	if len(names) < 2 {
		return ""
	}
	return names[len(names)-2]
}

func qualifiedName(schema, name string) string {
	if schema == "" {
		return name
	}
	return schema + "." + name
}

// walk visits every message of a parse tree, depth first, while visit
// returns true.
func walk(m protoreflect.Message, visit func(proto.Message) bool) bool {
	if !visit(m.Interface()) {
		return false
	}
	ok := true
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len() && ok; i++ {
				ok = walk(l.Get(i).Message(), visit)
			}
		case fd.Message() != nil && !fd.IsMap():
			ok = walk(v.Message(), visit)
		}
		return ok
	})
	return ok
}
