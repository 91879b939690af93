package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/views"
)

type operationArgs struct {
	tenant, service string
	to              uint
	version         uint
	autoApprove     bool
	cascade         bool
}

func (args *operationArgs) flags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&args.tenant, "tenant", "", "the tenant (required)")
	cmd.Flags().StringVar(&args.service, "service", "", "the service, a module name (required)")
	cmd.Flags().BoolVar(&args.autoApprove, "auto-approve", false, "do not ask for confirmation")
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
It first shows the down files it will run and, like apply, asks for "yes" on a terminal
(without one it refuses unless --auto-approve).
If V is below the version the tenant's file asks for, the service is turned off first;
the next plan then wants to move it back up and turn it on. Turning it off is refused
while another enabled service of the tenant requires this one, unless --cascade turns
those off too.`,
		Example: `  rollout rollback --tenant karak --service complaints --to 1
  rollout rollback --tenant karak --service complaints --to 0 --cascade --auto-approve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runRollback(cmd.Context(), args) },
	}
	args.flags(cmd)
	cmd.Flags().UintVar(&args.to, "to", 0, "the version to go down to (required)")
	cmd.Flags().BoolVar(&args.cascade, "cascade", false, "also turn off the tenant's services that require this one")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}

// operation loads the project, connects, and names the tenant's server.
func (a *app) operation(ctx context.Context, args operationArgs) (*apply.Operation, servers, []views.Server, error) {
	proj, srv, err := a.openProject(ctx, false)
	if err != nil {
		return nil, nil, nil, err
	}
	if proj.Modules[args.service] == nil {
		srv.close()
		return nil, nil, nil, fmt.Errorf("unknown service %q: there is no modules/%s", args.service, args.service)
	}
	op := &apply.Operation{Tenant: args.tenant, Module: args.service, Executor: apply.Executor{Project: proj, Pools: srv,
		Actor: a.actor(), RunID: newRunID(), Logger: a.log, Locks: a.lockPolicy()}}
	where := a.describe(serverNames(proj), srv, nil)
	if !a.settings.JSON() {
		if err := views.Servers(a.io.out, where); err != nil {
			srv.close()
			return nil, nil, nil, err
		}
	}
	return op, srv, where, nil
}

// approve shows what an operation will do (on stdout in text, on stderr
// under --json) and asks for "yes" unless --auto-approve.
func (a *app) approve(autoApprove bool, what string, show func(io.Writer)) error {
	w := a.io.out
	if a.settings.JSON() {
		w = a.io.err
	}
	show(w)
	if autoApprove {
		return nil
	}
	return a.ask(what+"?", what, ErrNoTerminal)
}

func (a *app) runRollback(ctx context.Context, args operationArgs) error {
	op, srv, where, err := a.operation(ctx, args)
	if err != nil {
		return err
	}
	defer srv.close()
	res, err := op.Rollback(ctx, args.to, apply.RollbackOptions{Cascade: args.cascade, Approve: func(pv apply.RollbackResult) error {
		return a.approve(args.autoApprove, "Roll back", func(w io.Writer) { showRollback(w, args, pv) })
	}})
	if err != nil {
		return err
	}
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, views.RollbackJSON{FormatVersion: views.FormatVersion, Connections: where, Tenant: args.tenant,
			Service: args.service, FromVersion: res.From, ToVersion: res.To, TurnedOff: res.TurnedOff, AlsoTurnedOff: nonNil(res.Dependents),
			Files: nonNil(res.DownFiles)})
	}
	fmt.Fprintf(a.io.out, "Rolled %s of %s back from version %d to %d.\n", args.service, args.tenant, res.From, res.To)
	if res.TurnedOff {
		fmt.Fprintf(a.io.out, "The service is off. Its file asks for version %d: the next apply moves it back up and turns it on.\n", res.WantedByFs)
	}
	return nil
}

func showRollback(w io.Writer, args operationArgs, pv apply.RollbackResult) {
	fmt.Fprintf(w, "Rollback of %s in %s: version %d → %d\n", args.service, args.tenant, pv.From, pv.To)
	if pv.TurnedOff {
		fmt.Fprintf(w, "  turn %s off (its file asks for version %d)\n", args.service, pv.WantedByFs)
	}
	if len(pv.Dependents) > 0 {
		fmt.Fprintf(w, "  also turn off, as they require it: %s\n", strings.Join(pv.Dependents, ", "))
	}
	for _, f := range pv.DownFiles {
		fmt.Fprintf(w, "  run %s (destructive: drops what the up file made)\n", filepath.Base(f))
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
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
completed the file by hand instead), and records the repair in the audit trail.
Like apply, it shows what it will mark and asks for "yes" on a terminal (without one
it refuses unless --auto-approve).`,
		Example: `  rollout repair --tenant karak --service complaints
  rollout repair --tenant karak --service complaints --version 3 --auto-approve`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runRepair(cmd, args) },
	}
	args.flags(cmd)
	cmd.Flags().UintVar(&args.version, "version", 0, "the version the schema is really at (default: the recorded one)")
	return cmd
}

func (a *app) runRepair(cmd *cobra.Command, args operationArgs) error {
	op, srv, where, err := a.operation(cmd.Context(), args)
	if err != nil {
		return err
	}
	defer srv.close()
	var v *uint
	if cmd.Flags().Changed("version") {
		v = &args.version
	}
	dirty, now, err := op.Repair(cmd.Context(), v, func(dirtyAt, to uint) error {
		return a.approve(args.autoApprove, "Repair", func(w io.Writer) {
			fmt.Fprintf(w, "Repair of %s in %s: dirty at version %d; mark it clean at version %d (runs no migration)\n",
				args.service, args.tenant, dirtyAt, to)
		})
	})
	var resynced apply.ErrResynced
	if errors.As(err, &resynced) {
		if a.settings.JSON() {
			return views.WriteJSON(a.io.out, views.RepairJSON{FormatVersion: views.FormatVersion, Connections: where, Tenant: args.tenant,
				Service: args.service, Repaired: true, DirtyVersion: dirty, Version: now})
		}
		fmt.Fprintf(a.io.out, "Recorded %s of %s at version %d, as its own version table says: the control rows disagreed and now match (no file ran).\n",
			resynced.Module, resynced.Tenant, resynced.Version)
		return nil
	}
	repaired := err == nil
	if errors.Is(err, apply.ErrNotDirty) {
		err = nil
	}
	if err != nil {
		return err
	}
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, views.RepairJSON{FormatVersion: views.FormatVersion, Connections: where, Tenant: args.tenant,
			Service: args.service, Repaired: repaired, DirtyVersion: dirty, Version: now})
	}
	if !repaired {
		fmt.Fprintf(a.io.out, "Nothing to repair: %s of %s is cleanly at version %d.\n", args.service, args.tenant, now)
		return nil
	}
	fmt.Fprintf(a.io.out, "Repaired %s of %s: it was dirty at version %d and is now cleanly at %d.\n", args.service, args.tenant, dirty, now)
	return nil
}
