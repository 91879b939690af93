package inspect

import (
	"fmt"
	"slices"
	"strings"
)

// Every query returns, for the schemas whose oids are in $1: the schema's
// oid, the object's kind, name and relation, its attributes as an array of
// names and values (a NULL value: no such attribute), and a list attribute
// as an array of its name then its items ("grants", or a policy's
// "roles"), or NULL. Plain arrays, not JSON: building and parsing 300,000
// JSON objects cost seconds at 1,000 tenants. Objects that belong
// to an extension are left out: they are the extension's, not the
// tenant's. Each filters on a namespace oid column (pg_class has no index
// on relnamespace, so a hash of the wanted oids beats a lookup by name),
// never on names or information_schema.

// acl explodes an ACL, its default when it is NULL, into "role=PRIVILEGE"
// items: a NULL ACL and the same rights granted explicitly compare equal.
func acl(column, kind, owner string) string {
	return `ARRAY(SELECT CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || '=' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END
		FROM aclexplode(coalesce(` + column + `, acldefault('` + kind + `', ` + owner + `))) a)`
}

// notExtension leaves out the extensions' members, read once before the
// lanes into $2 (see queryMembers): a query that joined pg_depend
// itself scanned all of it, several times a read. An oid is unique only
// within its catalog, so each member is tagged with its catalog's place in
// memberCatalogs, above the oid's 32 bits.
func notExtension(catalog, oid string) string {
	return fmt.Sprintf(`(%s::bigint + %d) <> ALL($2::bigint[])`, oid, int64(slices.Index(memberCatalogs, catalog))<<32)
}

var memberCatalogs = []string{"pg_class", "pg_proc", "pg_type"}

// ignored says a relation is one of Options.Ignore ($3): its objects are
// left out on the server rather than read and dropped (rollout's own
// tables, four of them a tenant, were a sixth of the tables read).
func ignored(relname string) string { return relname + ` = ANY($3::text[])` }

// queryMembers reads, tagged as notExtension wants them, the members of
// extensions among the catalogs the queries read.
var queryMembers = `SELECT coalesce(array_agg(d.objid::bigint + (array_position($1::text[], c.relname::text) - 1)::bigint * 4294967296), '{}')
	FROM pg_depend d JOIN pg_class c ON c.oid = d.classid
	WHERE d.deptype = 'e' AND c.relname = ANY($1::text[]) AND c.relnamespace = 'pg_catalog'::regnamespace`

var querySchemas = `SELECT n.oid, 'schema'::text, ''::text, ''::text,
	ARRAY['owner'::text, pg_get_userbyid(n.nspowner)], ARRAY['grants'::text] || ` + acl("n.nspacl", "n", "n.nspowner") + `
	FROM pg_namespace n WHERE n.oid = ANY($1)`

var queryRelations = `WITH ` + queryViews + `
SELECT c.relnamespace,
	CASE c.relkind WHEN 'f' THEN 'foreign table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'table' END,
	c.relname::text, coalesce(owned.tbl::text, ''),
	ARRAY['owner'::text, pg_get_userbyid(c.relowner),
		'definition', CASE WHEN c.relkind IN ('v', 'm') THEN ` + fromExample("c.oid", "x", "(SELECT quote_ident(nspname) FROM pg_namespace WHERE oid = c.relnamespace)", "pg_get_viewdef(%s)") + ` END,
		'partitioned_by', CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
		'partition_bound', pg_get_expr(c.relpartbound, c.oid),
		'unlogged', CASE WHEN c.relpersistence = 'u' THEN 'true' END,
		'row_security', CASE WHEN c.relrowsecurity THEN CASE WHEN c.relforcerowsecurity THEN 'forced' ELSE 'enabled' END END,
		'options', array_to_string(c.reloptions, ', '),
		'type', format_type(s.seqtypid, NULL), 'start', s.seqstart::text, 'increment', s.seqincrement::text,
		'min', s.seqmin::text, 'max', s.seqmax::text, 'cache', s.seqcache::text,
		'cycle', CASE WHEN s.seqcycle THEN 'true' END, 'owned_by', owned.col],
	ARRAY['grants'::text] || CASE WHEN c.relkind = 'S' THEN ` + acl("c.relacl", "s", "c.relowner") + ` ELSE ` + acl("c.relacl", "r", "c.relowner") + ` END
	FROM pg_class c
	LEFT JOIN views v ON v.oid = c.oid LEFT JOIN view_examples x ON x.key = v.key
	LEFT JOIN pg_sequence s ON s.seqrelid = c.oid
	LEFT JOIN LATERAL (SELECT tc.relname AS tbl, tc.relname || '.' || a.attname AS col FROM pg_depend d
		JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
		WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid
		AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) owned ON true
	WHERE c.relnamespace = ANY($1) AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND ` + notExtension("pg_class", "c.oid") + `
	AND NOT (c.relkind IN ('r', 'p') AND ` + ignored("c.relname") + `)`

