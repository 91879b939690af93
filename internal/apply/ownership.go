package apply

// ownershipQuery lists the statements that hand a hand-built schema to its
// tenant: $1 schema, $2 owner role, $3 application role, $4 rollout's own
// tables to leave alone. Indexes, sequences owned by a column and a
// table's row type follow their table; extension members are left alone.
const ownershipQuery = `
WITH s AS (SELECT oid FROM pg_namespace WHERE nspname = $1),
rel AS (
	SELECT c.oid, c.relkind FROM pg_class c, s WHERE c.relnamespace = s.oid
	AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND NOT (c.relname = ANY($4))
	AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
), owned_seq AS (
	SELECT d.objid FROM pg_depend d JOIN rel ON rel.oid = d.objid
	WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
), fn AS (
	SELECT p.oid, p.prokind FROM pg_proc p, s WHERE p.pronamespace = s.oid
	AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
), ty AS (
	SELECT t.oid, t.typtype FROM pg_type t, s WHERE t.typnamespace = s.oid AND t.typtype IN ('e', 'd', 'c', 'r')
	AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
	AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
)
SELECT format('ALTER SCHEMA %I OWNER TO %I', $1::text, $2::text)
UNION ALL
SELECT format('ALTER %s %s OWNER TO %I', CASE relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
	WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, oid::regclass, $2::text)
	FROM rel WHERE oid NOT IN (SELECT objid FROM owned_seq)
UNION ALL
SELECT format('ALTER ROUTINE %s OWNER TO %I', oid::regprocedure, $2::text) FROM fn
UNION ALL
SELECT format('ALTER %s %s OWNER TO %I', CASE typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, oid::regtype, $2::text) FROM ty
UNION ALL
SELECT format('GRANT %s ON %s %s TO %I', CASE relkind WHEN 'S' THEN 'USAGE, SELECT' ELSE 'SELECT, INSERT, UPDATE, DELETE' END,
	CASE relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, oid::regclass, $3::text) FROM rel
UNION ALL
SELECT format('GRANT EXECUTE ON ROUTINE %s TO %I', oid::regprocedure, $3::text) FROM fn
`
