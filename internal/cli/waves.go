package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/views"
)

type waveArgs struct {
	wave int
}

func newApproveCmd(a *app) *cobra.Command {
	var args waveArgs
	cmd := &cobra.Command{
		Use:   "approve --wave N",
		Short: "Let a wave whose policy says approval = true take the versions it waits for",
		Long: `approve records, on every server of the wave, that wave N may take the versions its
tenants wait for now (per module, the highest their files ask for), with who approved
(ROLLOUT_ACTOR, else the OS user) in the audit trail. The next apply moves the wave once
its soak, if any, is over too. A later version needs a new approval.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runApprove(cmd.Context(), args) },
	}
	waveFlag(cmd, &args)
	return cmd
}

func newResumeCmd(a *app) *cobra.Command {
	var args waveArgs
	cmd := &cobra.Command{
		Use:   "resume --wave N",
		Short: "Lift the halt of a wave that reached its failure limit",
		Long: `resume lifts the halt of wave N on every server of the wave, recorded with who resumed
it (ROLLOUT_ACTOR, else the OS user). A halted wave stays halted across runs until
resumed, or until the tenants that failed succeed on a later apply.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runResume(cmd.Context(), args) },
	}
	waveFlag(cmd, &args)
	return cmd
}

func waveFlag(cmd *cobra.Command, args *waveArgs) {
	cmd.Flags().IntVar(&args.wave, "wave", -1, "the wave number, as in the tenant files")
	_ = cmd.MarkFlagRequired("wave")
}

func (a *app) runApprove(ctx context.Context, args waveArgs) error {
	pd, err := a.computePlan(ctx, selection{})
	if err != nil {
		return err
	}
	defer pd.srv.close()
	d, err := apply.Approve(ctx, pd.proj, pd.srv, pd.plan, args.wave, a.actor(), newRunID(), a.clock())
	if err != nil {
		return err
	}
	return a.reportDecision(pd.servers, d)
}

func (a *app) runResume(ctx context.Context, args waveArgs) error {
	proj, srv, err := a.openProject(ctx, false) // resume writes no setting
	if err != nil {
		return err
	}
	defer srv.close()
	now, err := a.now()
	if err != nil {
		return err
	}
	d, err := apply.Resume(ctx, proj, srv, args.wave, a.actor(), newRunID(), now)
	if err != nil {
		return err
	}
	return a.reportDecision(a.describe(serverNames(proj), srv, nil), d)
}

func (a *app) reportDecision(where []views.Server, d apply.Decision) error {
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, views.DecisionJSON{FormatVersion: views.FormatVersion, Connections: where, Decision: d})
	}
	if err := views.Servers(a.io.out, where); err != nil {
		return err
	}
	_, err := fmt.Fprintln(a.io.out, views.DecisionLine(d))
	return err
}