var queryFunctions = `SELECT p.pronamespace,
	CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
	p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', '',
	ARRAY['owner'::text, pg_get_userbyid(p.proowner),
		'definition', CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END],
	ARRAY['grants'::text] || ` + acl("p.proacl", "f", "p.proowner") + `
	FROM pg_proc p
	WHERE p.pronamespace = ANY($1) AND ` + notExtension("pg_proc", "p.oid")

var queryTriggers = `SELECT c.relnamespace, 'trigger', c.relname || '.' || tg.tgname, c.relname::text,
	ARRAY['definition'::text, pg_get_triggerdef(tg.oid, true),
		'enabled', CASE tg.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always' END],
	NULL::text[]
	FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
	WHERE c.relnamespace = ANY($1) AND NOT tg.tgisinternal AND ` + notExtension("pg_class", "c.oid") + ` AND NOT ` + ignored("c.relname")

var queryTypes = `SELECT t.typnamespace, 'type', t.typname::text, ''::text,
	ARRAY['owner'::text, pg_get_userbyid(t.typowner),
		'kind', CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite' WHEN 'r' THEN 'range' END,
		'labels', (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),
		'base', CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
		'not_null', CASE WHEN t.typnotnull THEN 'true' END,
		'default', t.typdefault,
		'constraints', (SELECT string_agg(k.conname || ' ' || pg_get_constraintdef(k.oid, true), '; ' ORDER BY k.conname)
			FROM pg_constraint k WHERE k.contypid = t.oid),
		'attributes', (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
			FROM pg_attribute a WHERE t.typtype = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped),
		'subtype', (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid)],
	ARRAY['grants'::text] || ` + acl("t.typacl", "T", "t.typowner") + `
	FROM pg_type t
	WHERE t.typnamespace = ANY($1) AND t.typtype IN ('e', 'd', 'c', 'r')
	AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
	AND ` + notExtension("pg_type", "t.oid")

var queryPolicies = `SELECT c.relnamespace, 'policy', c.relname || '.' || p.polname, c.relname::text,
	ARRAY['command'::text, p.polcmd::text, 'permissive', CASE WHEN p.polpermissive THEN 'true' ELSE 'false' END,
		'using', pg_get_expr(p.polqual, p.polrelid), 'with_check', pg_get_expr(p.polwithcheck, p.polrelid)],
	ARRAY['roles'::text] || ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END FROM unnest(p.polroles) r)
	FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
	WHERE c.relnamespace = ANY($1) AND NOT ` + ignored("c.relname")

// lanes split the queries in two, each lane one query ordered by schema
// (oid), so that two connections read at once and each schema is complete
// as soon as both lanes have passed it. The split evens their cost.
func lanes(s shape) [][]string {
	return [][]string{
		{querySchemas, queryRelations, queryFunctions, queryTriggers, queryTypes, queryPolicies, queryConstraints(s)},
		{queryColumns, queryIndexes(s)},
	}
}

// laneCount is how many connections Stream reads on at most.
const laneCount = 2

// laneQuery joins queries into one, ordered by schema.
func laneQuery(qs ...string) string {
	return "SELECT * FROM ((" + strings.Join(qs, ")\nUNION ALL\n(") + ")) objects ORDER BY 1"
}
