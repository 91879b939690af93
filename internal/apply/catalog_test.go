package apply

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgxpool"
	pg "github.com/pganalyze/pg_query_go/v6"

	"github.com/jo-water/rollout/internal/pgtest"
)

// sentSQL records the text of every query any connection of a pool runs,
// at the wire: simple Query messages, and Bind messages by the text their
// prepared statement was parsed with (pgx parses a statement once per
// connection). The admin pool, the tenants' owner sessions (their
// configuration is copied from it) and golang-migrate's connections on
// them alike.
type sentSQL struct {
	mu  sync.Mutex
	sql []string
}

func (s *sentSQL) frontend(r io.Reader, w io.Writer) *pgproto3.Frontend {
	return pgproto3.NewFrontend(r, &wireTap{w: w, log: s, startup: true, parsed: map[string]string{}})
}

func (s *sentSQL) texts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sql)
}

// wireTap passes a connection's outgoing bytes through and picks the SQL
// out of its messages.
type wireTap struct {
	w       io.Writer
	log     *sentSQL
	buf     []byte
	startup bool              // the first message has no type byte
	parsed  map[string]string // prepared statement name → text
}

func (t *wireTap) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	for {
		head := 5
		if t.startup {
			head = 4
		}
		if len(t.buf) < head {
			break
		}
		n := int(binary.BigEndian.Uint32(t.buf[head-4:head])) + head - 4
		if len(t.buf) < n {
			break
		}
		if !t.startup {
			t.record(t.buf[0], t.buf[head:n])
		}
		t.startup = false
		t.buf = t.buf[n:]
	}
	return t.w.Write(p)
}

func (t *wireTap) record(kind byte, body []byte) {
	fields := strings.SplitN(string(body), "\x00", 3)
	var sql string
	switch {
	case kind == 'Q':
		sql = fields[0]
	case kind == 'P' && len(fields) > 1:
		t.parsed[fields[0]] = fields[1]
		return
	case kind == 'B' && len(fields) > 1: // portal, statement
		sql = t.parsed[fields[1]]
	default:
		return
	}
	t.log.mu.Lock()
	t.log.sql = append(t.log.sql, sql)
	t.log.mu.Unlock()
}

// tappedPool is a pool on url whose every query is recorded.
func tappedPool(t *testing.T, url string) (*pgxpool.Pool, *sentSQL) {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	log := &sentSQL{}
	cfg.ConnConfig.BuildFrontend = log.frontend
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool, log
}

// applyTapped plans and applies four tenants on a fresh database and
// returns every query that planning and the apply ran.
func applyTapped(t *testing.T) (url string, sent []string) {
	t.Helper()
	url = pgtest.NewDatabase(t)
	pool, log := tappedPool(t, url)
	planAndApply(t, externalProject(t), pool)
	sent = log.texts()
	if len(sent) < 100 {
		t.Fatalf("recorded only %d queries of a four-tenant apply: the wire tap misses some", len(sent))
	}
	return url, sent
}

// rollout's SQL never reads information_schema: its views check privileges
// on every object of the database, so each lookup grows with every tenant
// on the server. Every statement a plan and an apply send (on the admin pool, the
// owner sessions and golang-migrate's connections; the module's own files
// do not mention it) is parsed with PostgreSQL's parser and searched for
// it, also inside string constants such as DO bodies.
func TestApplySendsNoInformationSchema(t *testing.T) {
	_, sent := applyTapped(t)
	for _, sql := range sent {
		tree, err := pg.ParseToJSON(sql)
		if err != nil {
			t.Errorf("rollout sent SQL PostgreSQL's parser rejects (%v):\n%s", err, sql)
			continue
		}
		if strings.Contains(strings.ToLower(tree), "information_schema") {
			t.Errorf("rollout sent a statement that names information_schema:\n%s", sql)
		}
	}
}

// catalogs are the catalog relations whose size grows with the tenants on
// a server (their objects, roles and grants).
var catalogs = []string{"pg_class", "pg_namespace", "pg_depend", "pg_attribute", "pg_type", "pg_proc", "pg_constraint",
	"pg_index", "pg_trigger", "pg_policy", "pg_authid", "pg_roles", "pg_auth_members", "pg_shdepend", "pg_description",
	"pg_shdescription", "pg_default_acl"}

