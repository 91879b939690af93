package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/move"
	"github.com/jo-water/rollout/internal/views"
)

// ErrFinalizeNoTerminal: move --finalize would have to ask, with nobody to ask.
var ErrFinalizeNoTerminal = errors.New("move --finalize drops data and needs confirmation, but there is no terminal to ask on: pass --auto-approve once you have read what it drops (rollout move --finalize without a terminal prints it)")

type moveArgs struct {
	finalize    bool
	autoApprove bool
	tenants     []string
}

func newMoveCmd(a *app) *cobra.Command {
	var args moveArgs
	cmd := &cobra.Command{
		Use:   "move [--finalize [--auto-approve]] [--tenant T]...",
		Short: "List the copies that moved tenants left on their old servers, or drop them",
		Long: `A tenant moves when its file names another server (database = "…"): apply copies it
there, switches it over, and keeps the old copy on the old server, renamed and locked, in
case the move must be undone by hand. rollout move lists those parked copies;
rollout move --finalize drops them (only those of --tenant T when given): it shows
each copy it drops (schema, server, tables and rows) and asks for "yes" on a terminal;
without one it refuses unless --auto-approve.`,
		Example: `  rollout move
  rollout move --finalize --tenant karak
  rollout move --finalize --auto-approve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runMove(cmd.Context(), args) },
	}
	cmd.Flags().BoolVar(&args.finalize, "finalize", false, "drop the parked copies (asks first)")
	cmd.Flags().BoolVar(&args.autoApprove, "auto-approve", false, "with --finalize: do not ask for confirmation")
	cmd.Flags().StringArrayVar(&args.tenants, "tenant", nil, "only this tenant (repeatable)")
	return cmd
}

func (a *app) runMove(ctx context.Context, args moveArgs) error {
	proj, err := a.loadProject()
	if err != nil {
		return err
	}
	srv, err := a.openServers(ctx, a.planServers(proj))
	if err != nil {
		return err
	}
	defer srv.close()
	out := views.MoveJSON{FormatVersion: views.FormatVersion, Connections: a.describe(srv.names(), srv, nil),
		Finalize: args.finalize, Parked: []views.ParkedCopy{}}
	if !a.settings.JSON() {
		if err := views.Servers(a.io.out, out.Connections); err != nil {
			return err
		}
	}
	if out.Parked, err = parkedCopies(ctx, srv, args.tenants); err != nil {
		return err
	}
	for _, t := range args.tenants {
		matched := 0
		for _, c := range out.Parked {
			if c.Tenant == t {
				matched++
			}
		}
		if err := unknownTenant(proj, t, matched); err != nil {
			return err
		}
	}
	if !args.finalize || len(out.Parked) == 0 {
		return a.showMove(out)
	}
	if err := a.confirmFinalize(ctx, srv, args, &out); err != nil {
		return err
	}
	runID := newRunID()
	for i := range out.Parked {
		c := &out.Parked[i]
		if c.ParkedSchema, err = move.Finalize(ctx, srv[c.Server], c.Tenant, runID, a.actor()); err != nil {
			// Say what was dropped before this one failed.
			return errors.Join(a.showMove(out), fmt.Errorf("server %q: finalize tenant %q: %w", c.Server, c.Tenant, err))
		}
		c.Dropped = true
	}
	return a.showMove(out)
}

// parkedCopies lists every server's parked copies (of tenants only, when
// given).
func parkedCopies(ctx context.Context, srv servers, tenants []string) ([]views.ParkedCopy, error) {
	out := []views.ParkedCopy{}
	for _, name := range srv.names() {
		parked, err := move.Parked(ctx, srv[name])
		if err != nil {
			return nil, fmt.Errorf("server %q: %w", name, err)
		}
		for _, m := range parked {
			if len(tenants) == 0 || slices.Contains(tenants, m.Tenant) {
				out = append(out, views.ParkedCopy{Tenant: m.Tenant, Server: name, MovedTo: m.Peer, ParkedSchema: m.ParkedSchema, Since: m.UpdatedAt})
			}
		}
	}
	return out, nil
}

// confirmFinalize shows what --finalize drops (each copy's tables and
// rows) and asks, as forget and rollback do: data that goes for good.
func (a *app) confirmFinalize(ctx context.Context, srv servers, args moveArgs, out *views.MoveJSON) error {
	for i := range out.Parked {
		c := &out.Parked[i]
		n, rows, err := move.Measure(ctx, srv[c.Server], c.ParkedSchema)
		if err != nil {
			return fmt.Errorf("server %q: measure the parked copy of %q: %w", c.Server, c.Tenant, err)
		}
		c.Tables, c.Rows = &n, &rows
	}
	if err := a.showPlan(args.autoApprove, func(w io.Writer) error { return views.FinalizePlan(w, out.Parked) }); err != nil {
		return err
	}
	if args.autoApprove {
		return nil
	}
	err := a.ask("Drop these parked copies?", "Finalize", ErrFinalizeNoTerminal)
	if err != nil && a.settings.JSON() {
		return errors.Join(err, views.WriteJSON(a.io.out, out))
	}
	return err
}

func (a *app) showMove(out views.MoveJSON) error {
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, out)
	}
	return views.Move(a.io.out, out)
}
