package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/drift"
	"github.com/jo-water/rollout/internal/expected"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/views"
)

type diffArgs struct {
	from, to string
	detailed bool
}

func newDiffCmd(a *app) *cobra.Command {
	var args diffArgs
	cmd := &cobra.Command{
		Use:   "diff TENANT1 TENANT2",
		Short: "Compare the live structure of two governorates' schemas",
		Long: `diff reads both tenants' schemas from the catalog (tables, columns, constraints,
indexes, sequences, views, functions, triggers, types, policies, owners and grants) and
lists what the second has that the first lacks (+), what it lacks (-) and what differs
(~). Schema names and each tenant's own owner and application roles are abstracted, so
two tenants built from the same files compare equal. It only reads.
--detailed-exitcode exits 2 when they differ.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, pos []string) error {
			args.from, args.to = pos[0], pos[1]
			return a.runDiff(cmd.Context(), args)
		},
	}
	cmd.Flags().BoolVar(&args.detailed, "detailed-exitcode", false, "exit 2 when the two differ")
	return cmd
}

func (a *app) runDiff(ctx context.Context, args diffArgs) error {
	proj, err := a.loadProject()
	if err != nil {
		return err
	}
	from, to := proj.Tenant(args.from), proj.Tenant(args.to)
	for i, t := range []*config.Tenant{from, to} {
		if t == nil {
			return fmt.Errorf("tenant %q: no file in the tenants folder declares it", []string{args.from, args.to}[i])
		}
	}
	srv, err := a.openServers(ctx, uniq(from.Database, to.Database))
	if err != nil {
		return err
	}
	defer srv.close()
	dfrom, err := recordedTenant(ctx, srv, from)
	if err != nil {
		return err
	}
	dto, err := recordedTenant(ctx, srv, to)
	if err != nil {
		return err
	}
	changes, err := drift.Compare(ctx, srv, expected.NewBuilder(proj), dfrom, dto)
	if err != nil {
		return err
	}
	d := views.NewDiffJSON(from.Name, to.Name, to.Schema, changes)
	d.Connections = a.describe(srv.names(), srv, nil)
	if a.settings.JSON() {
		err = views.WriteJSON(a.io.out, d)
	} else {
		err = views.StructureDiff(a.io.out, d)
	}
	if err == nil && args.detailed && !d.Same {
		return ExitError{Code: 2}
	}
	return err
}

func uniq(names ...string) []string {
	var out []string
	for _, n := range names {
		if len(out) == 0 || out[len(out)-1] != n {
			out = append(out, n)
		}
	}
	return out
}

// recordedTenant is a tenant of the files as drift inspects it, with the
// roles rollout recorded for it.
func recordedTenant(ctx context.Context, srv servers, t *config.Tenant) (drift.Tenant, error) {
	d := drift.Tenant{Name: t.Name, Schema: t.Schema, Server: t.Database}
	snap, err := state.ReadTenant(ctx, srv[t.Database], t.Name, t.Schema)
	if err != nil {
		return d, fmt.Errorf("server %q: %w", t.Database, err)
	}
	if ts := snap.Tenants[t.Name]; ts != nil {
		d.Owner, d.App = ts.OwnerRole, ts.AppRole
	}
	return d, nil
}
