package cli

import (
	"context"
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/adopt"
	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/expected"
	"github.com/jo-water/rollout/internal/views"
)

// ErrNoTerminalAdopt: adopt would have to ask, and there is nobody to ask.
var ErrNoTerminalAdopt = errors.New("adopt needs confirmation, but there is no terminal to ask on: pass --auto-approve")

type adoptArgs struct {
	opts        adopt.Options
	autoApprove bool
}

func newAdoptCmd(a *app) *cobra.Command {
	var args adoptArgs
	cmd := &cobra.Command{
		Use:   "adopt (--tenant T... | --all) [--service S --version V] [--accept DIFF]...",
		Short: "Take existing tenant schemas under management without running any migration",
		Long: `adopt takes schemas that already run the services (built by hand or by golang-migrate)
under management. For each service it settles the version: --version (with --service),
else golang-migrate's version table in the schema (schema_migrations_<module>, or
schema_migrations when the tenant runs that one service), else the version whose files
produce the live structure. It compares the live structure with what the files produce
at those versions (owners and grants aside: adopt sets them). When they are equal it
records the tenant at those versions (roles, ownership and grants, golang-migrate's
version marks, the control schema, tenant_services, an "adopt" event) without running
any file, then runs the modules' checks. When they differ it prints the differences and
refuses that tenant, unless each difference is accepted with --accept "LINE" (as printed).
It shows the plan and asks for "yes" on a terminal; without one it refuses unless
--auto-approve. Exit 1 if any tenant is refused or fails.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			args.opts.VersionGiven = cmd.Flags().Changed("version")
			if args.opts.Service != "" && !args.opts.VersionGiven {
				return errors.New("--service names the service whose --version you give: add --version V")
			}
			return a.runAdopt(cmd.Context(), args)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&args.opts.Tenants, "tenant", nil, "adopt this tenant (repeatable)")
	f.BoolVar(&args.opts.All, "all", false, "adopt every tenant of the files whose schema exists and that rollout does not manage yet")
	f.StringVar(&args.opts.Service, "service", "", "the service --version is for")
	f.UintVar(&args.opts.Version, "version", 0, "the version the schema is at (default: from golang-migrate's table, else from the structure)")
	f.StringArrayVar(&args.opts.Accept, "accept", nil, "accept this difference, as printed (repeatable)")
	f.BoolVar(&args.autoApprove, "auto-approve", false, "do not ask for confirmation")
	return cmd
}

func (a *app) runAdopt(ctx context.Context, args adoptArgs) error {
	proj, srv, snaps, err := a.openState(ctx, true)
	if err != nil {
		return err
	}
	defer srv.close()
	p, err := adopt.Compute(ctx, adopt.Input{Project: proj, Pools: srv, Snaps: snaps, Builder: expected.NewBuilder(proj),
		IsolatePublic: a.isolation(srv)}, args.opts)
	if err != nil {
		return err
	}
	where := a.describe(srv.names(), srv, nil)
	if err := a.showPlan(args.autoApprove, func(w io.Writer) error {
		return errors.Join(views.Servers(w, where), views.AdoptPlan(w, p))
	}); err != nil {
		return err
	}
	var results []apply.TenantResult
	if len(p.Adoptable()) > 0 {
		if !args.autoApprove {
			if err := a.ask("Adopt these governorates?", "Adopt", ErrNoTerminalAdopt); err != nil {
				return err
			}
		}
		ex := &apply.Executor{Project: proj, Pools: srv, Actor: a.actor(), RunID: newRunID(), Logger: a.log}
		if results, err = ex.Adopt(ctx, p); err != nil {
			return err
		}
	}
	if a.settings.JSON() {
		err = views.WriteJSON(a.io.out, views.NewAdoptJSON(where, p, results))
	} else {
		err = views.AdoptResults(a.io.out, results)
	}
	if err != nil {
		return err
	}
	if p.Refused() || (apply.Result{Tenants: results}).Failed() {
		return ExitError{Code: 1}
	}
	return nil
}
