// Package migrator runs one module's golang-migrate migrations inside one
// tenant schema, on a connection borrowed from a shared pool.
package migrator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/jo-water/rollout/internal/config"
)

// Target is one (tenant schema, module) pair on one database.
type Target struct {
	// Pool is the tenant's own session (internal/tenantdb): its session
	// user is the tenant's owner role, so what files create belongs to the
	// tenant and nothing they do can act with more than its rights.
	Pool   *pgxpool.Pool
	Schema string
	Module *config.Module
	// FileSchema is where the files create their objects (the head of
	// their search_path): a module with a schema of its own; "" is Schema,
	// which always holds the module's version table.
	FileSchema string
	// ExtraSearchPath follows FileSchema in search_path (the schemas of
	// required modules, the shared extensions schema).
	ExtraSearchPath []string
	// AfterRun returns SQL that commits together with a transactional
	// migration file (the control schema's record of it); from and to are
	// golang-migrate versions (-1 for none).
	AfterRun func(from, to int) string
	// Observe is told about every file run (optional).
	Observe func(from, to int, took time.Duration, err error)
	// Recorded returns the version the control schema records as applied
	// (-1 for none). It commits with every transactional file, so it is
	// the truth when golang-migrate's flag says dirty. Optional.
	Recorded func(ctx context.Context) (int, error)
	// Recovered is told when a dirty flag was cleared (optional).
	Recovered func(dirty, now int)
	// Locks bounds lock waits; the zero policy waits without end.
	Locks LockPolicy
	// Retried is told before a file that hit its lock_timeout is tried
	// again (optional); from and to as in AfterRun.
	Retried func(from, to int, r Retry)
}

func (t Target) fileSchema() string {
	if t.FileSchema != "" {
		return t.FileSchema
	}
	return t.Schema
}

// VersionTable is golang-migrate's table for a module, in the tenant schema.
func VersionTable(module string) string { return "schema_migrations_" + module }

// SearchPath is the statement a borrower of the pool runs before SQL that
// relies on a tenant's search_path: connections are shared, so nobody
// relies on a previous setting.
func SearchPath(schema string, extra ...string) string {
	return "SET " + SearchPathClause(schema, extra...)
}

// SearchPathClause is "search_path TO <schema>, <extra>…", for SET or SET LOCAL.
func SearchPathClause(schema string, extra ...string) string {
	ids := []string{pgx.Identifier{schema}.Sanitize()}
	for _, e := range extra {
		ids = append(ids, pgx.Identifier{e}.Sanitize())
	}
	return "search_path TO " + strings.Join(ids, ", ")
}

// Migrate moves the module to version `to` (0 = nothing applied), up or
// down. It returns the version before and after.
func Migrate(ctx context.Context, t Target, to uint) (from, now uint, err error) {
	m, drv, closeFn, err := open(ctx, t)
	if err != nil {
		return 0, 0, err
	}
	defer closeFn()
	drv.ctx = ctx
	// Before anything ran in this session, only the control schema knows.
	if err := recoverDirty(ctx, t, m, -1, false); err != nil {
		v, _, _ := version(m)
		return v, v, err
	}
	from, _, err = version(m)
	if err != nil {
		return 0, 0, err
	}
	if err = stepTo(m, from, to); err != nil {
		// A transactional file that failed left nothing behind: clear the
		// flag golang-migrate set before running it.
		// A dirty tenant is the news; the file's error explains it.
		if rerr := recoverDirty(ctx, t, m, drv.current, true); rerr != nil {
			err = errors.Join(rerr, err)
		}
	}
	now, _, verr := version(m)
	return from, now, errors.Join(err, verr)
}

// stepTo moves one file at a time. golang-migrate's Migrate and Down read
// files ahead, each in a goroutine that waits until the file is run: when
// a file fails, the ones read ahead wait for ever. Steps(±1) reads one.
func stepTo(m *migrate.Migrate, from, to uint) error {
	up := to > from
	for v := from; v != to; {
		if (to > v) != up {
			return fmt.Errorf("%w: version %d is not one of the module's files", ErrNoVersion, to)
		}
		n := 1
		if !up {
			n = -1
		}
		if err := m.Steps(n); err != nil {
			return err
		}
		var err error
		if v, _, err = version(m); err != nil {
			return err
		}
	}
	return nil
}

// recoverDirty clears a dirty flag when the truth is known: the control
// schema's record (Recorded), or, within this run, the last version
// golang-migrate marked clean. A non-transactional file that stopped part
// way cannot be judged: that stays dirty and is an ErrDirty.
func recoverDirty(ctx context.Context, t Target, m *migrate.Migrate, lastClean int, known bool) error {
	v, dirty, err := m.Version()
	if err != nil || !dirty {
		return nil
	}
	truth := lastClean
	if t.Recorded != nil {
		if truth, err = t.Recorded(ctx); err != nil {
			return err
		}
	} else if !known {
		return fmt.Errorf("%w: %s is dirty at version %d", ErrDirty, t.Module.Name, v)
	}
	if int(v) > truth && noTx(t.Module, v) {
		return fmt.Errorf("%w: %s is dirty at version %d: its migration runs outside a transaction and stopped part way",
			ErrDirty, t.Module.Name, v)
	}
	if err := m.Force(truth); err != nil {
		return fmt.Errorf("clear the dirty flag of %s: %w", t.Module.Name, err)
	}
	if t.Recovered != nil {
		t.Recovered(int(v), truth)
	}
	return nil
}

func noTx(m *config.Module, v uint) bool {
	mg := m.Migration(v)
	return mg != nil && mg.NoTransaction
}

