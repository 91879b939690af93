package migrator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/sqlfile"
)

// txDriver wraps golang-migrate's pgx/v5 driver. golang-migrate marks a
// version dirty, runs the file, then marks it clean, in three separate
// steps; a crash between the last two would leave a tenant dirty though
// its file committed. txDriver sends the file, the clean mark and the
// control schema's record of it as one simple-protocol query, which
// PostgreSQL runs as one transaction. So a transactional file is either
// applied and recorded, or not applied and left dirty at a version that
// provably did not run (Recover clears that).
type txDriver struct {
	database.Driver
	versionTable string // quoted "schema"."table"
	schema       string
	extraPath    []string
	current      int // the version before the file being run
	pending      int // the version SetVersion last marked dirty
	noTx         map[int]bool
	afterRun     func(from, to int) string
	observe      func(from, to int, took time.Duration, err error)
	markedClean  bool // the last transactional run already set the clean mark
	// known: current is what the version table says (clean), so Version
	// need not ask; golang-migrate asks before and after every file.
	known bool
	// locked: golang-migrate's advisory lock is held, until release.
	locked  bool
	files   map[string]fileRef // by checksum: what golang-migrate hands to Run
	session *session
	ctx     context.Context
	locks   LockPolicy
	retried func(from, to int, r Retry)
}

// fileRef is a parsed migration file and the path errors name.
type fileRef struct {
	sql  *sqlfile.File
	path string
}

// SetVersion is golang-migrate's "dirty before, clean after" around each
// file. A transactional file sets its clean mark in its own transaction,
// so for it both extra writes are skipped: a crash then leaves the
// previous clean version, never a dirty flag. A non-transactional file
// keeps the dirty mark, which is what makes a half-run visible; Run
// writes it, after reading the file (golang-migrate's goroutine that
// hands the file over waits for ever for a reader otherwise).
func (d *txDriver) SetVersion(version int, dirty bool) error {
	if dirty {
		d.pending, d.markedClean = version, false
		return nil
	} else if d.markedClean && version == d.pending {
		d.current, d.known = version, true
		return nil
	}
	err := d.Driver.SetVersion(version, dirty)
	d.known = err == nil && !dirty
	if d.known {
		d.current = version
	}
	return err
}

// Version is golang-migrate's version mark. Once read or written in this
// run it is known here (only this session writes it, under the module's
// advisory lock): golang-migrate reads it around every file, a round trip
// each.
func (d *txDriver) Version() (int, bool, error) {
	if d.known {
		return d.current, false, nil
	}
	v, dirty, err := d.Driver.Version()
	if err == nil && !dirty {
		d.current, d.known = v, true
	}
	return v, dirty, err
}

// Lock takes golang-migrate's advisory lock for the module on the first
// call and holds it until release, at the end of the module's run:
// golang-migrate takes and gives it back around every file, two round
// trips each. A golang-migrate CLI run on the same tenant still waits for
// it, as before.
func (d *txDriver) Lock() error {
	if d.locked {
		return nil
	}
	if err := d.Driver.Lock(); err != nil {
		return err
	}
	d.locked = true
	return nil
}

// Unlock keeps the lock: release gives it back.
func (d *txDriver) Unlock() error { return nil }

func (d *txDriver) release() {
	if d.locked {
		d.locked = false
		_ = d.Driver.Unlock()
	}
}

// Run runs one file that golang-migrate read from the source. The source
// serves the bytes the loader parsed, so the checksum finds the parse.
func (d *txDriver) Run(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	f, ok := d.files[hex.EncodeToString(sum[:])]
	if !ok {
		return fmt.Errorf("run migration: %w", ErrUnknownFile)
	}
	start := time.Now()
	d.known = false // until the file's records say
	if d.isNoTx() {
		if err = d.Driver.SetVersion(d.pending, true); err == nil {
			err = d.runOutsideTx(f)
		}
	} else {
		err = d.runInTx(f)
	}
	if d.observe != nil {
		d.observe(d.current, d.pending, time.Since(start), err)
	}
	return err
}

// isNoTx: only an up file can ask to run outside a transaction.
func (d *txDriver) isNoTx() bool { return d.pending > d.current && d.noTx[d.pending] }

// setup is the tenant's search_path and the lock policy's lock_timeout.
func (d *txDriver) setup(local bool) string {
	return Setup(d.schema, local, d.extraPath...) + d.locks.setting(local)
}

// Setup is the SQL that gives a session (or, local, a transaction) the
// tenant's search_path: one statement. The session itself is the tenant
// owner's (internal/tenantdb): no role is set here, so none can be reset.
func Setup(schema string, local bool, extra ...string) string {
	scope := "SET "
	if local {
		scope = "SET LOCAL "
	}
	return scope + SearchPathClause(schema, extra...) + ";\n"
}

// inTx is one file as one simple-protocol query, which PostgreSQL runs as
// one transaction: the tenant's search_path (SET LOCAL, so a file's own
// SET search_path does not outlive it), the file as rollout runs it (its
// own transaction and extension statements blanked out), then its
// records: the version mark and rollout.record_file, on the same owner
// session.
func inTx(setup string, f *sqlfile.File, records string) string {
	var q strings.Builder
	q.WriteString(setup)
	q.Write(f.Runnable())
	q.WriteString("\n;\n")
	q.WriteString(records)
	return q.String()
}

func (d *txDriver) record() string {
	var b bytes.Buffer
	// DELETE, not TRUNCATE: TRUNCATE swaps the table's file on every call.
	fmt.Fprintf(&b, "DELETE FROM %s;\n", d.versionTable)
	if d.pending >= 0 { // golang-migrate's NilVersion (-1) is an empty table
		fmt.Fprintf(&b, "INSERT INTO %s (version, dirty) VALUES (%d, false);\n", d.versionTable, d.pending)
	}
	if d.afterRun != nil {
		b.WriteString(d.afterRun(d.current, d.pending))
	}
	return b.String()
}

// runInTx runs a transactional file, again when it hit its lock_timeout:
// the failed attempt rolled back whole, so a retry starts from scratch.
func (d *txDriver) runInTx(f fileRef) error {
	err := d.locks.retrying(d.ctx, func() error {
		return d.session.runFile(d.ctx, d.setup(true), f, d.record())
	}, func(r Retry) {
		if d.retried != nil {
			d.retried(d.current, d.pending, r)
		}
	})
	d.markedClean = err == nil
	return err
}

// runOutsideTx runs a file statement by statement, as CREATE INDEX
// CONCURRENTLY requires. If it fails part way the tenant stays dirty.
func (d *txDriver) runOutsideTx(f fileRef) (err error) {
	if _, err := d.session.exec(d.ctx, d.setup(false)); err != nil {
		return err
	}
	defer func() {
		if _, rerr := d.session.exec(d.ctx, "RESET search_path; RESET lock_timeout;"); err == nil {
			err = rerr
		}
	}()
	for _, s := range f.sql.Of(sqlfile.Plain) {
		if _, err := d.session.exec(d.ctx, f.sql.Text(s)); err != nil {
			return f.sql.ErrorInStatement(f.path, err, s)
		}
	}
	_, err = d.session.exec(d.ctx, d.record())
	return err
}

func quoteTable(schema, table string) string {
	return pgx.Identifier{schema, table}.Sanitize()
}
