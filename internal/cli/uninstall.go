package cli

import (
	"context"
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/views"
)

type uninstallArgs struct {
	server      string
	autoApprove bool
}

// ErrUninstallNoTerminal: uninstall would have to ask, with nobody to ask.
var ErrUninstallNoTerminal = errors.New("uninstall needs confirmation, but there is no terminal to ask on: pass --auto-approve once you have read its plan (rollout uninstall --server S without a terminal prints it)")

func newUninstallCmd(a *app) *cobra.Command {
	var args uninstallArgs
	cmd := &cobra.Command{
		Use:   "uninstall --server S",
		Short: "Remove what rollout created outside tenant schemas on one server",
		Long: `uninstall shows, then removes, everything rollout created on a server outside tenant
schemas: the extensions it installed, the extensions schema, the tenants' roles, the
rights it took from PUBLIC on schema public (given back), and its control schema with
the audit trail. It never drops a tenant schema, and refuses while any remains; it
removes nothing another application created or uses (each drop is RESTRICT, and a
role still used in another database stays). On a terminal it asks for "yes";
without one it refuses unless --auto-approve.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runUninstall(cmd.Context(), args) },
	}
	cmd.Flags().StringVar(&args.server, "server", "", "the server, by name (default, or one under databases:) (required)")
	cmd.Flags().BoolVar(&args.autoApprove, "auto-approve", false, "do not ask for confirmation")
	_ = cmd.MarkFlagRequired("server")
	return cmd
}

func (a *app) runUninstall(ctx context.Context, args uninstallArgs) error {
	srv, err := a.openServers(ctx, []string{args.server})
	if err != nil {
		return err
	}
	defer srv.close()
	pool := srv[args.server]
	u, err := apply.PlanUninstall(ctx, pool, args.server)
	if err != nil {
		return err
	}
	where := a.describe(srv.names(), srv, nil)
	show := func(done bool) error {
		if a.settings.JSON() {
			return views.UninstallAsJSON(a.io.out, where, u, done)
		}
		if done {
			return views.UninstallDone(a.io.out, u)
		}
		return views.Uninstall(a.io.out, u)
	}
	if len(u.Blockers) > 0 || !u.HasChanges() {
		if err := show(false); err != nil {
			return err
		}
		if len(u.Blockers) > 0 {
			return ExitError{Code: 1}
		}
		return nil
	}
	if err := a.showPlan(args.autoApprove, func(w io.Writer) error {
		return errors.Join(views.Servers(w, where), views.Uninstall(w, u))
	}); err != nil {
		return err
	}
	if !args.autoApprove {
		if err := a.ask("Uninstall rollout from this server?", "Uninstall", ErrUninstallNoTerminal); err != nil {
			if a.settings.JSON() {
				return errors.Join(err, show(false))
			}
			return err
		}
	}
	if err := apply.Uninstall(ctx, pool, u); err != nil {
		return err
	}
	return show(true)
}
