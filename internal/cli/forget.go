package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/views"
)

type forgetArgs struct {
	tenant      string
	dropSchema  bool
	autoApprove bool
}

// ErrForgetNoTerminal: forget would have to ask, with nobody to ask.
var ErrForgetNoTerminal = errors.New("forget needs confirmation, but there is no terminal to ask on: pass --auto-approve once you have read what it does (rollout forget --tenant T without a terminal prints it)")

func newForgetCmd(a *app) *cobra.Command {
	var args forgetArgs
	cmd := &cobra.Command{
		Use:   "forget --tenant T [--drop-schema] [--auto-approve]",
		Short: "Stop tracking a governorate that no tenant file declares any more",
		Long: `forget removes rollout's records of a governorate the database holds and no file
declares (plan lists those under "Not in the files"): its tenant row, services, applied
files and soak times. Its schema and data stay unless --drop-schema, which also drops
the schema, its modules' own schemas and the tenant's roles (a role another database
still uses is kept). The audit trail keeps the governorate's history and records the
forget. It refuses a tenant that still has a file. It shows what it will do and asks
for "yes" on a terminal; without one it refuses unless --auto-approve.`,
		Example: `  rollout forget --tenant karak
  rollout forget --tenant karak --drop-schema --auto-approve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runForget(cmd.Context(), args) },
	}
	cmd.Flags().StringVar(&args.tenant, "tenant", "", "the governorate to forget (required)")
	cmd.Flags().BoolVar(&args.dropSchema, "drop-schema", false, "also drop its schema, data and roles")
	cmd.Flags().BoolVar(&args.autoApprove, "auto-approve", false, "do not ask for confirmation")
	_ = cmd.MarkFlagRequired("tenant")
	return cmd
}

func (a *app) runForget(ctx context.Context, args forgetArgs) error {
	proj, err := a.loadProjectWithout()
	if err != nil {
		return err
	}
	srv, err := a.openServers(ctx, a.planServers(proj))
	if err != nil {
		return err
	}
	defer srv.close()
	snaps, err := readSnapshots(ctx, srv)
	if err != nil {
		return err
	}
	var f *plan.Forget
	for _, name := range srv.names() {
		if ts := snaps[name].Tenants[args.tenant]; ts != nil {
			if f, err = plan.PlanForget(proj.Tenant(args.tenant) != nil, name, ts, snaps[name], args.dropSchema); err != nil {
				return err
			}
			break
		}
	}
	if f == nil {
		return fmt.Errorf("tenant %q: no server rollout talks to records it; rollout history shows what it knew", args.tenant)
	}
	where := a.describe([]string{f.Server}, srv, nil)
	out := views.ForgetJSON{Forget: f, Connections: where, KeptRoles: map[string]string{}}
	if err := a.showPlan(args.autoApprove, func(w io.Writer) error {
		return errors.Join(views.Servers(w, where), views.Forget(w, f))
	}); err != nil {
		return err
	}
	if !args.autoApprove {
		if err := a.ask("Forget this governorate?", "Forget", ErrForgetNoTerminal); err != nil {
			if a.settings.JSON() {
				return errors.Join(err, views.WriteJSON(a.io.out, out))
			}
			return err
		}
	}
	kept, err := apply.Forget(ctx, srv[f.Server], f, a.actor(), newRunID())
	if err != nil {
		return err
	}
	out.Done, out.KeptRoles = true, kept
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, out)
	}
	return views.Forgotten(a.io.out, f, kept)
}
