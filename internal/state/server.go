package state

import (
	"context"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ServerState is what a database holds outside tenant schemas, as far as
// rollout cares: its own control and extensions schemas, extensions,
// roles, the connecting role's memberships, PUBLIC's rights on public, and
// what belongs to other applications. Read without writing anything.
type ServerState struct {
	Database        string
	ConnectingRole  string
	Superuser       bool
	ControlVersion  uint // golang-migrate version of the control schema; 0: absent
	ControlDirty    bool
	ExtensionsExist bool              // the extensions schema
	Extensions      map[string]string // installed extension → its schema
	Roles           map[string]bool   // every role of the cluster
	MemberOf        map[string]bool   // roles the connecting role may act as
	ExtensionsUsage map[string]bool   // roles granted USAGE on the extensions schema
	PublicExists    bool
	// PublicPrivileges are PUBLIC's rights on schema public: "U", "UC" or "".
	PublicPrivileges string
	// PublicObjects names some objects in schema public (at most 10).
	// Read only while rollout is not installed (ControlVersion 0).
	PublicObjects []string
	// RolesHere are roles that own objects or hold privileges in this
	// database (other than bootstrap-owned ones): other applications' roles
	// show up here, and so do rollout's tenant roles. Read only while
	// rollout is not installed (ControlVersion 0).
	RolesHere []string
	// Created is what rollout recorded creating: kind → name → detail.
	Created map[string]map[string]string
}

// ControlLatest is the newest control schema version this rollout has.
func ControlLatest() uint {
	entries, _ := fs.ReadDir(controlMigrations, "migrations")
	var latest uint
	for _, e := range entries {
		head, _, _ := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseUint(head, 10, 64); err == nil && uint(v) > latest {
			latest = uint(v)
		}
	}
	return latest
}

// ReadServer reads the server state in a handful of catalog queries.
func ReadServer(ctx context.Context, q Querier) (*ServerState, error) {
	s := &ServerState{Extensions: map[string]string{}, Roles: map[string]bool{}, MemberOf: map[string]bool{},
		ExtensionsUsage: map[string]bool{}, Created: map[string]map[string]string{}}
	steps := []func(context.Context, Querier, *ServerState) error{readBasics, readControl, readExtensions, readRoles, readRolesHere, readPublicObjects, readCreated}
	for _, step := range steps {
		if err := step(ctx, q, s); err != nil {
			return nil, fmt.Errorf("read the server's state: %w", err)
		}
	}
	return s, nil
}

func readBasics(ctx context.Context, q Querier, s *ServerState) error {
	var public, ext string
	err := q.QueryRow(ctx, `SELECT current_database(), current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
		to_regnamespace('extensions') IS NOT NULL, to_regnamespace('public') IS NOT NULL,
		coalesce((SELECT string_agg(left(a.privilege_type, 1), '' ORDER BY a.privilege_type DESC) FROM pg_namespace n,
			aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE n.nspname = 'public' AND a.grantee = 0), ''),
		coalesce((SELECT string_agg(r.rolname, ',') FROM pg_namespace n, aclexplode(n.nspacl) a JOIN pg_roles r ON r.oid = a.grantee
			WHERE n.nspname = 'extensions' AND a.privilege_type = 'USAGE'), '')`).
		Scan(&s.Database, &s.ConnectingRole, &s.Superuser, &s.ExtensionsExist, &s.PublicExists, &public, &ext)
	s.PublicPrivileges = public
	for _, r := range strings.Split(ext, ",") {
		if r != "" {
			s.ExtensionsUsage[r] = true
		}
	}
	return err
}

// ControlCurrent reports whether the control schema is there, clean, and
// at least this rollout's version: commands other than apply and adopt
// write to it only then, and never create or upgrade it themselves.
func ControlCurrent(ctx context.Context, q Querier) (bool, error) {
	var s ServerState
	if err := readControl(ctx, q, &s); err != nil {
		return false, fmt.Errorf("read the control schema's version: %w", err)
	}
	return !s.ControlDirty && s.ControlVersion >= ControlLatest(), nil
}

// readControl reads golang-migrate's version of the control schema.
func readControl(ctx context.Context, q Querier, s *ServerState) error {
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('rollout.schema_migrations') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return err
	}
	var v int64
	err := q.QueryRow(ctx, `SELECT version, dirty FROM rollout.schema_migrations LIMIT 1`).Scan(&v, &s.ControlDirty)
	if err == pgx.ErrNoRows {
		return nil
	}
	s.ControlVersion = uint(max(v, 0))
	return err
}

func readExtensions(ctx context.Context, q Querier, s *ServerState) error {
	return collect(ctx, q, `SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`,
		func(a, b string) { s.Extensions[a] = b })
}

// readRoles reads every role's name and whether the connecting role may
// act as it (a superuser may act as any).
func readRoles(ctx context.Context, q Querier, s *ServerState) error {
	return collect(ctx, q, `SELECT rolname, pg_has_role(current_user, oid, 'MEMBER')::text FROM pg_roles`,
		func(name, member string) {
			s.Roles[name] = true
			if member == "true" {
				s.MemberOf[name] = true
			}
		})
}

