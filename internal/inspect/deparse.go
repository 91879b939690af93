package inspect

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The deparse functions (pg_get_expr, pg_get_constraintdef,
// pg_get_indexdef, format_type) cost tens of microseconds a call: at 1,000
// tenants they were most of inspection. Tenants built from the same files
// hold the same definitions, so these queries call them once per distinct
// definition: objects are grouped by a fingerprint of everything the
// function reads (the catalog row less its own oids, the names of the
// columns it names, the index's options and tablespace; other objects by
// oid, so a tenant's own type, sequence or function keeps the tenant's
// objects apart), and one object of each group is deparsed for all. The
// text then comes only from the fingerprint, so it is the same for every
// object of the group, except where it names the object's own relation
// and schema: foreign keys (REFERENCES schema.table) are deparsed one by
// one, and an index's definition is its own "CREATE INDEX name ON
// schema.table USING " followed by its group's remainder, checked against
// the deparsed one (any other shape is deparsed one by one). Each tenant's
// normaliser then works on the same text as before, so schema names are
// abstracted exactly as they were.

// shape lists the columns of pg_constraint and pg_index on a server, less
// the objects' own oids: what a fingerprint reads, whatever the version.
type shape struct{ constraint, index []string }

// ownOids are the columns that hold the object's own oid or its
// relation's, which differ from tenant to tenant.
var ownOids = map[string]bool{"oid": true, "connamespace": true, "conrelid": true, "conindid": true,
	"conparentid": true, "indexrelid": true, "indrelid": true}

func readShape(ctx context.Context, tx pgx.Tx) (shape, error) {
	rows, err := tx.Query(ctx, `SELECT attrelid = 'pg_catalog.pg_index'::regclass, attname FROM pg_attribute
		WHERE attrelid IN ('pg_catalog.pg_constraint'::regclass, 'pg_catalog.pg_index'::regclass)
		AND attnum > 0 AND NOT attisdropped ORDER BY attrelid, attnum`)
	if err != nil {
		return shape{}, fmt.Errorf("%w: %w", ErrInspect, err)
	}
	var s shape
	for rows.Next() {
		var index bool
		var name string
		if err := rows.Scan(&index, &name); err != nil {
			return shape{}, fmt.Errorf("%w: %w", ErrInspect, err)
		}
		switch {
		case ownOids[name]:
		case index:
			s.index = append(s.index, name)
		default:
			s.constraint = append(s.constraint, name)
		}
	}
	if err := rows.Err(); err != nil {
		return shape{}, fmt.Errorf("%w: %w", ErrInspect, err)
	}
	return s, nil
}

// row is a catalog row's columns as one record value.
func row(alias string, columns []string) string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = alias + "." + pgx.Identifier{c}.Sanitize()
	}
	return "ROW(" + strings.Join(out, ", ") + ")"
}

// fingerprint hashes values into a group key: a record's text quotes each
// value, so no two lists of values read the same.
func fingerprint(values ...string) string {
	return `sha256(convert_to(ROW(` + strings.Join(values, ", ") + `)::text, 'UTF8'))`
}

// attnames are the numbers, names, types and collations of a relation's
// columns listed by number in attnums, in number order (the list itself,
// in the key too, gives their order): one index scan. A definition prints
// an index column's collation and operator class only where they differ
// from the column's own collation and its type's default.
func attnames(rel, attnums string) string {
	return `ARRAY(SELECT a.attnum || ' ' || a.attname || ' ' || a.atttypid || ' ' || a.attcollation FROM pg_attribute a
		WHERE a.attrelid = ` + rel + ` AND a.attnum = ANY(` + attnums + `) ORDER BY a.attnum)`
}

// allColumns names every column of a relation by number, dropped ones too
// (they shift numbers); an expression's columns are found there.
func allColumns(rel string) string {
	return `ARRAY(SELECT a.attnum || ' ' || a.attname FROM pg_attribute a WHERE a.attrelid = ` + rel + ` AND a.attnum > 0 ORDER BY a.attnum)`
}

// queryColumns: format_type once per type and modifier, each default once
// per expression (a generated column's once per relation shape too). A
// default that is not a generated column's names no column, so it is
// deparsed without its relation (pg_get_expr(…, 0)): opening the relation
// cost more than the deparse.
var queryColumns = `WITH cols AS MATERIALIZED (
	SELECT c.relnamespace, c.relname, a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
		a.attidentity, a.attgenerated, CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation END AS collation
	FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
	WHERE c.relnamespace = ANY($1) AND c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND NOT ` + ignored("c.relname") + `
	AND ` + notExtension("pg_class", "c.oid") + `),
types AS (SELECT atttypid, atttypmod, format_type(atttypid, atttypmod) AS type FROM cols GROUP BY 1, 2),
defaults AS MATERIALIZED (
	SELECT d.adrelid, d.adnum, d.adbin, cols.attgenerated <> '' AS generated, sha256(convert_to(ROW(d.adbin,
		CASE WHEN cols.attgenerated <> '' THEN ROW(cols.relname, ` + allColumns("d.adrelid") + `) END)::text, 'UTF8')) AS key
	FROM cols JOIN pg_attrdef d ON d.adrelid = cols.attrelid AND d.adnum = cols.attnum),
shared AS MATERIALIZED (SELECT key, pg_get_expr(adbin, CASE WHEN generated THEN adrelid ELSE 0 END) AS def
	FROM (SELECT DISTINCT ON (key) key, adbin, adrelid, generated FROM defaults ORDER BY key) one)
SELECT cols.relnamespace, 'column', cols.relname || '.' || cols.attname, cols.relname::text,
	ARRAY['type'::text, types.type,
		'default', shared.def,
		'not_null', CASE WHEN cols.attnotnull THEN 'true' END,
		'identity', nullif(cols.attidentity::text, ''),
		'generated', nullif(cols.attgenerated::text, ''),
		'collation', CASE WHEN cols.collation IS NOT NULL THEN (SELECT collname FROM pg_collation WHERE oid = cols.collation) END], NULL::text[]
	FROM cols JOIN types USING (atttypid, atttypmod)
	LEFT JOIN defaults d ON d.adrelid = cols.attrelid AND d.adnum = cols.attnum
	LEFT JOIN shared ON shared.key = d.key`

