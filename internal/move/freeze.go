package move

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// grant is one table privilege the freeze took from the application role.
type grant struct {
	Table     string `json:"table"`
	Privilege string `json:"privilege"`
	Sequence  bool   `json:"sequence,omitempty"`
}

// freeze takes the application role's write privileges on the tenant's
// tables, and records which, in one source transaction: committed, so a
// crash during the copy cannot let writes in that the copy would miss.
func (m *Mover) freeze(ctx context.Context, t plan.Tenant) ([]byte, error) {
	var b []byte
	return b, pgx.BeginFunc(ctx, m.Source, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT c.relname, a.privilege_type
			FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
			WHERE c.relnamespace = to_regnamespace($1) AND c.relkind IN ('r', 'p')
			  AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $2)
			  AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
			ORDER BY 1, 2`, state.Ident(t.Schema), t.AppRole)
		if err != nil {
			return fmt.Errorf("freeze tenant %q: %w", t.Name, err)
		}
		revoked, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (grant, error) {
			var g grant
			return g, r.Scan(&g.Table, &g.Privilege)
		})
		if err != nil {
			return fmt.Errorf("freeze tenant %q: %w", t.Name, err)
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA %s FROM %s`,
			state.Ident(t.Schema), state.Ident(t.AppRole))); err != nil {
			return fmt.Errorf("freeze tenant %q: %w", t.Name, err)
		}
		b, _ = json.Marshal(revoked)
		if err := state.SetMove(ctx, tx, state.MoveState{Tenant: t.Name, Direction: state.MoveOut, Peer: m.To, Schema: t.Schema,
			State: state.MoveFrozen, Revoked: b, RunID: m.RunID}); err != nil {
			return err
		}
		return state.AppendEvent(ctx, tx, state.Event{RunID: m.RunID, Actor: m.Actor, Tenant: t.Name, Action: "move.freeze",
			Outcome: "ok", Detail: map[string]any{"to": m.To, "privileges_revoked": len(revoked)}})
	})
}

// Thaw calls off a move that froze a tenant but never switched it: the
// application role gets back exactly the privileges the freeze took.
func Thaw(ctx context.Context, pool *pgxpool.Pool, t plan.Tenant, runID, actor string) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var raw []byte
		var st string
		err := tx.QueryRow(ctx, `SELECT revoked, state FROM rollout.moves WHERE tenant = $1 AND direction = 'out' FOR UPDATE`, t.Name).Scan(&raw, &st)
		if err != nil {
			return fmt.Errorf("thaw tenant %q: %w", t.Name, err)
		}
		if st != state.MoveFrozen {
			return nil
		}
		n, err := grantBack(ctx, tx, t, raw)
		if err != nil {
			return fmt.Errorf("thaw tenant %q: %w", t.Name, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE rollout.moves SET state = $2, updated_at = now() WHERE tenant = $1 AND direction = 'out'`,
			t.Name, state.MoveThawed); err != nil {
			return fmt.Errorf("thaw tenant %q: %w", t.Name, err)
		}
		return state.AppendEvent(ctx, tx, state.Event{RunID: runID, Actor: actor, Tenant: t.Name, Action: "move.thaw", Outcome: "ok",
			Detail: map[string]any{"privileges_restored": n}})
	})
}

// validPrivilege: the recorded list is data in a table; only these words
// go back into SQL.
var validPrivilege = map[string]bool{"INSERT": true, "UPDATE": true, "DELETE": true, "TRUNCATE": true}

// grantBack gives the application role the privileges a freeze recorded.
func grantBack(ctx context.Context, tx pgx.Tx, t plan.Tenant, raw []byte) (int, error) {
	var revoked []grant
	if err := json.Unmarshal(raw, &revoked); err != nil {
		return 0, fmt.Errorf("the privileges the freeze recorded do not read: %w", err)
	}
	for _, g := range revoked {
		if !validPrivilege[g.Privilege] {
			return 0, fmt.Errorf("recorded privilege %q is not a table write privilege", g.Privilege)
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(`GRANT %s ON %s TO %s`, g.Privilege, state.Ident(t.Schema, g.Table), state.Ident(t.AppRole))); err != nil {
			return 0, err
		}
	}
	return len(revoked), nil
}
