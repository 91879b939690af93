// Package provision creates a tenant's schema and roles, and the shared
// extensions, idempotently. Every identifier is quoted; the names were
// validated by the config loader.
package provision

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/state"
)

func id(s string) string { return pgx.Identifier{s}.Sanitize() }

// createRole creates a role unless it exists; roles are global to the
// server, so two applies (or two databases) may race to create one.
func createRole(name string) string {
	return fmt.Sprintf(`DO $rollout$ BEGIN CREATE ROLE %s NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $rollout$;`, id(name))
}

// TenantSQL provisions one tenant: its owner role owns the schema and
// everything its migrations create; its application role may use that
// schema's tables, sequences and functions and nothing else.
func TenantSQL(schema, owner, app string) string {
	s, o, a := id(schema), id(owner), id(app)
	return strings.Join([]string{
		createRole(owner),
		createRole(app),
		// The connecting user runs migrations as the owner (SET ROLE). A
		// superuser already may; granting only when needed also avoids
		// concurrent grants of one role failing on each other.
		fmt.Sprintf(`DO $rollout$ BEGIN IF NOT pg_has_role(current_user, %s, 'MEMBER') THEN EXECUTE 'GRANT ' || %s || ' TO ' || quote_ident(current_user); END IF; END $rollout$;`,
			state.Literal(owner), state.Literal(o)),
		fmt.Sprintf(`CREATE SCHEMA IF NOT EXISTS %s AUTHORIZATION %s;`, s, o),
		fmt.Sprintf(`REVOKE ALL ON SCHEMA %s FROM PUBLIC;`, s),
		fmt.Sprintf(`GRANT USAGE ON SCHEMA %s TO %s;`, s, a),
		fmt.Sprintf(`GRANT USAGE ON SCHEMA %s TO %s, %s;`, id(state.ExtensionsSchema), o, a),
		fmt.Sprintf(`ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %s;`, o, s, a),
		fmt.Sprintf(`ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT USAGE, SELECT ON SEQUENCES TO %s;`, o, s, a),
		fmt.Sprintf(`ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s GRANT EXECUTE ON FUNCTIONS TO %s;`, o, s, a),
		// What the tenant's application reads to know which services are on.
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s.tenant_services (
			module text PRIMARY KEY, version bigint NOT NULL, enabled boolean NOT NULL,
			settings jsonb NOT NULL DEFAULT '{}', updated_at timestamptz NOT NULL DEFAULT now());`, s),
		fmt.Sprintf(`REVOKE ALL ON %s.tenant_services FROM %s;`, s, a),
		fmt.Sprintf(`GRANT SELECT ON %s.tenant_services TO %s;`, s, a),
	}, "\n")
}

// provisionLock serialises provisioning within a database: tenants of a
// wave run at once, and their grants on the shared extensions schema and
// on roles update the same catalog rows ("tuple concurrently updated").
// Held to the end of the short provisioning transaction only.
const provisionLock = 0x726f6c6c00000001

// Tenant runs TenantSQL in one transaction.
func Tenant(ctx context.Context, pool *pgxpool.Pool, schema, owner, app string) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(provisionLock)); err != nil {
			return fmt.Errorf("provision schema %q: %w", schema, err)
		}
		if _, err := tx.Exec(ctx, TenantSQL(schema, owner, app)); err != nil {
			return fmt.Errorf("provision schema %q: %w", schema, err)
		}
		return nil
	})
}

// Database prepares a database once per apply: tenants may not use the
// public schema, and extensions live in one shared schema so that every
// tenant sees them (an extension created inside the first tenant's schema
// would be invisible to the others).
func Database(ctx context.Context, pool *pgxpool.Pool, extensions []string) error {
	stmts := []string{`REVOKE ALL ON SCHEMA public FROM PUBLIC`}
	for _, e := range extensions {
		stmts = append(stmts, fmt.Sprintf(`CREATE EXTENSION IF NOT EXISTS %s SCHEMA %s`, id(e), id(state.ExtensionsSchema)))
	}
	for _, st := range stmts {
		if _, err := pool.Exec(ctx, st); err != nil {
			return fmt.Errorf("prepare database: %s: %w", st, err)
		}
	}
	return nil
}

// TenantServiceSQL records a service's state in the tenant's own schema.
func TenantServiceSQL(schema string) string {
	return fmt.Sprintf(`INSERT INTO %s.tenant_services (module, version, enabled, settings) VALUES ($1, $2, $3, $4)
		ON CONFLICT (module) DO UPDATE SET version = EXCLUDED.version, enabled = EXCLUDED.enabled,
		settings = EXCLUDED.settings, updated_at = now()`, id(schema))
}
