package migrator

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// session is the one connection golang-migrate holds for a module: files
// run on it through pgconn, which tells how many statements of a
// multi-statement query completed before an error (the failing statement
// when the server gives no position).
type session struct {
	conn atomic.Pointer[pgx.Conn]
}

// connector hands database/sql the pool's connections and keeps the last
// one (the database has at most one open connection).
type connector struct {
	driver.Connector
	s *session
}

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if sc, ok := dc.(*stdlib.Conn); ok {
		c.s.conn.Store(sc.Conn())
	}
	return dc, nil
}

// versionTableQuery is how golang-migrate's pgx driver asks, every time a
// module is opened, whether its version table exists. information_schema
// checks privileges on every relation of the database, so on a server
// with thousands of tenant schemas each call reads the whole catalog.
const versionTableQuery = `SELECT COUNT(1) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2 LIMIT 1`

// versionTableLookup answers the same question from pg_catalog by index:
// its cost does not grow with the other tenants on the server.
const versionTableLookup = `SELECT COUNT(1) FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`

// catalogConn is the driver's connection with that one query swapped for
// its pg_catalog equivalent; everything else goes through unchanged.
// OpenDB hands out only such connections: rollout's own control schema
// is migrated by golang-migrate as well.
type catalogConn struct{ *stdlib.Conn }

func (c catalogConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if query == versionTableQuery {
		query = versionTableLookup
	}
	return c.Conn.QueryContext(ctx, query, args)
}

// exec runs a simple-protocol query and counts the statements that
// completed before an error.
func (s *session) exec(ctx context.Context, sql string) (done int, err error) {
	conn := s.conn.Load()
	if conn == nil {
		return 0, fmt.Errorf("run migration: %w", ErrNoSession)
	}
	return execCounting(ctx, conn.PgConn(), sql)
}

func execCounting(ctx context.Context, conn *pgconn.PgConn, sql string) (done int, err error) {
	mrr := conn.Exec(ctx, sql)
	for mrr.NextResult() {
		if _, err := mrr.ResultReader().Close(); err != nil {
			break
		}
		done++
	}
	return done, mrr.Close()
}

// runFile runs a transactional file between the tenant setup (one
// statement) and the records, as one query, and places an error in the
// file.
func (s *session) runFile(ctx context.Context, setup string, f fileRef, records string) error {
	conn := s.conn.Load()
	if conn == nil {
		return fmt.Errorf("run migration: %w", ErrNoSession)
	}
	return runFile(ctx, conn.PgConn(), setup, f, records)
}

func runFile(ctx context.Context, conn *pgconn.PgConn, setup string, f fileRef, records string) error {
	done, err := execCounting(ctx, conn, inTx(setup, f.sql, records))
	if err != nil {
		// Every setup statement (Setup, LockPolicy.setting) ends its line.
		return f.sql.ErrorInFile(f.path, err, setup, done-strings.Count(setup, ";\n"))
	}
	return nil
}