// Version reads the module's version in the tenant schema (0 if none).
func Version(ctx context.Context, t Target) (uint, bool, error) {
	m, _, closeFn, err := open(ctx, t)
	if err != nil {
		return 0, false, err
	}
	defer closeFn()
	v, dirty, err := m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	return v, dirty, err
}

func version(m *migrate.Migrate) (uint, bool, error) {
	v, dirty, err := m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	return v, dirty, err
}

// open builds a golang-migrate instance on one pooled connection.
func open(ctx context.Context, t Target) (*migrate.Migrate, *txDriver, func(), error) {
	sess := &session{}
	// One connection: the driver's advisory lock, the version table and
	// every file then share one session.
	db, cleanup := OpenDB(connector{Connector: stdlib.GetPoolConnector(t.Pool), s: sess})
	inner, err := pgxmigrate.WithInstance(db, &pgxmigrate.Config{
		DatabaseName:    t.Pool.Config().ConnConfig.Database,
		SchemaName:      t.Schema,
		MigrationsTable: VersionTable(t.Module.Name),
	})
	if err != nil {
		cleanup()
		return nil, nil, nil, fmt.Errorf("open migrations of %s in schema %q: %w", t.Module.Name, t.Schema, err)
	}
	drv := &txDriver{Driver: inner, versionTable: quoteTable(t.Schema, VersionTable(t.Module.Name)),
		schema: t.fileSchema(), extraPath: t.ExtraSearchPath, noTx: map[int]bool{},
		afterRun: t.AfterRun, observe: t.Observe, current: -1, session: sess, ctx: ctx, files: fileRefs(t.Module),
		locks: t.Locks, retried: t.Retried}
	if v, dirty, err := inner.Version(); err == nil {
		drv.current, drv.known = v, !dirty
	}
	for _, mg := range t.Module.Migrations {
		drv.noTx[int(mg.Version)] = mg.NoTransaction
	}
	src, err := newSource(t.Module)
	if err == nil {
		var m *migrate.Migrate
		if m, err = migrate.NewWithInstance("iofs", src, "pgx5", drv); err == nil {
			return m, drv, func() { drv.release(); m.Close(); cleanup() }, nil
		}
	}
	inner.Close()
	cleanup()
	return nil, nil, nil, err
}

// Force sets the module's version mark to v (0 = none), clean, without
// running anything: repair, after an admin checked the schema by hand.
func Force(ctx context.Context, t Target, v uint) error {
	m, _, closeFn, err := open(ctx, t)
	if err != nil {
		return err
	}
	defer closeFn()
	if v == 0 {
		return m.Force(-1)
	}
	return m.Force(int(v))
}

// RunOutOfOrder applies one up file that is older than the module's
// version (golang-migrate would skip it), in one transaction together with
// `record`; golang-migrate's version mark does not move.
func RunOutOfOrder(ctx context.Context, t Target, mg *config.Migration, record string) error {
	conn, err := t.Pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("out-of-order migration %s: %w", mg.UpPath, err)
	}
	defer conn.Release()
	setup := Setup(t.fileSchema(), true, t.ExtraSearchPath...) + t.Locks.setting(true)
	err = t.Locks.retrying(ctx, func() error {
		return runFile(ctx, conn.Conn().PgConn(), setup, fileRef{mg.UpSQL, mg.UpPath}, record)
	}, func(r Retry) {
		if t.Retried != nil {
			t.Retried(-1, int(mg.Version), r)
		}
	})
	if err != nil {
		return fmt.Errorf("out-of-order migration: %w", err)
	}
	return nil
}

// FileSQL is one up file as a tenant's transaction runs it, on the
// owner's own session: with the schema's search_path (for a scratch build).
func FileSQL(schema string, mg *config.Migration, extra ...string) string {
	return inTx(Setup(schema, true, extra...), mg.UpSQL, "")
}

// fileRefs are a module's parsed files by checksum.
func fileRefs(m *config.Module) map[string]fileRef {
	out := make(map[string]fileRef, 2*len(m.Migrations))
	for _, mg := range m.Migrations {
		out[mg.UpSum] = fileRef{mg.UpSQL, mg.UpPath}
		if mg.DownSQL != nil {
			out[mg.DownSum] = fileRef{mg.DownSQL, mg.DownPath}
		}
	}
	return out
}

// DirtyModules lists the modules whose version table in schema is marked
// dirty, with the version, in two queries. pool is the tenant's own
// session: the tables are the tenant's, and reading them must run nothing
// with more than its rights.
func DirtyModules(ctx context.Context, pool *pgxpool.Pool, schema string) (map[string]int64, error) {
	rows, err := pool.Query(ctx, `SELECT r.relname FROM (`+RelationsOf("$1")+`) r
		WHERE r.relname LIKE 'schema\_migrations\_%' AND r.relkind IN ('r', 'p', 'v')`, schema)
	if err != nil {
		return nil, err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	out := map[string]int64{}
	if err != nil || len(tables) == 0 {
		return out, err
	}
	parts := make([]string, len(tables))
	for i, t := range tables {
		module := strings.TrimPrefix(t, "schema_migrations_")
		parts[i] = fmt.Sprintf("SELECT '%s'::text, version FROM %s WHERE dirty", strings.ReplaceAll(module, "'", "''"), quoteTable(schema, t))
	}
	rows, err = pool.Query(ctx, strings.Join(parts, " UNION ALL "))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		var v int64
		if err := rows.Scan(&m, &v); err != nil {
			return nil, err
		}
		out[m] = v
	}
	return out, rows.Err()
}
