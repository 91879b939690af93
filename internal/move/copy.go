package move

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/tenantdb"
)

// sameText makes row text identical on both sides whatever each server's
// defaults: the checksums compare text, and COPY writes text.
const sameText = `SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres';
SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'`

// copy does the move proper; see the package comment for the order.
func (m *Mover) copy(ctx context.Context, t plan.Tenant, src, dst *state.Snapshot, revoked []byte) (Result, error) {
	bin, err := findPgDump(m.PgDump, m.PostgresBin)
	if err != nil {
		return Result{}, err
	}
	m.step("read the structure with pg_dump")
	ddl, err := dumpStructure(ctx, bin, m.Source, t.Schema)
	if err != nil {
		return Result{}, err
	}
	stx, err := m.lockSource(ctx, t.Schema)
	if err != nil {
		return Result{}, err
	}
	defer stx.Rollback(context.WithoutCancel(ctx))
	owner, app := plan.Roles(dst.Database, t.Schema)
	to := target{Tenant: provision.Tenant{Name: t.Name, Schema: t.Schema, Owner: owner, App: app, Wave: src.Tenants[t.Name].Wave}}
	m.step("create the structure on the target")
	if err := m.provisionTarget(ctx, t, to); err != nil {
		return Result{}, err
	}
	res, err := m.build(ctx, t, to, stx, ddl, revoked)
	if err != nil {
		return res, err
	}
	m.step("switch: the target serves the tenant")
	err = pgx.BeginFunc(ctx, m.Target, func(ttx pgx.Tx) error {
		return m.recordTarget(ctx, t, to, src, dst, stx, ttx, res)
	})
	if err != nil {
		return res, fmt.Errorf("server %q: switch tenant %q: %w", m.To, t.Name, err)
	}
	res.Owner, res.App = owner, app
	m.step("park the source copy")
	res.Parked, err = m.park(ctx, t, stx)
	res.Done = "moved"
	return res, err
}

// provisionTarget creates the tenant's roles, schema and grants on the
// target and records the move as copying, committed: the owner role must
// exist to log in. Until the switch commits, the target's schema is the
// copy's own, and a run that stopped is cleaned away by the next one
// (clearStopped).
func (m *Mover) provisionTarget(ctx context.Context, t plan.Tenant, to target) error {
	err := pgx.BeginFunc(ctx, m.Target, func(tx pgx.Tx) error {
		if err := provision.InTx(ctx, tx, to.Tenant); err != nil {
			return err
		}
		return state.SetMove(ctx, tx, state.MoveState{Tenant: t.Name, Direction: state.MoveIn, Peer: m.From, Schema: t.Schema,
			State: state.MoveCopying, RunID: m.RunID})
	})
	if err != nil {
		return fmt.Errorf("server %q: provision %q: %w", m.To, t.Schema, err)
	}
	return nil
}

// clearStopped drops what a stopped copy left on the target: its schema
// (never served: the switch did not commit) and its record.
func (m *Mover) clearStopped(ctx context.Context, t plan.Tenant, dst *state.Snapshot) error {
	in := dst.Move(t.Name, state.MoveIn)
	if in == nil || in.State != state.MoveCopying || dst.Tenants[t.Name] != nil {
		return nil
	}
	err := pgx.BeginFunc(ctx, m.Target, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DROP SCHEMA IF EXISTS `+state.Ident(in.Schema)+` CASCADE`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM rollout.moves WHERE tenant = $1 AND direction = 'in' AND state = $2`, t.Name, state.MoveCopying)
		return err
	})
	if err != nil {
		return fmt.Errorf("server %q: drop the copy of %q a stopped move left: %w", m.To, t.Schema, err)
	}
	delete(dst.Schemas, in.Schema)
	return nil
}

// lockSource opens the source transaction that holds the tables still
// (the owner role's writes wait too) until the source is parked. The
// tables are locked before any snapshot is taken (LOCK TABLE takes none).
// It runs as the connecting role and only locks: nothing of the tenant's
// runs in it.
func (m *Mover) lockSource(ctx context.Context, schema string) (pgx.Tx, error) {
	tables, err := relations(ctx, m.Source, schema, "r")
	if err != nil {
		return nil, fmt.Errorf("server %q: %w", m.From, err)
	}
	tx, err := m.Source.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("server %q: %w", m.From, err)
	}
	if err := lockTables(ctx, tx, schema, tables); err != nil {
		tx.Rollback(ctx)
		return nil, fmt.Errorf("server %q: %w", m.From, err)
	}
	return tx, nil
}