// indexTraits is what a constraint or index definition reads of its index.
func indexTraits(s shape, i, ic string) string {
	return `ROW(` + row(i, s.index) + `, ` + ic + `.relname, ` + ic + `.relkind, ` + ic + `.relam, ` + ic + `.reloptions, ` + ic + `.reltablespace, ` +
		attnames(i+".indrelid", i+".indkey::int2[]") + `,
		ARRAY(SELECT ia.attoptions::text FROM pg_attribute ia WHERE ia.attrelid = ` + i + `.indexrelid AND ia.attoptions IS NOT NULL),
		CASE WHEN ` + i + `.indexprs IS NOT NULL OR ` + i + `.indpred IS NOT NULL THEN ` + allColumns(i+".indrelid") + ` END)`
}

// queryConstraints: one pg_get_constraintdef per distinct constraint, but
// a foreign key's (it names the referenced table's schema).
func queryConstraints(s shape) string {
	return `WITH cons AS MATERIALIZED (
	SELECT k.oid, c.relnamespace, c.relname, k.conname,
		CASE WHEN k.contype <> 'f' THEN ` + fingerprint(row("k", s.constraint), "c.relname", attnames("k.conrelid", "k.conkey"),
		"(SELECT "+indexTraits(s, "i", "ic")+" FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indexrelid = k.conindid)") + ` END AS key
	FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
	WHERE c.relnamespace = ANY($1) AND k.contype <> 'n' AND ` + notExtension("pg_class", "c.oid") + ` AND NOT ` + ignored("c.relname") + `),
shared AS MATERIALIZED (SELECT key, pg_get_constraintdef(min(oid), true) AS def FROM cons WHERE key IS NOT NULL GROUP BY key)
SELECT cons.relnamespace, 'constraint', cons.relname || '.' || cons.conname, cons.relname::text,
	ARRAY['definition'::text, coalesce(shared.def, pg_get_constraintdef(cons.oid, true))], NULL::text[]
	FROM cons LEFT JOIN shared ON shared.key = cons.key`
}

// indexPrefix is how pg_get_indexdef starts: CREATE [UNIQUE] INDEX name
// ON schema.table USING (it always qualifies the table).
func indexPrefix(x, nsp string) string {
	return `'CREATE ' || CASE WHEN ` + x + `.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(` + x + `.iname) || ' ON ' ||
		quote_ident(` + nsp + `.nspname) || '.' || quote_ident(` + x + `.tname) || ' USING '`
}

// queryIndexes: one pg_get_indexdef per distinct index; each index's text
// is its own prefix and its group's remainder. Every `shared` CTE is
// MATERIALIZED: one referenced once is otherwise folded into the final
// join, and its deparse then runs for every object (46,046 indexes at
// 1,000 tenants) instead of once per group.
func queryIndexes(s shape) string {
	return `WITH idx AS MATERIALIZED (
	SELECT i.indexrelid, ic.relnamespace, ic.relname AS iname, tc.relname AS tname, i.indisunique,
		` + fingerprint(indexTraits(s, "i", "ic"), "tc.relname", "tc.relkind") + ` AS key
	FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
	WHERE ic.relnamespace = ANY($1) AND ` + notExtension("pg_class", "tc.oid") + ` AND NOT ` + ignored("tc.relname") + `),
shared AS MATERIALIZED (SELECT one.key, pg_get_indexdef(one.indexrelid) AS def, ` + indexPrefix("one", "n") + ` AS prefix
	FROM (SELECT DISTINCT ON (key) * FROM idx ORDER BY key) one JOIN pg_namespace n ON n.oid = one.relnamespace)
SELECT idx.relnamespace, 'index', idx.iname::text, idx.tname::text,
	ARRAY['definition'::text, CASE WHEN starts_with(shared.def, shared.prefix)
		THEN ` + indexPrefix("idx", "n") + ` || substr(shared.def, length(shared.prefix) + 1)
		ELSE pg_get_indexdef(idx.indexrelid) END], NULL::text[]
	FROM idx JOIN shared ON shared.key = idx.key JOIN pg_namespace n ON n.oid = idx.relnamespace`
}
