// Package provision creates a tenant's schema and roles, and the shared
// extensions, idempotently. Every identifier is quoted; the names were
// validated by the config loader.
//
// It runs as the connecting (admin) role and only issues statements that
// execute nothing a tenant wrote: role and schema creation, grants,
// ownership changes. Everything that touches objects inside a tenant's
// schema runs on the tenant's own session (internal/tenantdb).
package provision

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/state"
)

func id(s string) string { return pgx.Identifier{s}.Sanitize() }

// Tenant is one tenant to provision.
type Tenant struct {
	Name, Schema, Owner, App string
	Wave                     int
	// Schemas of its own that some of the tenant's modules have, owned
	// and granted like the tenant schema.
	ModuleSchemas []string
}

// grantsSQL gives the owner its schema and the application role the use
// of it and of the shared extensions; the owner may call
// rollout.record_file, nothing else of the control schema.
func grantsSQL(schema, owner, app string) string {
	return schemaGrantsSQL(schema, owner, app) + "\n" +
		fmt.Sprintf(`GRANT USAGE ON SCHEMA %s TO %s, %s;`, id(state.ExtensionsSchema), id(owner), id(app))
}

func schemaGrantsSQL(schema, owner, app string) string {
	s, o, a := id(schema), id(owner), id(app)
	return strings.Join([]string{
		// The connecting role creates the schema for the owner and moves
		// old tables to it: it must be able to act as the owner. A
		// superuser already may; granting only when needed also avoids
		// concurrent grants of one role failing on each other.
		fmt.Sprintf(`DO $rollout$ BEGIN IF NOT pg_catalog.pg_has_role(current_user, %s, 'MEMBER') THEN EXECUTE 'GRANT ' || %s || ' TO ' || pg_catalog.quote_ident(current_user); END IF; END $rollout$;`,
			state.Literal(owner), state.Literal(o)),
		fmt.Sprintf(`CREATE SCHEMA IF NOT EXISTS %s AUTHORIZATION %s;`, s, o),
		fmt.Sprintf(`REVOKE ALL ON SCHEMA %s FROM PUBLIC;`, s),
		fmt.Sprintf(`GRANT USAGE ON SCHEMA %s TO %s;`, s, a),
		fmt.Sprintf(`ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %s;`, o, s, a),
		fmt.Sprintf(`ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT USAGE, SELECT ON SEQUENCES TO %s;`, o, s, a),
		fmt.Sprintf(`ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT EXECUTE ON FUNCTIONS TO %s;`, o, s, a),
		// Tables earlier versions of rollout created as the connecting
		// role (golang-migrate's version tables, tenant_services) now
		// belong to the owner, whose sessions write them.
		// The schema's own relations only, by index (migrator.RelationsOf).
		fmt.Sprintf(`DO $rollout$ DECLARE t text; BEGIN
			FOR t IN SELECT r.relname FROM (%s) r WHERE r.relkind = 'r' AND r.relowner <> %s::regrole
				AND (r.relname = 'tenant_services' OR r.relname LIKE 'schema\_migrations\_%%') LOOP
				EXECUTE pg_catalog.format('ALTER TABLE %%I.%%I OWNER TO %%I', %s, t, %s);
			END LOOP; END $rollout$;`, migrator.RelationsOf(state.Literal(schema)), state.Literal(o), state.Literal(schema), state.Literal(owner)),
	}, "\n")
}

// recordGrantSQL lets the owner's sessions record their files.
func recordGrantSQL(owner string) string {
	return fmt.Sprintf(`GRANT USAGE ON SCHEMA rollout TO %s;
		GRANT EXECUTE ON FUNCTION rollout.record_file(text, bigint, bigint, text, text, jsonb, boolean) TO %s;`, id(owner), id(owner))
}

// ScratchSQL provisions a throw-away schema as a tenant's (roles with
// ScratchMarker, schema, grants; the shared extensions only if that schema
// exists): committed, so that the scratch owner can log in, and dropped
// with DropScratchSQL after the build.
func ScratchSQL(schema, owner, app, database string, extensions bool) string {
	sql := ""
	for _, r := range []string{owner, app} {
		sql += fmt.Sprintf("CREATE ROLE %s NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; COMMENT ON ROLE %s IS %s;\n",
			id(r), id(r), state.Literal(ScratchMarker(database)))
	}
	if extensions {
		return sql + grantsSQL(schema, owner, app)
	}
	return sql + schemaGrantsSQL(schema, owner, app)
}

// ScratchMarker is the comment on scratch roles: roles are global to the
// server, and only a build in their database may sweep them.
func ScratchMarker(database string) string {
	return "rollout: scratch role in database " + database
}

// DropScratchSQL removes a scratch schema and its roles.
func DropScratchSQL(schema, owner, app string, extensions bool) string {
	sql := fmt.Sprintf("DROP SCHEMA IF EXISTS %s CASCADE;\n", id(schema))
	if extensions {
		sql += fmt.Sprintf("REVOKE ALL ON SCHEMA %s FROM %s, %s;\n", id(state.ExtensionsSchema), id(owner), id(app))
	}
	return sql + fmt.Sprintf("DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s;", id(owner), id(app))
}

// Lock serialises provisioning within a database: tenants of a wave run
// at once, and two applies may prepare one server at once; their grants
// update the same catalog rows ("tuple concurrently updated"). Held to
// the end of a short transaction only.
const Lock = 0x726f6c6c00000001