func lockTables(ctx context.Context, tx pgx.Tx, schema string, tables []string) error {
	if len(tables) == 0 {
		return nil
	}
	names := make([]string, len(tables))
	for i, tb := range tables {
		names[i] = state.Ident(schema, tb)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+strings.Join(names, ", ")+" IN SHARE MODE"); err != nil {
		return fmt.Errorf("lock the tables of %q: %w", schema, err)
	}
	return nil
}

// target is the tenant as the target server names it: roles are named
// after each database, so the copy gets the target's own.
type target struct{ provision.Tenant }

// build creates the structure, copies the data and verifies it. Every
// statement that touches the tenant's objects (its DDL from pg_dump, COPY
// out and in, which fire its policies and checks, sequences, grants, the
// checksums) runs on sessions whose session user is each side's owner
// role (internal/tenantdb): nothing the tenant defined runs with more than
// its owner's rights, even if it resets its role. The target transaction
// commits here; the switch (recordTarget) follows.
func (m *Mover) build(ctx context.Context, t plan.Tenant, to target, stx pgx.Tx, ddl structure, revoked []byte) (Result, error) {
	var res Result
	privs, err := appPrivileges(ctx, stx, t, revoked)
	if err != nil {
		return res, err
	}
	rd, err := m.openOwner(ctx, m.Source, m.From, t, t.OwnerRole, pgx.TxOptions{IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return res, err
	}
	defer rd.close(ctx)
	wr, err := m.openOwner(ctx, m.Target, m.To, t, to.Owner, pgx.TxOptions{})
	if err != nil {
		return res, err
	}
	defer wr.close(ctx)
	sotx, totx := rd.tx, wr.tx
	tables, err := relations(ctx, sotx, t.Schema, "r")
	if err == nil {
		err = lockTables(ctx, sotx, t.Schema, tables)
	}
	if err != nil {
		return res, fmt.Errorf("server %q: %w", m.From, err)
	}
	if _, err := totx.Exec(ctx, ddl.pre, pgx.QueryExecModeSimpleProtocol); err != nil {
		return res, fmt.Errorf("server %q: create the structure of %q: %w", m.To, t.Schema, err)
	}
	if _, err := totx.Exec(ctx, sameText); err != nil {
		return res, err
	}
	if tables, err = sameRelations(ctx, sotx, totx, t.Schema, "r"); err != nil {
		return res, err
	}
	m.step("copy " + plural.Count(len(tables), "table"))
	for _, tb := range tables {
		n, err := copyTable(ctx, sotx, totx, state.Ident(t.Schema, tb))
		if err != nil {
			return res, fmt.Errorf("copy table %s.%s: %w%s", t.Schema, tb, err, rowSecurityHint(err, t.Schema, tb))
		}
		res.Tables++
		res.Rows += n
	}
	if err := copySequences(ctx, sotx, totx, t.Schema); err != nil {
		return res, err
	}
	m.step("build indexes, constraints and triggers")
	if _, err := totx.Exec(ctx, ddl.post, pgx.QueryExecModeSimpleProtocol); err != nil {
		return res, fmt.Errorf("server %q: indexes and constraints of %q: %w", m.To, t.Schema, err)
	}
	if err := grantApp(ctx, totx, t.Schema, to.App, privs); err != nil {
		return res, fmt.Errorf("server %q: grant %s: %w", m.To, to.App, err)
	}
	m.step("verify row counts and checksums")
	if err := verify(ctx, sotx, totx, t.Schema, tables); err != nil {
		return res, err
	}
	if err := totx.Commit(ctx); err != nil {
		return res, fmt.Errorf("server %q: commit the copy of %q: %w", m.To, t.Schema, err)
	}
	return res, nil
}

// rowSecurityHint explains the refusal of a table whose row-level security
// is forced on its owner.
func rowSecurityHint(err error, schema, table string) string {
	// The source's refusal reaches us inside the target's COPY error.
	if !strings.Contains(err.Error(), "would be affected by row-level security policy") {
		return ""
	}
	return fmt.Sprintf("; the table's row-level security is forced on its owner, so the copy could miss rows: "+
		"run ALTER TABLE %s NO FORCE ROW LEVEL SECURITY for the move (FORCE it again afterwards), then apply again", state.Ident(schema, table))
}

// owned is a transaction on a session of a tenant's owner role.
type owned struct {
	sess *tenantdb.Session
	tx   pgx.Tx
}

func (m *Mover) openOwner(ctx context.Context, pool *pgxpool.Pool, server string, t plan.Tenant, role string, opts pgx.TxOptions) (*owned, error) {
	sess, err := tenantdb.Open(ctx, pool, tenantdb.Who{Tenant: t.Name, Role: role, Schema: t.Schema, RunID: m.RunID, Actor: m.Actor,
		Unrecorded: true})
	if err != nil {
		return nil, fmt.Errorf("server %q: %w", server, err)
	}
	tx, err := sess.Pool.BeginTx(ctx, opts)
	if err == nil {
		// A policy the owner forced on itself would make COPY see only
		// some rows: an error instead (rowSecurityHint), never a copy
		// that quietly misses rows.
		_, err = tx.Exec(ctx, sameText+"; SET LOCAL row_security = off")
	}
	if err != nil {
		sess.Close()
		return nil, fmt.Errorf("server %q: %w", server, err)
	}
	return &owned{sess: sess, tx: tx}, nil
}

func (o *owned) close(ctx context.Context) {
	_ = o.tx.Rollback(context.WithoutCancel(ctx))
	o.sess.Close()
}

// copyTable streams one table from the source transaction into the target
// one with COPY; nothing is held in memory.
func copyTable(ctx context.Context, stx, ttx pgx.Tx, table string) (int64, error) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := stx.Conn().PgConn().CopyTo(ctx, pw, "COPY "+table+" TO STDOUT")
		pw.CloseWithError(err)
		done <- err
	}()
	tag, err := ttx.Conn().PgConn().CopyFrom(ctx, pr, "COPY "+table+" FROM STDIN")
	pr.CloseWithError(err)
	if rerr := <-done; rerr != nil && err == nil {
		err = rerr
	}
	return tag.RowsAffected(), err
}

