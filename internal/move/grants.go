package move

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// appPrivileges reads what the application role may do with each of the
// tenant's tables, views and sequences on the source, as it was before
// the freeze (the freeze's revocations added back): a migration may have
// granted more or less than the defaults, and the target must match.
func appPrivileges(ctx context.Context, stx pgx.Tx, t plan.Tenant, revoked []byte) ([]grant, error) {
	rows, err := stx.Query(ctx, `SELECT c.relname, a.privilege_type, c.relkind = 'S'
		FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
		WHERE c.relnamespace = pg_catalog.to_regnamespace($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
		  AND a.grantee = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = $2)
		ORDER BY 1, 2`, state.Ident(t.Schema), t.AppRole)
	if err != nil {
		return nil, fmt.Errorf("read the grants of %s: %w", t.AppRole, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (grant, error) {
		var g grant
		return g, r.Scan(&g.Table, &g.Privilege, &g.Sequence)
	})
	if err != nil {
		return nil, err
	}
	var frozen []grant
	if err := json.Unmarshal(revoked, &frozen); err != nil {
		return nil, fmt.Errorf("the privileges the freeze recorded do not read: %w", err)
	}
	for _, g := range frozen {
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out, nil
}

// objectPrivilege: the words that may go back into SQL (the list is data).
var objectPrivilege = map[string]bool{"SELECT": true, "INSERT": true, "UPDATE": true, "DELETE": true, "TRUNCATE": true,
	"REFERENCES": true, "TRIGGER": true, "USAGE": true}

// grantApp gives the target's application role exactly those privileges:
// the default privileges granted more as the structure was created.
func grantApp(ctx context.Context, ttx pgx.Tx, schema, app string, privs []grant) error {
	s, a := state.Ident(schema), state.Ident(app)
	if _, err := ttx.Exec(ctx, fmt.Sprintf(`REVOKE ALL ON ALL TABLES IN SCHEMA %s FROM %s; REVOKE ALL ON ALL SEQUENCES IN SCHEMA %s FROM %s`,
		s, a, s, a)); err != nil {
		return err
	}
	for _, g := range privs {
		if !objectPrivilege[g.Privilege] {
			return fmt.Errorf("privilege %q on %s is not one rollout copies", g.Privilege, g.Table)
		}
		kind := "TABLE"
		if g.Sequence {
			kind = "SEQUENCE"
		}
		if _, err := ttx.Exec(ctx, fmt.Sprintf(`GRANT %s ON %s %s TO %s`, g.Privilege, kind, state.Ident(schema, g.Table), a)); err != nil {
			return err
		}
	}
	return nil
}
