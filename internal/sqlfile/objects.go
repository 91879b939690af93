package sqlfile

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Object is a named thing a file creates in the schema it runs in.
type Object struct {
	Kind   string // "table", "type", "function", "sequence", "view", "index"
	Name   string // as PostgreSQL folds it (unquoted names in lower case)
	Offset int    // byte offset of the statement that creates it
}

// Namespace is the PostgreSQL namespace an object kind lives in: tables,
// views, sequences, indexes and composite types share one (pg_class).
func (o Object) Namespace() string {
	switch o.Kind {
	case "table", "view", "sequence", "index":
		return "relation"
	}
	return o.Kind
}

// objects are what the file's statements create in the schema they run
// in; temporary objects and objects in an explicitly named other schema
// are not the tenant schema's.
func objects(f *File) []Object {
	var out []Object
	for _, s := range f.Statements {
		if kind, name, ok := created(s.Tree); ok && name != "" {
			out = append(out, Object{Kind: kind, Name: name, Offset: s.Start})
		}
	}
	return out
}

func created(n *pg.Node) (kind, name string, ok bool) {
	switch s := n.Node.(type) {
	case *pg.Node_CreateStmt:
		return relation("table", s.CreateStmt.Relation)
	case *pg.Node_CreateTableAsStmt:
		k := "table"
		if s.CreateTableAsStmt.Objtype == pg.ObjectType_OBJECT_MATVIEW {
			k = "view"
		}
		return relation(k, s.CreateTableAsStmt.Into.GetRel())
	case *pg.Node_ViewStmt:
		return relation("view", s.ViewStmt.View)
	case *pg.Node_CreateSeqStmt:
		return relation("sequence", s.CreateSeqStmt.Sequence)
	case *pg.Node_IndexStmt:
		if s.IndexStmt.Idxname == "" || !local(s.IndexStmt.Relation) {
			return "", "", false
		}
		return "index", s.IndexStmt.Idxname, true
	case *pg.Node_CompositeTypeStmt:
		return relation("type", s.CompositeTypeStmt.Typevar)
	case *pg.Node_CreateEnumStmt:
		return qualified("type", s.CreateEnumStmt.TypeName)
	case *pg.Node_CreateRangeStmt:
		return qualified("type", s.CreateRangeStmt.TypeName)
	case *pg.Node_CreateDomainStmt:
		return qualified("type", s.CreateDomainStmt.Domainname)
	case *pg.Node_CreateFunctionStmt:
		return qualified("function", s.CreateFunctionStmt.Funcname)
	}
	return "", "", false
}

// local: no schema named (the tenant's search_path decides) and not temporary.
func local(rv *pg.RangeVar) bool {
	return rv != nil && rv.Schemaname == "" && rv.Relpersistence != "t"
}

func relation(kind string, rv *pg.RangeVar) (string, string, bool) {
	if !local(rv) {
		return "", "", false
	}
	return kind, rv.Relname, true
}

func qualified(kind string, names []*pg.Node) (string, string, bool) {
	parts := stringItems(names)
	if len(parts) != 1 {
		return "", "", false // schema-qualified (pg_temp.x, public.x): not the tenant schema's
	}
	return kind, strings.TrimSpace(parts[0]), true
}
