package migrator

// RelationsOf is a query of the relations (tables, views, sequences…) in
// the schema named by the SQL expression schema (a parameter such as $1,
// or a quoted literal), with columns oid, relname, relkind, relowner and
// relrowsecurity.
//
// It reads the catalog by index, and only that schema's entries: every
// relation depends on its schema in pg_depend, which is indexed by the
// object depended on. pg_class itself has no index on relnamespace (its
// name index leads with relname), so filtering it by schema, or by a name
// prefix such as schema_migrations_, reads the entries of every tenant on
// the server. Indexes and TOAST tables have no such entry: they follow
// their table. OFFSET 0 keeps a caller's filter on relname outside: the
// planner would otherwise be free to serve a name prefix from pg_class's
// name index, through every tenant's entries.
func RelationsOf(schema string) string {
	return `SELECT c.oid, c.relname, c.relkind, c.relowner, c.relrowsecurity FROM pg_catalog.pg_depend d
		JOIN pg_catalog.pg_class c ON c.oid = d.objid
		WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
		AND d.refobjid = (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = ` + schema + `) AND d.refobjsubid = 0 OFFSET 0`
}
