package adopt

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/state"
)

// migrateTablePrefix is golang-migrate's default version table name;
// rollout names a module's table schema_migrations_<module>.
const migrateTablePrefix = "schema_migrations"

type migrateVersion struct {
	Table   string
	Version uint
	Dirty   bool
}

// readMigrateTables reads every golang-migrate version table in the
// tenants' schemas: schema → table → version. A schema is hostile input:
// only ordinary tables without row security and with golang-migrate's
// exact columns are read (a view or a policy could run the schema
// owner's code as the connecting user), in a read-only transaction.
func readMigrateTables(ctx context.Context, pool *pgxpool.Pool, ts []*config.Tenant, modules []string) (map[string]map[string]migrateVersion, error) {
	schemas := make([]string, 0, len(ts))
	for _, t := range ts {
		schemas = append(schemas, t.Schema)
	}
	names := []string{migrateTablePrefix}
	for _, m := range modules {
		names = append(names, migrateTablePrefix+"_"+m)
	}
	out := map[string]map[string]migrateVersion{}
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// Row security off: should the owner turn it on between the check
		// below and the read, the read fails instead of running a policy.
		if _, err := tx.Exec(ctx, `SET LOCAL row_security = off; SET LOCAL search_path = pg_catalog`); err != nil {
			return err
		}
		found, err := migrateTables(ctx, tx, schemas, names)
		if err != nil || len(found) == 0 {
			return err
		}
		rows, err := tx.Query(ctx, unionQuery(found))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var schema string
			var mv migrateVersion
			var v int64
			if err := rows.Scan(&schema, &mv.Table, &v, &mv.Dirty); err != nil {
				return err
			}
			if v < 0 {
				return fmt.Errorf("%w %s.%s: version %d", ErrMigrateTable, schema, mv.Table, v)
			}
			mv.Version = uint(v)
			if out[schema] == nil {
				out[schema] = map[string]migrateVersion{}
			}
			out[schema][mv.Table] = mv
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read golang-migrate version tables: %w", err)
	}
	return out, nil
}

func migrateTables(ctx context.Context, tx pgx.Tx, schemas, names []string) ([][2]string, error) {
	rows, err := tx.Query(ctx, `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = ANY($1) AND c.relname = ANY($2) AND c.relkind = 'r' AND NOT c.relrowsecurity
		AND (SELECT array_agg(a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) ORDER BY a.attname)
			FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) = ARRAY['dirty boolean', 'version bigint']`,
		schemas, names)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var p [2]string
		err := r.Scan(&p[0], &p[1])
		return p, err
	})
}

// unionQuery reads each table's newest row in one statement.
func unionQuery(tables [][2]string) string {
	parts := make([]string, 0, len(tables))
	for _, t := range tables {
		parts = append(parts, fmt.Sprintf("(SELECT %s, %s, version, dirty FROM %s ORDER BY version DESC LIMIT 1)",
			state.Literal(t[0]), state.Literal(t[1]), state.Ident(t[0], t[1])))
	}
	return strings.Join(parts, "\nUNION ALL ")
}