// readRolesHere lists roles with owned objects or privileges in this
// database; the catalog records them in pg_shdepend.
//
// Only isolate_public = auto reads it, to decide once, before rollout is
// installed; afterwards the decision is recorded. Not read then: the
// catalog has a row for every object a tenant role owns, so the query
// grew with every tenant on the server, on every plan.
func readRolesHere(ctx context.Context, q Querier, s *ServerState) error {
	if s.ControlVersion > 0 {
		return nil
	}
	return collect(ctx, q, `SELECT DISTINCT r.rolname, '' FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
		WHERE d.refclassid = 'pg_authid'::regclass AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		ORDER BY 1`, func(name, _ string) { s.RolesHere = append(s.RolesHere, name) })
}

// readPublicObjects names a few of public's relations, functions, types
// and extensions (not their members): enough to say why public is not
// rollout's to change. Like RolesHere, read only before rollout is
// installed: pg_class, pg_proc and pg_type have no index by schema, so it
// scans every tenant's objects.
func readPublicObjects(ctx context.Context, q Querier, s *ServerState) error {
	if s.ControlVersion > 0 {
		return nil
	}
	return collect(ctx, q, `SELECT name, '' FROM (
		SELECT relname::text AS name, 'pg_class'::regclass AS cls, oid FROM pg_class WHERE relnamespace = to_regnamespace('public') AND relkind NOT IN ('i', 'I', 't')
		UNION ALL SELECT proname::text || '()', 'pg_proc'::regclass, oid FROM pg_proc WHERE pronamespace = to_regnamespace('public')
		UNION ALL SELECT typname::text, 'pg_type'::regclass, oid FROM pg_type
			WHERE typnamespace = to_regnamespace('public') AND typrelid = 0 AND typcategory <> 'A'
		UNION ALL SELECT 'extension ' || extname, 'pg_extension'::regclass, oid FROM pg_extension
			WHERE extnamespace = to_regnamespace('public')
		) o WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.cls AND d.objid = o.oid AND d.deptype = 'e')
		ORDER BY name LIMIT 10`, func(name, _ string) { s.PublicObjects = append(s.PublicObjects, name) })
}

func readCreated(ctx context.Context, q Querier, s *ServerState) error {
	if s.ControlVersion < 5 { // rollout.server_objects came with control migration 5
		return nil
	}
	rows, err := q.Query(ctx, `SELECT kind, name, detail FROM rollout.server_objects`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, name, detail string
		if err := rows.Scan(&kind, &name, &detail); err != nil {
			return err
		}
		if s.Created[kind] == nil {
			s.Created[kind] = map[string]string{}
		}
		s.Created[kind][name] = detail
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return readOurRoles(ctx, q, s)
}

// readOurRoles finds the roles rollout created for this database: they
// carry its comment (provision's role marker), which is cluster-wide and
// survives the control schema.
func readOurRoles(ctx context.Context, q Querier, s *ServerState) error {
	s.Created["role"] = map[string]string{}
	return collect(ctx, q, `SELECT rolname, '' FROM pg_catalog.pg_roles
		WHERE pg_catalog.shobj_description(oid, 'pg_authid') LIKE 'rollout: % role of tenant % in database ' || current_database()`,
		func(name, _ string) { s.Created["role"][name] = "" })
}

// collect runs a query of two text columns and hands each row to fn.
func collect(ctx context.Context, q Querier, sql string, fn func(a, b string)) error {
	rows, err := q.Query(ctx, sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		fn(a, b)
	}
	return rows.Err()
}

// CreatedBy reports whether rollout recorded creating this object.
func (s *ServerState) CreatedBy(kind, name string) bool {
	_, ok := s.Created[kind][name]
	return ok
}

// RecordCreated notes an object rollout created outside tenant schemas.
func RecordCreated(ctx context.Context, db Execer, kind, name, detail, runID string) error {
	_, err := db.Exec(ctx, `INSERT INTO rollout.server_objects (kind, name, detail, run_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (kind, name) DO UPDATE SET detail = EXCLUDED.detail, run_id = EXCLUDED.run_id`, kind, name, detail, runID)
	if err != nil {
		return fmt.Errorf("record %s %q: %w", kind, name, err)
	}
	return nil
}

// ForgetCreated drops the record of an object rollout removed or gave back.
func ForgetCreated(ctx context.Context, db Execer, kind, name string) error {
	_, err := db.Exec(ctx, `DELETE FROM rollout.server_objects WHERE kind = $1 AND name = $2`, kind, name)
	if err != nil {
		return fmt.Errorf("forget %s %q: %w", kind, name, err)
	}
	return nil
}

// RolesElsewhere says, for each of these roles, which other databases of
// the cluster hold objects it owns or rights it was granted ("the cluster"
// for databases or tablespaces it owns): dropping such a role would break
// them, and PostgreSQL would refuse.
func RolesElsewhere(ctx context.Context, q Querier, roles []string) (map[string][]string, error) {
	out := map[string][]string{}
	rows, err := q.Query(ctx, `SELECT DISTINCT r.rolname, CASE WHEN s.dbid = 0 THEN 'the cluster (a database or tablespace)'
			ELSE 'database ' || quote_ident(d.datname) END
		FROM pg_shdepend s JOIN pg_roles r ON r.oid = s.refobjid LEFT JOIN pg_database d ON d.oid = s.dbid
		WHERE s.refclassid = 'pg_authid'::regclass AND r.rolname = ANY($1)
		AND s.dbid <> (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1, 2`, roles)
	if err != nil {
		return nil, fmt.Errorf("read where roles are used: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var role, where string
		if err := rows.Scan(&role, &where); err != nil {
			return nil, err
		}
		out[role] = append(out[role], where)
	}
	return out, rows.Err()
}
