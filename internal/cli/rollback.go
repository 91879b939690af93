package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/views"

	"github.com/jo-water/rollout/internal/apply"
)

type operationArgs struct {
	tenant, service string
	to              uint
	version         uint
}

func (args *operationArgs) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&args.tenant, "tenant", "", "the tenant (required)")
	cmd.Flags().StringVar(&args.service, "service", "", "the service, a module name (required)")
	_ = cmd.MarkFlagRequired("tenant")
	_ = cmd.MarkFlagRequired("service")
}

func newRollbackCmd(a *app) *cobra.Command {
	var args operationArgs
	cmd := &cobra.Command{
		Use:   "rollback --tenant T --service S --to V",
		Short: "Run a service's down migrations in one tenant, recorded like any change",
		Long: `rollback runs the service's down migrations in one tenant down to version V (0: none),
under the tenant's lock, each file in its own transaction, recorded in the audit trail.
If V is below the version the tenant's file asks for, the service is turned off first;
the next plan then wants to move it back up and turn it on. Going to 0 is refused while
another enabled service of the tenant requires this one.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runRollback(cmd.Context(), args) },
	}
	args.flags(cmd)
	cmd.Flags().UintVar(&args.to, "to", 0, "the version to go down to (required)")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

func (a *app) operation(ctx context.Context, args operationArgs) (*apply.Operation, servers, error) {
	proj, srv, err := a.openProject(ctx)
	if err != nil {
		return nil, nil, err
	}
	if proj.Modules[args.service] == nil {
		srv.close()
		return nil, nil, fmt.Errorf("unknown service %q: there is no modules/%s", args.service, args.service)
	}
	op := &apply.Operation{Tenant: args.tenant, Module: args.service, Executor: apply.Executor{Project: proj, Pools: srv,
		Actor: a.actor(), RunID: newRunID(), Logger: a.log, Locks: a.lockPolicy()}}
	return op, srv, nil
}

func (a *app) runRollback(ctx context.Context, args operationArgs) error {
	op, srv, err := a.operation(ctx, args)
	if err != nil {
		return err
	}
	defer srv.close()
	res, err := op.Rollback(ctx, args.to)
	if err != nil {
		return err
	}
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, map[string]any{"format_version": "1", "tenant": args.tenant, "service": args.service,
			"from_version": res.From, "to_version": res.To, "turned_off": res.TurnedOff})
	}
	fmt.Fprintf(a.io.out, "Rolled %s of %s back from version %d to %d.\n", args.service, args.tenant, res.From, res.To)
	if res.TurnedOff {
		fmt.Fprintf(a.io.out, "The service is off. Its file asks for version %d: the next apply moves it back up and turns it on.\n", res.WantedByFs)
	}
	return nil
}

func newRepairCmd(a *app) *cobra.Command {
	var args operationArgs
	cmd := &cobra.Command{
		Use:   "repair --tenant T --service S [--version V]",
		Short: "Clear a dirty service after checking its schema by hand, or record a clean one's control rows again from its version table",
		Long: `A migration that runs outside a transaction (CREATE INDEX CONCURRENTLY…) can stop part
way and leave its service dirty; apply then refuses to touch it. Check the tenant's
schema by hand and undo what the failed file did, then run repair: it marks the
service clean at the version the control schema records (or --version V if you
completed the file by hand instead), and records the repair in the audit trail.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runRepair(cmd, args) },
	}
	args.flags(cmd)
	cmd.Flags().UintVar(&args.version, "version", 0, "the version the schema is really at (default: the recorded one)")
	return cmd
}

func (a *app) runRepair(cmd *cobra.Command, args operationArgs) error {
	op, srv, err := a.operation(cmd.Context(), args)
	if err != nil {
		return err
	}
	defer srv.close()
	var v *uint
	if cmd.Flags().Changed("version") {
		v = &args.version
	}
	dirty, now, err := op.Repair(cmd.Context(), v)
	var resynced apply.ErrResynced
	if errors.As(err, &resynced) {
		fmt.Fprintf(a.io.out, "Recorded %s of %s at version %d, as its own version table says: the control rows disagreed and now match (no file ran).\n",
			resynced.Module, resynced.Tenant, resynced.Version)
		return nil
	}
	if errors.Is(err, apply.ErrNotDirty) {
		fmt.Fprintln(a.io.out, err)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.io.out, "Repaired %s of %s: it was dirty at version %d and is now cleanly at %d.\n", args.service, args.tenant, dirty, now)
	return nil
}
