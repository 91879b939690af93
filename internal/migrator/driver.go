package migrator

import (
	"bytes"
	"fmt"
	"io"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/jackc/pgx/v5"
)

// txDriver wraps golang-migrate's pgx/v5 driver. golang-migrate marks a
// version dirty, runs the file, then marks it clean, in three separate
// steps; a crash between the last two would leave a tenant dirty though
// its file committed. txDriver sends the file and the clean mark (and any
// extra SQL, such as the control schema's record) as one simple-protocol
// query, which PostgreSQL runs as one transaction. So a transactional
// file is either applied and recorded, or not applied and left dirty at a
// version that provably did not run.
type txDriver struct {
	database.Driver
	versionTable string // quoted "schema"."table"
	searchPath   string // SET search_path statement for this tenant
	pending      int    // the version SetVersion last marked dirty
	noTx         map[int]bool
	afterRun     func(version int, up bool) string
	lastUp       bool
}

func (d *txDriver) SetVersion(version int, dirty bool) error {
	if dirty {
		d.pending = version
	}
	return d.Driver.SetVersion(version, dirty)
}

func (d *txDriver) Run(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	var q bytes.Buffer
	q.WriteString(d.searchPath)
	q.WriteString(";\n")
	if d.noTx[d.pending] {
		// Runs outside a transaction: one statement at a time, as written.
		q.Write(body)
		return d.Driver.Run(&q)
	}
	q.Write(body)
	fmt.Fprintf(&q, "\n;\nTRUNCATE %s;\n", d.versionTable)
	if d.pending >= 0 { // golang-migrate's NilVersion (-1) is an empty table
		fmt.Fprintf(&q, "INSERT INTO %s (version, dirty) VALUES (%d, false);\n", d.versionTable, d.pending)
	}
	if d.afterRun != nil {
		q.WriteString(d.afterRun(d.pending, d.lastUp))
	}
	return d.Driver.Run(&q)
}

func quoteTable(schema, table string) string {
	return pgx.Identifier{schema, table}.Sanitize()
}
