// Package move carries a tenant's schema, its data and its control rows
// from one server to another.
//
// How: the source's writes are frozen (the application role loses
// INSERT, UPDATE, DELETE and TRUNCATE, durably, so a crash cannot thaw
// them); the structure is read with pg_dump --schema-only; one target
// transaction creates the structure, copies every table with COPY over two
// connections (no superuser, no replication, works on managed
// PostgreSQL), sets the sequences, builds indexes and constraints,
// verifies row counts and a checksum per table, writes the control rows
// and marks the tenant live: that commit is the switch. Everything that
// touches the tenant's own objects runs on sessions whose session user is
// each side's owner role (internal/tenantdb), so the tenant's policies,
// checks and functions that fire during the copy have its owner's rights
// only; the roles, the empty schema and a "copying" record are committed
// on the target first (the owner must exist to log in), the copied data
// next, then the switch. The source schema
// is then renamed ("parked"), the application role loses it, and its
// control rows are dropped; rollout move --finalize drops the parked copy.
//
// A crash before the switch commits leaves the tenant served, read-only, by
// the source, and on the target only the stopped copy, which the next run
// drops before copying again; after it, the target serves
// and the next apply parks the source. Either way re-running converges.
package move

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// Mover moves one tenant between two servers.
type Mover struct {
	Project        *config.Project
	Source, Target *pgxpool.Pool
	From, To       string // server names
	PgDump         string // path to pg_dump; "" finds it
	PostgresBin    string // where the server binaries are (settings)
	RunID, Actor   string
	Logger         *slog.Logger
	// Step is told about each stage as it starts (optional): progress.
	Step func(stage string)
}

// Result says what a move did.
type Result struct {
	Done   string // "moved", "parked" (the target already served), "nothing"
	Tables int
	Rows   int64
	Parked string // the source schema's new name
	// The tenant's roles on the target (named after its database).
	Owner, App string
}

// Run moves the tenant, or finishes a move a crash interrupted. The
// caller holds the tenant's lock on both servers.
func (m *Mover) Run(ctx context.Context, t plan.Tenant) (Result, error) {
	src, err := state.ReadTenant(ctx, m.Source, t.Name, t.Schema)
	if err != nil {
		return Result{}, fmt.Errorf("read server %q: %w", m.From, err)
	}
	dst, err := state.ReadTenant(ctx, m.Target, t.Name, t.Schema)
	if err != nil {
		return Result{}, fmt.Errorf("read server %q: %w", m.To, err)
	}
	if in := dst.Move(t.Name, state.MoveIn); dst.Tenants[t.Name] != nil && in != nil && in.State == state.MoveLive && in.Peer == m.From {
		if src.Tenants[t.Name] == nil {
			return Result{Done: "nothing"}, nil
		}
		m.step("park the source copy")
		parked, err := m.park(ctx, t, nil)
		return Result{Done: "parked", Parked: parked, Tables: in.Tables, Rows: in.Rows}, err
	}
	if err := m.clearStopped(ctx, t, dst); err != nil {
		return Result{}, err
	}
	if err := m.check(t, src, dst); err != nil {
		return Result{}, err
	}
	var revoked []byte
	if out := src.Move(t.Name, state.MoveOut); out != nil && out.State == state.MoveFrozen && out.Peer == m.To {
		revoked = out.Revoked
	} else {
		m.step("freeze writes on the source")
		if revoked, err = m.freeze(ctx, t); err != nil {
			return Result{}, err
		}
	}
	return m.copy(ctx, t, src, dst, revoked)
}

// check refuses a move that would lose or mix anything.
func (m *Mover) check(t plan.Tenant, src, dst *state.Snapshot) error {
	if src.Tenants[t.Name] == nil || !src.Schemas[t.Schema] {
		return fmt.Errorf("move tenant %q: server %q does not hold it any more; plan again", t.Name, m.From)
	}
	tp, err := plan.ForTenant(m.Project, t.Name, src)
	if err != nil {
		return fmt.Errorf("move tenant %q: %w", t.Name, err)
	}
	tp.Move = nil
	if tp.Changes() {
		return fmt.Errorf("%w: tenant %q has changes pending on server %q; apply them there first, then move", ErrBehind, t.Name, m.From)
	}
	if out := src.Move(t.Name, state.MoveOut); out != nil && out.State == state.MoveMoved && out.ParkedSchema != "" {
		return fmt.Errorf("%w: server %q still keeps schema %q from moving tenant %q to %q; run rollout move --finalize --tenant %s first",
			ErrParked, m.From, out.ParkedSchema, t.Name, out.Peer, t.Name)
	}
	if dst.Schemas[t.Schema] || dst.Tenants[t.Name] != nil {
		return fmt.Errorf("%w: server %q already has schema %q (or a record of tenant %q) that no move of this tenant put there; move it out of the way, then apply again",
			ErrTargetTaken, m.To, t.Schema, t.Name)
	}
	return nil
}

func (m *Mover) step(s string) {
	if m.Step != nil {
		m.Step(s)
	}
}
