package move

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
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
	// pg_dump sets session settings (search_path to ''): the target work
	// gets a connection of its own, closed afterwards.
	tconn, err := m.Target.Acquire(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("server %q: connect: %w", m.To, err)
	}
	raw := tconn.Hijack()
	defer raw.Close(context.WithoutCancel(ctx))
	ttx, err := raw.Begin(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("server %q: %w", m.To, err)
	}
	defer ttx.Rollback(context.WithoutCancel(ctx))
	owner, app := plan.Roles(dst.Database, t.Schema)
	to := target{Tenant: provision.Tenant{Name: t.Name, Schema: t.Schema, Owner: owner, App: app, Wave: src.Tenants[t.Name].Wave}}
	res, err := m.build(ctx, t, to, stx, ttx, ddl, revoked)
	if err != nil {
		return res, err
	}
	if err := m.recordTarget(ctx, t, to, src, dst, stx, ttx, res); err != nil {
		return res, err
	}
	res.Owner, res.App = owner, app
	m.step("switch: the target serves the tenant")
	if err := ttx.Commit(ctx); err != nil {
		return res, fmt.Errorf("server %q: switch tenant %q: %w", m.To, t.Name, err)
	}
	m.step("park the source copy")
	res.Parked, err = m.park(ctx, t, stx)
	res.Done = "moved"
	return res, err
}

// lockSource opens the source transaction the copy reads from. The tables
// are locked before the snapshot is taken (LOCK TABLE takes none), so no
// write slips between the snapshot and the lock: with the freeze, the
// owner role's writes wait too.
func (m *Mover) lockSource(ctx context.Context, schema string) (pgx.Tx, error) {
	tables, err := relations(ctx, m.Source, schema, "r")
	if err != nil {
		return nil, fmt.Errorf("server %q: %w", m.From, err)
	}
	tx, err := m.Source.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, fmt.Errorf("server %q: %w", m.From, err)
	}
	if len(tables) > 0 {
		names := make([]string, len(tables))
		for i, tb := range tables {
			names[i] = state.Ident(schema, tb)
		}
		if _, err := tx.Exec(ctx, "LOCK TABLE "+strings.Join(names, ", ")+" IN SHARE MODE"); err != nil {
			tx.Rollback(ctx)
			return nil, fmt.Errorf("server %q: lock the tables of %q: %w", m.From, schema, err)
		}
	}
	if _, err := tx.Exec(ctx, sameText); err != nil {
		tx.Rollback(ctx)
		return nil, err
	}
	return tx, nil
}

// target is the tenant as the target server names it: roles are named
// after each database, so the copy gets the target's own.
type target struct{ provision.Tenant }

// build creates the structure, copies the data and verifies it, all in the
// target transaction. Tenant objects are read as the source's owner and
// written as the target's (never as the connecting role, so nothing the
// tenant defined runs with more than its owner's rights).
func (m *Mover) build(ctx context.Context, t plan.Tenant, to target, stx, ttx pgx.Tx, ddl structure, revoked []byte) (Result, error) {
	var res Result
	m.step("create the structure on the target")
	if err := provision.InTx(ctx, ttx, to.Tenant); err != nil {
		return res, fmt.Errorf("server %q: provision %q: %w", m.To, t.Schema, err)
	}
	privs, err := appPrivileges(ctx, stx, t, revoked)
	if err != nil {
		return res, err
	}
	if err := setRole(ctx, stx, t.OwnerRole); err != nil {
		return res, err
	}
	if err := setRole(ctx, ttx, to.Owner); err != nil {
		return res, err
	}
	if _, err := ttx.Exec(ctx, ddl.pre, pgx.QueryExecModeSimpleProtocol); err != nil {
		return res, fmt.Errorf("server %q: create the structure of %q: %w", m.To, t.Schema, err)
	}
	if _, err := ttx.Exec(ctx, sameText); err != nil {
		return res, err
	}
	tables, err := sameRelations(ctx, stx, ttx, t.Schema, "r")
	if err != nil {
		return res, err
	}
	m.step(fmt.Sprintf("copy %d tables", len(tables)))
	for _, tb := range tables {
		n, err := copyTable(ctx, stx, ttx, state.Ident(t.Schema, tb))
		if err != nil {
			return res, fmt.Errorf("copy table %s.%s: %w", t.Schema, tb, err)
		}
		res.Tables++
		res.Rows += n
	}
	if err := copySequences(ctx, stx, ttx, t.Schema); err != nil {
		return res, err
	}
	m.step("build indexes, constraints and triggers")
	if _, err := ttx.Exec(ctx, ddl.post, pgx.QueryExecModeSimpleProtocol); err != nil {
		return res, fmt.Errorf("server %q: indexes and constraints of %q: %w", m.To, t.Schema, err)
	}
	if err := grantApp(ctx, ttx, t.Schema, to.App, privs); err != nil {
		return res, fmt.Errorf("server %q: grant %s: %w", m.To, to.App, err)
	}
	m.step("verify row counts and checksums")
	if err := verify(ctx, stx, ttx, t.Schema, tables); err != nil {
		return res, err
	}
	return res, errors.Join(resetRole(ctx, stx), resetRole(ctx, ttx))
}

func setRole(ctx context.Context, tx pgx.Tx, role string) error {
	_, err := tx.Exec(ctx, "SET LOCAL ROLE "+state.Ident(role))
	return err
}

func resetRole(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "RESET ROLE")
	return err
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
			return fmt.Errorf("%w: table %s.%s has %d rows (checksum %s) on the source and %d (checksum %s) on the target",
				ErrVerify, schema, tb, sn, ssum, tn, tsum)
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