// copySequences sets every sequence of the schema to the source's value.
func copySequences(ctx context.Context, stx, ttx pgx.Tx, schema string) error {
	seqs, err := sameRelations(ctx, stx, ttx, schema, "S")
	if err != nil {
		return err
	}
	for _, sq := range seqs {
		var last int64
		var called bool
		name := state.Ident(schema, sq)
		if err := stx.QueryRow(ctx, "SELECT last_value, is_called FROM "+name).Scan(&last, &called); err != nil {
			return fmt.Errorf("read sequence %s.%s: %w", schema, sq, err)
		}
		if _, err := ttx.Exec(ctx, "SELECT setval($1::regclass, $2, $3)", name, last, called); err != nil {
			return fmt.Errorf("set sequence %s.%s: %w", schema, sq, err)
		}
	}
	return nil
}

// verify compares each table's row count and an order-free checksum (the
// sum of each row's md5) between the source snapshot and the target.
func verify(ctx context.Context, stx, ttx pgx.Tx, schema string, tables []string) error {
	for _, tb := range tables {
		q := fmt.Sprintf(`SELECT count(*), coalesce(sum(('x' || left(md5(ROW(x.*)::text), 15))::bit(60)::bigint), 0)::text FROM %s x`,
			state.Ident(schema, tb))
		var sn, tn int64
		var ssum, tsum string
		if err := stx.QueryRow(ctx, q).Scan(&sn, &ssum); err != nil {
			return fmt.Errorf("checksum %s.%s on the source: %w", schema, tb, err)
		}
		if err := ttx.QueryRow(ctx, q).Scan(&tn, &tsum); err != nil {
			return fmt.Errorf("checksum %s.%s on the target: %w", schema, tb, err)
		}
		if sn != tn || ssum != tsum {
			return fmt.Errorf("%w: table %s.%s has %s (checksum %s) on the source and %d (checksum %s) on the target",
				ErrVerify, schema, tb, plural.Count(int(sn), "row"), ssum, tn, tsum)
		}
	}
	return nil
}

// relations lists a schema's tables ("r") or sequences ("S"), by name.
func relations(ctx context.Context, db state.Querier, schema, kind string) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT relname FROM pg_class WHERE relnamespace = to_regnamespace($1) AND relkind = $2 ORDER BY relname`,
		state.Ident(schema), kind)
	if err != nil {
		return nil, fmt.Errorf("list the relations of %q: %w", schema, err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// sameRelations lists them on both sides and refuses if they differ: the
// structure pg_dump read must be the one the copy reads.
func sameRelations(ctx context.Context, stx, ttx pgx.Tx, schema, kind string) ([]string, error) {
	s, err := relations(ctx, stx, schema, kind)
	if err != nil {
		return nil, err
	}
	t, err := relations(ctx, ttx, schema, kind)
	if err != nil {
		return nil, err
	}
	if strings.Join(s, ",") != strings.Join(t, ",") {
		return nil, fmt.Errorf("%w: schema %q has %s on the source and %s on the target after creating its structure; was it changed during the move? apply again",
			ErrVerify, schema, list(s), list(t))
	}
	return s, nil
}

func list(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
