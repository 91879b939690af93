package cli

import (
	"context"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/move"
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
	found := 0
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
			found++
			if !args.finalize {
				fmt.Fprintf(a.io.out, "%s: moved to server %s; its old copy is parked on server %s as schema %s (since %s)\n",
					m.Tenant, m.Peer, name, m.ParkedSchema, m.UpdatedAt.UTC().Format("2006-01-02 15:04 MST"))
				continue
			}
			dropped, err := move.Finalize(ctx, srv[name], m.Tenant, runID, a.actor())
			if err != nil {
				return fmt.Errorf("server %q: finalize tenant %q: %w", name, m.Tenant, err)
			}
			fmt.Fprintf(a.io.out, "%s: dropped its old copy, schema %s on server %s\n", m.Tenant, dropped, name)
		}
	}
	if found == 0 {
		fmt.Fprintln(a.io.out, "No parked copies: every moved tenant is finalized.")
	} else if !args.finalize {
		fmt.Fprintln(a.io.out, "Drop them with: rollout move --finalize")
	}
	return nil
}
