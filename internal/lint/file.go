package lint

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/jo-water/rollout/internal/lint/rule"
	"github.com/jo-water/rollout/internal/sqlfile"
)

// Hit is one rule broken at one place of one file.
type Hit struct {
	Rule   rule.Rule
	Offset int      // byte offset in the file
	Args   []string // fill the rule's Why and Fix
	Stmt   sqlfile.Statement
}

// Why and Fix are the rule's sentences for this place.
func (h Hit) Why() string { return fill(h.Rule.Why, h.Args) }
func (h Hit) Fix() string { return fill(h.Rule.Fix, h.Args) }

// fill puts as many args into a sentence as it has %s.
func fill(s string, args []string) string {
	n := strings.Count(s, "%s")
	vals := make([]any, n)
	for i := range vals {
		vals[i] = ""
		if i < len(args) {
			vals[i] = args[i]
		}
	}
	return fmt.Sprintf(s, vals...)
}

// File lints one up file from its parse trees (parsed once by
// internal/sqlfile). A table the same file creates is new and empty when
// the rest of the file runs: indexes, columns and constraints on it hurt
// nobody, so they are not reported.
func File(f *sqlfile.File) []Hit {
	fresh := createdTables(f)
	l := &fileLinter{f: f, fresh: fresh}
	for _, s := range f.Of(sqlfile.Plain) {
		l.stmt = s
		l.statement(s.Tree)
	}
	return l.hits
}

type fileLinter struct {
	f     *sqlfile.File
	fresh map[string]bool
	stmt  sqlfile.Statement
	hits  []Hit
}

func (l *fileLinter) hit(r rule.Rule, loc int32, args ...string) {
	at := l.stmt.Start
	if loc > 0 && int(loc) >= l.stmt.Start && int(loc) < l.stmt.End {
		at = int(loc)
	}
	l.hits = append(l.hits, Hit{Rule: r, Offset: at, Args: args, Stmt: l.stmt})
}

func (l *fileLinter) statement(n *pg.Node) {
	switch s := n.Node.(type) {
	case *pg.Node_IndexStmt:
		l.index(s.IndexStmt)
	case *pg.Node_AlterTableStmt:
		if s.AlterTableStmt.Objtype == pg.ObjectType_OBJECT_TABLE && !l.isFresh(s.AlterTableStmt.Relation) {
			for _, c := range s.AlterTableStmt.Cmds {
				if cmd := c.GetAlterTableCmd(); cmd != nil {
					l.alter(s.AlterTableStmt.Relation.Relname, cmd)
				}
			}
		}
	case *pg.Node_DropStmt:
		l.drop(s.DropStmt)
	case *pg.Node_ReindexStmt:
		for _, p := range s.ReindexStmt.Params {
			if d := p.GetDefElem(); d != nil && d.Defname == "concurrently" && !l.f.NoTransaction {
				l.hit(rule.ConcurrentInTx, -1, "REINDEX")
			}
		}
	}
}

func (l *fileLinter) index(s *pg.IndexStmt) {
	switch {
	case s.Concurrent && !l.f.NoTransaction:
		l.hit(rule.ConcurrentInTx, -1, "CREATE INDEX")
	case !s.Concurrent && !l.isFresh(s.Relation):
		l.hit(rule.ConcurrentIndex, s.Relation.GetLocation(), s.Relation.GetRelname())
	}
}

func (l *fileLinter) alter(table string, cmd *pg.AlterTableCmd) {
	switch cmd.Subtype {
	case pg.AlterTableType_AT_AddColumn:
		if cd := cmd.Def.GetColumnDef(); cd != nil {
			l.addColumn(table, cd)
		}
	case pg.AlterTableType_AT_AlterColumnType:
		l.hit(rule.ColumnType, cmd.Def.GetColumnDef().GetLocation(), table+"."+cmd.Name, table)
	case pg.AlterTableType_AT_SetNotNull:
		l.hit(rule.SetNotNull, -1, table+"."+cmd.Name, cmd.Name)
	case pg.AlterTableType_AT_DropColumn:
		l.hit(rule.DropColumn, -1, table+"."+cmd.Name)
	case pg.AlterTableType_AT_AddConstraint:
		c := cmd.Def.GetConstraint()
		switch {
		case c == nil || c.SkipValidation:
		case c.Contype == pg.ConstrType_CONSTR_FOREIGN:
			l.hit(rule.ForeignKey, c.Location, table)
		case c.Contype == pg.ConstrType_CONSTR_CHECK:
			l.hit(rule.CheckConstraint, c.Location, table)
		}
	}
}

