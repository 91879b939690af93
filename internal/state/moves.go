package state

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Move directions and states, as the control schema's rollout.moves
// records them (see migration 000004).
const (
	MoveIn  = "in"
	MoveOut = "out"

	MoveLive      = "live"      // in: the target serves the tenant
	MoveCopying   = "copying"   // in: the copy's schema exists, not served yet
	MoveFrozen    = "frozen"    // out: the application may read, not write
	MoveMoved     = "moved"     // out: the schema is parked, locked
	MoveFinalized = "finalized" // out: the parked schema is dropped
	MoveThawed    = "thawed"    // out: the move was called off, writes given back
)

// MoveState is one server's side of a tenant's move.
type MoveState struct {
	Tenant       string
	Direction    string
	Peer         string
	Schema       string
	State        string
	ParkedSchema string
	Revoked      []byte // JSON
	Tables       int
	Rows         int64
	RunID        string
	UpdatedAt    time.Time
}

// Key is how a snapshot indexes moves: tenant and direction.
func moveKey(tenant, direction string) string { return tenant + "/" + direction }

// Move returns the tenant's move record in one direction, or nil.
func (s *Snapshot) Move(tenant, direction string) *MoveState {
	return s.Moves[moveKey(tenant, direction)]
}

// movesExist: plan reads servers whose control schema an older rollout
// made, before apply upgrades it.
func movesExist(ctx context.Context, db Querier) (bool, error) {
	var ok bool
	err := db.QueryRow(ctx, `SELECT to_regclass('rollout.moves') IS NOT NULL`).Scan(&ok)
	return ok, err
}

// Querier is a pool, a connection or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func readMoves(ctx context.Context, pool Querier, s *Snapshot, tenant string) error {
	s.Moves = map[string]*MoveState{}
	ok, err := movesExist(ctx, pool)
	if err != nil || !ok {
		return err
	}
	moves, err := ReadMoves(ctx, pool, tenant)
	for _, m := range moves {
		s.Moves[moveKey(m.Tenant, m.Direction)] = m
	}
	return err
}

// ReadMoves reads the move records of one tenant, or of all ("").
func ReadMoves(ctx context.Context, db Querier, tenant string) ([]*MoveState, error) {
	rows, err := db.Query(ctx, `SELECT tenant, direction, peer, schema_name, state, coalesce(parked_schema, ''), revoked,
		coalesce(tables, 0), coalesce(rows, 0), run_id, updated_at FROM rollout.moves WHERE $1 = '' OR tenant = $1
		ORDER BY tenant, direction`, tenant)
	if err != nil {
		return nil, fmt.Errorf("read moves: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*MoveState, error) {
		m := &MoveState{}
		return m, r.Scan(&m.Tenant, &m.Direction, &m.Peer, &m.Schema, &m.State, &m.ParkedSchema, &m.Revoked,
			&m.Tables, &m.Rows, &m.RunID, &m.UpdatedAt)
	})
}

// SetMove records one side of a move.
func SetMove(ctx context.Context, db Execer, m MoveState) error {
	if m.Revoked == nil {
		m.Revoked = []byte("[]")
	}
	_, err := db.Exec(ctx, `INSERT INTO rollout.moves (tenant, direction, peer, schema_name, state, parked_schema, revoked, tables, rows, run_id)
		VALUES ($1, $2, $3, $4, $5, nullif($6, ''), $7, $8, $9, $10)
		ON CONFLICT (tenant, direction) DO UPDATE SET peer = EXCLUDED.peer, schema_name = EXCLUDED.schema_name,
		state = EXCLUDED.state, parked_schema = EXCLUDED.parked_schema, revoked = EXCLUDED.revoked, tables = EXCLUDED.tables,
		rows = EXCLUDED.rows, run_id = EXCLUDED.run_id, updated_at = now()`,
		m.Tenant, m.Direction, m.Peer, m.Schema, m.State, m.ParkedSchema, m.Revoked, m.Tables, m.Rows, m.RunID)
	if err != nil {
		return fmt.Errorf("record the move of tenant %q: %w", m.Tenant, err)
	}
	return nil
}