// Every catalog read apply runs for each tenant can reach what it wants
// by index: with sequential scans switched off and the plan made generic
// (for any parameter values), no catalog is scanned whole, and pg_class's
// name index is never walked over a name prefix, which would read the
// entries of every tenant. (Reads once per server and run, such as the
// server's roles, are the server-level snapshot, and may read it all.)
func TestApplyCatalogReadsByIndex(t *testing.T) {
	ctx := context.Background()
	url, sent := applyTapped(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	runs := map[string]int{}
	for _, sql := range sent {
		runs[sql]++
	}
	checked := 0
	for sql, n := range runs {
		// Four tenants: what runs for each ran at least four times.
		if n < 4 || !readsCatalog(t, sql) {
			continue
		}
		checked++
		if why := catalogScan(ctx, t, conn, sql); why != "" {
			t.Errorf("%s:\n%s", why, sql)
		}
	}
	if checked < 4 {
		t.Fatalf("only %d catalog reads run for each tenant found in %d queries", checked, len(sent))
	}
}

// readsCatalog: sql is one SELECT that names a catalog of catalogs.
func readsCatalog(t *testing.T, sql string) bool {
	tree, err := pg.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 || tree.Stmts[0].Stmt.GetSelectStmt() == nil {
		return false
	}
	js, err := pg.ParseToJSON(sql)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range catalogs {
		if strings.Contains(js, `"relname":"`+c+`"`) {
			return true
		}
	}
	return false
}

var paramRef = regexp.MustCompile(`"ParamRef":\{"number":(\d+)`)

// catalogScan explains sql as a generic plan with sequential scans off
// and says which catalog it would read whole (or through every tenant's
// entries), or "".
func catalogScan(ctx context.Context, t *testing.T, conn *pgx.Conn, sql string) string {
	js, _ := pg.ParseToJSON(sql)
	params := 0
	for _, m := range paramRef.FindAllStringSubmatch(js, -1) {
		var n int
		fmt.Sscan(m[1], &n)
		params = max(params, n)
	}
	args := strings.TrimSuffix(strings.Repeat("NULL, ", params), ", ")
	// In a transaction rolled back; a prepared statement outlives it.
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, q := range []string{`SET LOCAL plan_cache_mode = force_generic_plan`, `SET LOCAL enable_seqscan = off`,
		// A join's plan depends on the shared catalogs' statistics, which
		// other tests' roles change: what counts is that an index path exists.
		`SET LOCAL enable_hashjoin = off`, `SET LOCAL enable_mergejoin = off`,
		`PREPARE catalog_read AS ` + sql} {
		if _, err := tx.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer tx.Exec(ctx, `DEALLOCATE catalog_read`)
	explain := `EXPLAIN (FORMAT JSON) EXECUTE catalog_read`
	if params > 0 {
		explain += "(" + args + ")"
	}
	var out []byte
	if err := tx.QueryRow(ctx, explain).Scan(&out); err != nil {
		t.Fatalf("%s: %v", explain, err)
	}
	var plans []struct{ Plan map[string]any }
	if err := json.Unmarshal(out, &plans); err != nil {
		t.Fatal(err)
	}
	return badScan(plans[0].Plan)
}

func badScan(node map[string]any) string {
	rel, _ := node["Relation Name"].(string)
	idx, _ := node["Index Name"].(string)
	cond, _ := node["Index Cond"].(string)
	switch {
	case node["Node Type"] == "Seq Scan" && slices.Contains(catalogs, rel):
		return "reads the whole of " + rel
	case idx != "" && cond == "" && strings.HasPrefix(idx, "pg_"):
		return "reads the whole of index " + idx
	case idx == "pg_class_relname_nsp_index" && strings.Contains(cond, ">="):
		return "walks pg_class's name index over a prefix (" + cond + "), through every tenant's relations"
	}
	children, _ := node["Plans"].([]any)
	for _, c := range children {
		if m, ok := c.(map[string]any); ok {
			if why := badScan(m); why != "" {
				return why
			}
		}
	}
	return ""
}

// informationSchemaAllowed are the places in rollout's sources that name
// information_schema without querying it, and why.
var informationSchemaAllowed = map[string]string{
	"config/ident.go":     "a reserved schema name a tenant may not take",
	"plan/server.go":      "a system schema left out of the schemas rollout lists",
	"sqlfile/probe.go":    "a schema a health probe (the user's SQL) may read",
	"migrator/session.go": "golang-migrate's own query, recognised to be replaced by a pg_catalog lookup",
}

// A guard beside the tests above: no Go string literal in rollout's
// sources names information_schema but the places listed, and no control
// schema migration (parsed with PostgreSQL's parser) reads it.
func TestNoInformationSchemaInSources(t *testing.T) {
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("..", path)
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			if informationSchemaAllowed[rel] == "" {
				literalsNaming(t, path, rel)
			}
		case strings.HasSuffix(path, ".sql") && strings.HasPrefix(rel, "state/migrations/"):
			body, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			tree, err := pg.ParseToJSON(string(body))
			if err != nil {
				t.Errorf("%s: %v", rel, err)
			} else if strings.Contains(strings.ToLower(tree), "information_schema") {
				t.Errorf("%s names information_schema", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func literalsNaming(t *testing.T, path, rel string) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.Contains(strings.ToLower(lit.Value), "information_schema") {
			t.Errorf("%s: a string names information_schema: %.80s", rel, lit.Value)
		}
		return true
	})
}
