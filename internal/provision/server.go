package provision

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// The statements below change things outside tenant schemas. The planner
// puts them in the plan, where people see them, and apply and uninstall
// run only what a plan shows.

// CreateSchemaSQL creates a schema of rollout's own (extensions).
func CreateSchemaSQL(name string) string { return fmt.Sprintf(`CREATE SCHEMA %s`, id(name)) }

// CreateExtensionSQL installs an extension into the shared schema.
func CreateExtensionSQL(name, schema string) string {
	return fmt.Sprintf(`CREATE EXTENSION IF NOT EXISTS %s SCHEMA %s`, id(name), id(schema))
}

// ExtensionError explains an extension the connecting role may not create
// (PostgreSQL trusts only some extensions to a database owner): what a DBA
// must run once, as a superuser, for rollout to carry on. Other errors pass.
func ExtensionError(err error, name, schema, database, role string) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
		return err
	}
	return fmt.Errorf("%w: extension %q needs a superuser to create (PostgreSQL does not trust it to %s); "+
		"ask a DBA to run once in database %q: CREATE SCHEMA IF NOT EXISTS %s AUTHORIZATION %s; %s; (%s)",
		ErrExtension, name, role, database, id(schema), id(role), CreateExtensionSQL(name, schema), pgErr.Message)
}

// CreateRoleSQL creates a tenant role: cluster-wide, without login.
func CreateRoleSQL(name string) string { return fmt.Sprintf(`CREATE ROLE %s NOLOGIN`, id(name)) }

// GrantRoleSQL lets the connecting role act as a tenant owner (SET ROLE).
func GrantRoleSQL(role, to string) string { return fmt.Sprintf(`GRANT %s TO %s`, id(role), id(to)) }

// GrantUsageSQL lets a tenant role use the shared extensions.
func GrantUsageSQL(schema, role string) string {
	return fmt.Sprintf(`GRANT USAGE ON SCHEMA %s TO %s`, id(schema), id(role))
}

// RevokePublicSQL takes every right on schema public from PUBLIC.
func RevokePublicSQL() string { return `REVOKE ALL ON SCHEMA public FROM PUBLIC` }

// RestorePublicSQL gives PUBLIC back the rights rollout took ("U", "UC").
func RestorePublicSQL(privileges string) string {
	return fmt.Sprintf(`GRANT %s ON SCHEMA public TO PUBLIC`, PrivilegeNames(privileges))
}

// DropExtensionSQL, DropSchemaSQL and DropRoleSQL refuse (RESTRICT) when
// anything else still depends on the object: uninstall never cascades
// into what it did not create.
func DropExtensionSQL(name string) string { return fmt.Sprintf(`DROP EXTENSION %s RESTRICT`, id(name)) }

// DropSchemaSQL drops a schema of rollout's; cascade only for the control
// schema, whose every object is rollout's.
func DropSchemaSQL(name string, cascade bool) string {
	if cascade {
		return fmt.Sprintf(`DROP SCHEMA %s CASCADE`, id(name))
	}
	return fmt.Sprintf(`DROP SCHEMA %s RESTRICT`, id(name))
}

// DropRoleSQL drops a tenant role rollout created.
func DropRoleSQL(name string) string { return fmt.Sprintf(`DROP ROLE %s`, id(name)) }

// RevokeUsageSQL takes a tenant role's USAGE on a schema that stays.
func RevokeUsageSQL(schema, role string) string {
	return fmt.Sprintf(`REVOKE USAGE ON SCHEMA %s FROM %s`, id(schema), id(role))
}

// PrivilegeNames turns "UC" into "USAGE, CREATE".
func PrivilegeNames(letters string) string {
	var out []string
	for _, c := range letters {
		switch c {
		case 'U':
			out = append(out, "USAGE")
		case 'C':
			out = append(out, "CREATE")
		}
	}
	return strings.Join(out, ", ")
}