// Provision creates (or checks) the tenant's roles, its schema and grants,
// and records the tenant, in one transaction.
func Provision(ctx context.Context, pool *pgxpool.Pool, t Tenant) error {
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := InTx(ctx, tx, t); err != nil {
			return err
		}
		return state.UpsertTenant(ctx, tx, t.Name, t.Schema, t.Owner, t.App, t.Wave)
	})
	if err != nil {
		return fmt.Errorf("provision schema %q: %w", t.Schema, err)
	}
	return nil
}

// InTx creates (or checks) the tenant's roles, its schema and grants in
// the caller's transaction, without recording the tenant.
func InTx(ctx context.Context, tx pgx.Tx, t Tenant) error {
	if _, err := tx.Exec(ctx, `SELECT pg_catalog.pg_advisory_xact_lock($1)`, int64(Lock)); err != nil {
		return err
	}
	if err := ensureRoles(ctx, tx, t); err != nil {
		return err
	}
	sql := grantsSQL(t.Schema, t.Owner, t.App) + "\n" + recordGrantSQL(t.Owner)
	for _, s := range t.ModuleSchemas {
		sql += "\n" + grantsSQL(s, t.Owner, t.App)
	}
	_, err := tx.Exec(ctx, sql)
	return err
}

// ensureRoles creates the tenant's roles, or checks that the existing ones
// are the ones rollout created for this tenant in this database: recorded
// in rollout.tenants, or carrying rollout's comment for this tenant and
// database (set when it created them; only a role with CREATEROLE can
// comment on a role). A role that exists otherwise (made by hand, by
// another application, or by rollout for another database) is refused and
// named, never adopted.
func ensureRoles(ctx context.Context, tx pgx.Tx, t Tenant) error {
	var recOwner, recApp string
	err := tx.QueryRow(ctx, `SELECT owner_role, app_role FROM rollout.tenants WHERE name = $1`, t.Name).Scan(&recOwner, &recApp)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	var database string
	if err := tx.QueryRow(ctx, `SELECT pg_catalog.current_database()`).Scan(&database); err != nil {
		return err
	}
	for _, r := range []struct{ name, recorded, what string }{{t.Owner, recOwner, "owner"}, {t.App, recApp, "application"}} {
		marker := roleMarker(r.what, t, database)
		var exists, marked bool
		if err := tx.QueryRow(ctx, `SELECT count(*) > 0, coalesce(bool_or(pg_catalog.shobj_description(oid, 'pg_authid') = $2), false)
			FROM pg_catalog.pg_roles WHERE rolname = $1`, r.name, marker).Scan(&exists, &marked); err != nil {
			return err
		}
		if exists && r.name != r.recorded && !marked {
			return fmt.Errorf("%w: role %q exists but rollout did not create it for tenant %q in this database; "+
				"drop or rename that role, or give the tenant another schema", ErrForeignRole, r.name, t.Name)
		}
		if exists {
			continue
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`CREATE ROLE %s NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
			COMMENT ON ROLE %s IS %s`, id(r.name), id(r.name), state.Literal(marker))); err != nil {
			return fmt.Errorf("create role %q: %w", r.name, err)
		}
	}
	return nil
}

// roleMarker is the comment rollout puts on a role it creates.
func roleMarker(what string, t Tenant, database string) string {
	return fmt.Sprintf("rollout: %s role of tenant %s (schema %s) in database %s", what, t.Name, t.Schema, database)
}

// TenantServicesSQL creates what the tenant's application reads to know
// which services are on. It runs on the tenant's own session: the table is
// the owner's (who may drop and replace it; its triggers then run with the
// owner's rights only).
func TenantServicesSQL(schema, app string) string {
	s := id(schema)
	return fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s.tenant_services (
			module text PRIMARY KEY, version bigint NOT NULL, enabled boolean NOT NULL,
			settings jsonb NOT NULL DEFAULT '{}', updated_at timestamptz NOT NULL DEFAULT now());
		REVOKE ALL ON %s.tenant_services FROM %s;
		GRANT SELECT ON %s.tenant_services TO %s;`, s, s, id(app), s, id(app))
}

// TenantServiceSQL records a service's state in the tenant's own schema.
func TenantServiceSQL(schema string) string {
	return fmt.Sprintf(`INSERT INTO %s.tenant_services (module, version, enabled, settings) VALUES ($1, $2, $3, $4)
		ON CONFLICT (module) DO UPDATE SET version = EXCLUDED.version, enabled = EXCLUDED.enabled,
		settings = EXCLUDED.settings, updated_at = now()`, id(schema))
}

// TenantServiceOffSQL turns a service off in the tenant's own schema.
func TenantServiceOffSQL(schema string) string {
	return fmt.Sprintf(`UPDATE %s.tenant_services SET enabled = false, updated_at = now() WHERE module = $1`, id(schema))
}

// TenantServiceVersionLiteral is TenantServiceVersionSQL with its values
// written in (module names are checked identifiers), for a migration
// file's own transaction, which runs as one simple-protocol query.
func TenantServiceVersionLiteral(schema, module string, version int) string {
	return fmt.Sprintf("UPDATE %s.tenant_services SET version = %d, updated_at = now() WHERE module = '%s';\n",
		id(schema), version, strings.ReplaceAll(module, "'", "''"))
}

// TenantServiceVersionSQL records a service's version in the tenant's own
// schema (after a rollback).
func TenantServiceVersionSQL(schema string) string {
	return fmt.Sprintf(`UPDATE %s.tenant_services SET version = $2, updated_at = now() WHERE module = $1`, id(schema))
}
