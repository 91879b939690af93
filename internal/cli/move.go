package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/move"
	"github.com/jo-water/rollout/internal/views"
)

type moveArgs struct {
	finalize bool
	tenants  []string
}

func newMoveCmd(a *app) *cobra.Command {
	var args moveArgs
	cmd := &cobra.Command{
		Use:   "move [--finalize] [--tenant T]...",
		Short: "List the copies that moved tenants left on their old servers, or drop them",
		Long: `A tenant moves when its file names another server (database = "…"): apply copies it
there, switches it over, and keeps the old copy on the old server, renamed and locked, in
case the move must be undone by hand. rollout move lists those parked copies;
rollout move --finalize drops them (only those of --tenant T when given).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runMove(cmd.Context(), args) },
	}
	cmd.Flags().BoolVar(&args.finalize, "finalize", false, "drop the parked copies")
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
	runID := newRunID()
	for _, name := range srv.names() {
		parked, err := move.Parked(ctx, srv[name])
		if err != nil {
			return fmt.Errorf("server %q: %w", name, err)
		}
		for _, m := range parked {
			if len(args.tenants) > 0 && !slices.Contains(args.tenants, m.Tenant) {
				continue
			}
			c := views.ParkedCopy{Tenant: m.Tenant, Server: name, MovedTo: m.Peer, ParkedSchema: m.ParkedSchema, Since: m.UpdatedAt}
			if args.finalize {
				if c.ParkedSchema, err = move.Finalize(ctx, srv[name], m.Tenant, runID, a.actor()); err != nil {
					// Say what was dropped before this one failed.
					return errors.Join(a.showMove(out), fmt.Errorf("server %q: finalize tenant %q: %w", name, m.Tenant, err))
				}
				c.Dropped = true
			}
			out.Parked = append(out.Parked, c)
		}
	}
	return a.showMove(out)
}

func (a *app) showMove(out views.MoveJSON) error {
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, out)
	}
	return views.Move(a.io.out, out)
}
