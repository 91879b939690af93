package migrator

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"

	"github.com/jackc/pgx/v5/stdlib"
)

// OpenDB opens a *sql.DB for golang-migrate over connector (from pgx's
// stdlib), whose connections answer golang-migrate's version-table lookup
// from pg_catalog, and returns a cleanup that closes every connection it
// made.
// golang-migrate's pgx driver keeps a connection it took when its setup
// fails part way (a statement_timeout, say) and never gives it back: a
// pool would then wait for it for ever when closed. The cleanup closes
// such connections too.
func OpenDB(connector driver.Connector) (*sql.DB, func()) {
	tc := &trackingConnector{Connector: connector}
	db := sql.OpenDB(tc)
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(0)
	return db, func() {
		_ = db.Close()
		tc.closeAll()
	}
}

type trackingConnector struct {
	driver.Connector
	mu    sync.Mutex
	conns []*trackedConn
}

func (c *trackingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(*stdlib.Conn)
	if !ok {
		return conn, nil
	}
	tc := &trackedConn{catalogConn: catalogConn{sc}}
	c.mu.Lock()
	c.conns = append(c.conns, tc)
	c.mu.Unlock()
	return tc, nil
}

// trackedConn is pgx's stdlib connection (all its optional interfaces,
// such as multi-statement Exec, stay) that asks pg_catalog instead of
// information_schema (catalogConn), with a Close that may run twice.
type trackedConn struct {
	catalogConn
	once sync.Once
	err  error
}

func (c *trackedConn) Close() error {
	c.once.Do(func() { c.err = c.Conn.Close() })
	return c.err
}

func (c *trackingConnector) closeAll() {
	c.mu.Lock()
	conns := c.conns
	c.conns = nil
	c.mu.Unlock()
	for _, conn := range conns {
		_ = conn.Close()
	}
}
