package inspect

import "fmt"

// Some definitions name their own schema: a view's relations, a foreign
// key's referenced table, a sequence in a default. Views share this way
// (foreign keys and defaults do not: measured, their keys would cost
// about what sharing saves). Objects are grouped by a key that holds
// everything the deparse reads except the schema's name (its own
// objects' oids replaced by their names or ranks), and two
// examples of each group, from different schemas, are deparsed. The
// second must equal the first with the first schema's qualification
// replaced by the second's; then every other object of the group is the
// first's text with its own schema's qualification put in, and otherwise
// (the schema's name also appears elsewhere in the text, in a constant
// say) each is deparsed by itself. Deparsing is what costs: each call
// fills the backend's catalog caches for the objects it names, and a
// fleet's objects are all different objects.

// examples is the body of a CTE that deparses two examples of each group
// of objects (a CTE with columns oid, nsp and key; a NULL key stands
// alone). deparse is a format with %[1]s for an object's oid.
func examples(objects, deparse string) string {
	return fmt.Sprintf(`SELECT g.key, g.e1, g.e2, d.d1, d.d2, quote_ident(n1.nspname) AS q1,
	g.n1 <> g.n2 AND replace(d.d1, quote_ident(n1.nspname) || '.', quote_ident(n2.nspname) || '.') = d.d2 AS ok
	FROM (SELECT key, (array_agg(oid ORDER BY nsp, oid))[1] AS e1, (array_agg(nsp ORDER BY nsp, oid))[1] AS n1,
		(array_agg(oid ORDER BY nsp DESC, oid DESC))[1] AS e2, (array_agg(nsp ORDER BY nsp DESC, oid DESC))[1] AS n2
		FROM %[1]s WHERE key IS NOT NULL GROUP BY key HAVING count(*) > 1) g
	CROSS JOIN LATERAL (SELECT %[2]s AS d1, %[3]s AS d2) d
	JOIN pg_namespace n1 ON n1.oid = g.n1 JOIN pg_namespace n2 ON n2.oid = g.n2`,
		objects, fmt.Sprintf(deparse, "g.e1"), fmt.Sprintf(deparse, "g.e2"))
}

// fromExample is an object's text: its group's first example with the
// object's schema (quoted as nsp) put in, or its own deparse. o is the
// object's oid, x its group's row of examples (if any).
func fromExample(o, x, nsp, deparse string) string {
	return fmt.Sprintf(`CASE WHEN NOT coalesce(%[2]s.ok, false) THEN %[4]s WHEN %[1]s = %[2]s.e1 THEN %[2]s.d1 WHEN %[1]s = %[2]s.e2 THEN %[2]s.d2
		ELSE replace(%[2]s.d1, %[2]s.q1 || '.', %[3]s || '.') END`, o, x, nsp, fmt.Sprintf(deparse, o))
}

// maxOwnRelations is how many of its own schema's relations a view may
// name and still share its definition.
const maxOwnRelations = 6

// viewKey is a view's group key: its query tree with the oids of the
// schema's relations it names (as each range table entry's relid and each
// output column's resorigtbl) replaced by their rank in name order, and
// its owner (checkAsUser) by "owner"; the names and columns of those
// relations and of the view. pg_depend lists every relation a rule
// names. Other oids are kept: a view on the schema's own type or function
// shares with no other.
func viewKey() string {
	tree := `replace(w.ev_action::text, ':checkAsUser ' || c.relowner || ' ', ':checkAsUser owner ')`
	for i := 1; i <= maxOwnRelations; i++ {
		for _, field := range []string{"relid", "resorigtbl"} {
			tree = fmt.Sprintf(`replace(%s, coalesce(':%s ' || own.rels[%d] || ' ', ''), ':%s #%d ')`, tree, field, i, field, i)
		}
	}
	return `CASE WHEN cardinality(own.rels) <= ` + fmt.Sprint(maxOwnRelations) + ` THEN sha256(convert_to(ROW(c.relkind, w.ev_type, w.is_instead, w.ev_enabled, ` + tree + `,
		own.names, own.columns, ` + allColumns("c.oid") + `)::text, 'UTF8')) END`
}

// queryViews are the target schemas' views and materialized views with
// their group keys, and their groups' examples.
var queryViews = `views AS MATERIALIZED (
	SELECT c.oid, c.relnamespace AS nsp, ` + viewKey() + ` AS key
	FROM pg_class c JOIN pg_rewrite w ON w.ev_class = c.oid AND w.rulename = '_RETURN'
	CROSS JOIN LATERAL (SELECT coalesce(array_agg(r.oid ORDER BY r.relname), '{}') AS rels, array_agg(r.relname ORDER BY r.relname) AS names,
		array_agg((` + allColumns("r.oid") + `)::text ORDER BY r.relname) AS columns
		FROM pg_class r WHERE r.relnamespace = c.relnamespace AND r.oid IN (SELECT d.refobjid FROM pg_depend d
			WHERE d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_class'::regclass)) own
	WHERE c.relnamespace = ANY($1) AND c.relkind IN ('v', 'm')),
view_examples AS MATERIALIZED (` + examples("views", "pg_get_viewdef(%s)") + `)`