func (l *fileLinter) addColumn(table string, cd *pg.ColumnDef) {
	name := table + "." + cd.Colname
	var notNull, hasDefault bool
	for _, c := range cd.Constraints {
		con := c.GetConstraint()
		switch con.GetContype() {
		case pg.ConstrType_CONSTR_NOTNULL, pg.ConstrType_CONSTR_PRIMARY:
			notNull = true
		case pg.ConstrType_CONSTR_DEFAULT:
			hasDefault = true
			if fn := volatileCall(con.RawExpr); fn != "" {
				l.hit(rule.VolatileDefault, con.Location, name, fn+"()")
			}
		case pg.ConstrType_CONSTR_IDENTITY, pg.ConstrType_CONSTR_GENERATED:
			hasDefault = true
			l.hit(rule.VolatileDefault, con.Location, name, "an identity or generated column")
		}
	}
	if t := typeName(cd.TypeName); strings.HasSuffix(t, "serial") {
		hasDefault = true
		l.hit(rule.VolatileDefault, cd.Location, name, t+", which is nextval()")
	}
	if notNull && !hasDefault {
		l.hit(rule.RequiredField, cd.Location, name)
	}
}

func (l *fileLinter) drop(s *pg.DropStmt) {
	if s.Concurrent && !l.f.NoTransaction {
		l.hit(rule.ConcurrentInTx, -1, "DROP INDEX")
	}
	if s.RemoveType != pg.ObjectType_OBJECT_TABLE {
		return
	}
	for _, o := range s.Objects {
		parts := names(o.GetList().GetItems())
		if len(parts) == 0 || (len(parts) > 1 && parts[0] == "pg_temp") || l.fresh[parts[len(parts)-1]] {
			continue
		}
		l.hit(rule.DropTable, -1, strings.Join(parts, "."))
	}
}

func (l *fileLinter) isFresh(rv *pg.RangeVar) bool {
	return rv == nil || rv.Schemaname == "pg_temp" || l.fresh[rv.Relname]
}

// createdTables are the tables (temporary ones too) a file creates.
func createdTables(f *sqlfile.File) map[string]bool {
	out := map[string]bool{}
	for _, s := range f.Statements {
		switch n := s.Tree.Node.(type) {
		case *pg.Node_CreateStmt:
			out[n.CreateStmt.Relation.GetRelname()] = true
		case *pg.Node_CreateTableAsStmt:
			out[n.CreateTableAsStmt.GetInto().GetRel().GetRelname()] = true
		}
	}
	return out
}

// volatile are functions whose default makes ADD COLUMN rewrite the table
// (PostgreSQL 11+ stores a non-volatile default once instead).
var volatile = map[string]bool{"random": true, "random_normal": true, "clock_timestamp": true, "timeofday": true,
	"gen_random_uuid": true, "uuid_generate_v1": true, "uuid_generate_v1mc": true, "uuid_generate_v4": true,
	"uuidv4": true, "uuidv7": true, "nextval": true, "gen_random_bytes": true, "txid_current": true, "setseed": true}

// volatileCall is the name of the first volatile function an expression
// calls, at any depth, or "".
func volatileCall(n *pg.Node) string {
	found := ""
	walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if fc, ok := m.Interface().(*pg.FuncCall); ok {
			parts := names(fc.Funcname)
			if len(parts) > 0 && volatile[parts[len(parts)-1]] {
				found = parts[len(parts)-1]
				return false
			}
		}
		return true
	})
	return found
}

// walk visits every message of a parse tree; visit returns false to stop.
func walk(m protoreflect.Message, visit func(protoreflect.Message) bool) bool {
	if !m.IsValid() {
		return true
	}
	if !visit(m) {
		return false
	}
	ok := true
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len() && ok; i++ {
				ok = walk(v.List().Get(i).Message(), visit)
			}
		case fd.Message() != nil && !fd.IsMap():
			ok = walk(v.Message(), visit)
		}
		return ok
	})
	return ok
}

func names(nodes []*pg.Node) []string {
	var out []string
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

func typeName(t *pg.TypeName) string {
	if t == nil {
		return ""
	}
	parts := names(t.Names)
	if len(parts) == 0 {
		return ""
	}
	return parts[len(parts)-1]
}
