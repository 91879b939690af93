package state

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/migrator"
)

// versionTableRef is one version table: its schema and name.
type versionTableRef struct{ schema, table string }

// emptyBatch bounds the tables one query reads: each takes a lock until
// the query ends, and a server has a fixed number of lock slots.
const emptyBatch = 500

// readVersionTables fills s.VersionTables with the golang-migrate version
// tables of every schema (or of one: by index, its own relations only),
// from the catalog: no tenant object is read. It returns those whose rows
// readEmptyVersionTables may read without running anything of the
// tenant's (see there).
func readVersionTables(ctx context.Context, pool Querier, s *Snapshot, schema string) (map[versionTableRef]bool, error) {
	// What makes a version table safe to count, in one place for both reads.
	const cols = `c.relname,
			c.relkind = 'r' AND NOT c.relrowsecurity AND pg_catalog.has_table_privilege(c.oid, 'SELECT')`
	const versionTable = `c.relname LIKE 'schema\_migrations\_%' AND c.relkind IN ('r', 'p', 'v')`
	query := `SELECT n.nspname, ` + cols + `
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE ` + versionTable
	args := []any{}
	if schema != "" {
		// One schema's relations by index only, not every tenant's.
		query = `SELECT $1::text, ` + cols + `
			FROM (` + migrator.RelationsOf("$1") + `) c
			WHERE ` + versionTable
		args = append(args, schema)
	}
	rows, err := pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read version tables: %w", err)
	}
	defer rows.Close()
	s.VersionTables = map[string]map[string]bool{}
	readable := map[versionTableRef]bool{}
	for rows.Next() {
		var ref versionTableRef
		var ok bool
		if err := rows.Scan(&ref.schema, &ref.table, &ok); err != nil {
			return nil, err
		}
		if s.VersionTables[ref.schema] == nil {
			s.VersionTables[ref.schema] = map[string]bool{}
		}
		s.VersionTables[ref.schema][ref.table] = true
		readable[ref] = ok
	}
	return readable, rows.Err()
}

// readEmptyVersionTables fills s.EmptyVersionTables: of the version tables
// no recorded service accounts for (a services row for its module in the
// tenant that owns the schema), those that hold no row. Those are what
// plan must tell apart: empty, nothing ran; holding a version, the
// control rows were deleted by hand. Normally there are none, so nothing
// is read; else one query per emptyBatch tables.
//
// The tables are the tenant's, read by the connecting role: only plain
// tables without row security (a view or a policy would run the tenant's
// code with the connecting role's rights), ONLY (no inherited children),
// no column (no type of the tenant's), locked and checked again first (a
// table turned into a view or given a policy since the catalog read is
// not read), with row_security off (a policy makes the query fail, never
// run) and a lock timeout (a tenant holding its table locked does not stop
// the plan). A table not read counts as holding a version: plan then refuses
// as before, never runs files again.
func readEmptyVersionTables(ctx context.Context, pool Querier, s *Snapshot, readable map[versionTableRef]bool) error {
	s.EmptyVersionTables = map[string]map[string]bool{}
	refs := unaccountedVersionTables(s, readable)
	for len(refs) > 0 {
		n := min(len(refs), emptyBatch)
		if err := readEmptyBatch(ctx, pool, s, refs[:n]); err != nil {
			return err
		}
		refs = refs[n:]
	}
	return nil
}

// unaccountedVersionTables are the readable version tables that no
// recorded service explains.
func unaccountedVersionTables(s *Snapshot, readable map[versionTableRef]bool) []versionTableRef {
	accounted := map[versionTableRef]bool{}
	for _, t := range s.Tenants {
		for m, sv := range t.Services {
			if sv.Recorded {
				accounted[versionTableRef{t.Schema, migrator.VersionTable(m)}] = true
			}
		}
	}
	var out []versionTableRef
	for _, schema := range sortedKeys(s.VersionTables) {
		for _, table := range sortedKeys(s.VersionTables[schema]) {
			ref := versionTableRef{schema, table}
			if readable[ref] && !accounted[ref] {
				out = append(out, ref)
			}
		}
	}
	return out
}

// beginner starts a transaction (a pool) or a savepoint (a transaction).
type beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

func readEmptyBatch(ctx context.Context, pool Querier, s *Snapshot, refs []versionTableRef) error {
	b, ok := pool.(beginner)
	if !ok {
		return nil // nothing read: every table counts as holding a version
	}
	tx, err := b.Begin(ctx)
	if err != nil {
		return fmt.Errorf("read version tables: %w", err)
	}
	// Read only: rolled back, which also ends the SET LOCALs and the locks.
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	idx, err := emptyIndexes(ctx, tx, refs)
	if err != nil {
		// A lock held too long or a table changed since the catalog read:
		// these tables count as holding a version (plan refuses, safely).
		var pgErr interface{ SQLState() string }
		if errors.As(err, &pgErr) {
			return nil
		}
		return fmt.Errorf("read version tables: %w", err)
	}
	for _, i := range idx {
		r := refs[i]
		if s.EmptyVersionTables[r.schema] == nil {
			s.EmptyVersionTables[r.schema] = map[string]bool{}
		}
		s.EmptyVersionTables[r.schema][r.table] = true
	}
	return nil
}

// emptyIndexes locks the tables (so none can turn into a view or gain a
// policy until the transaction ends), checks in the catalog that each is
// still a plain table without row security, then returns the indexes of
// those without a row; nil if any changed.
func emptyIndexes(ctx context.Context, tx pgx.Tx, refs []versionTableRef) ([]int32, error) {
	names, schemas, tables := make([]string, len(refs)), make([]string, len(refs)), make([]string, len(refs))
	for i, r := range refs {
		names[i], schemas[i], tables[i] = Ident(r.schema, r.table), r.schema, r.table
	}
	_, err := tx.Exec(ctx, `SET LOCAL row_security = off; SET LOCAL lock_timeout = '2s';
		LOCK TABLE ONLY `+strings.Join(names, ", ")+` IN ACCESS SHARE MODE`)
	if err != nil {
		return nil, err
	}
	var plain int
	err = tx.QueryRow(ctx, `SELECT count(*) FROM unnest($1::text[], $2::text[]) AS u(s, t)
		JOIN pg_catalog.pg_namespace n ON n.nspname = u.s
		JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = u.t
		WHERE c.relkind = 'r' AND NOT c.relrowsecurity`, schemas, tables).Scan(&plain)
	if err != nil || plain != len(refs) {
		return nil, err
	}
	parts := make([]string, len(refs))
	for i, name := range names {
		parts[i] = fmt.Sprintf(`SELECT %d WHERE NOT EXISTS (SELECT FROM ONLY %s)`, i, name)
	}
	rows, err := tx.Query(ctx, strings.Join(parts, " UNION ALL "))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int32])
}
