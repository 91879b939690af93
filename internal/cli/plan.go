package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/lint"
	"github.com/jo-water/rollout/internal/move"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/views"
)

// selection is the --tenant / --exclude / --allow-unproven trio that plan
// and apply share.
type selection struct {
	only, exclude []string
	allowUnproven bool
}

func (s *selection) flags(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&s.only, "tenant", nil, "only this tenant (repeatable)")
	cmd.Flags().StringArrayVar(&s.exclude, "exclude", nil, "leave this tenant out (repeatable)")
	cmd.Flags().BoolVar(&s.allowUnproven, "allow-unproven", false, "allow versions the reference tenant does not run yet (says so loudly)")
}

type planArgs struct {
	sel              selection
	out              string
	detailedExitCode bool
	skipStructure    bool
}

func newPlanCmd(a *app) *cobra.Command {
	var args planArgs
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show what apply would change in each governorate, without changing anything",
		Long: `plan compares the files with each database and shows, first per server, every change
outside tenant schemas (control and extensions schemas, extensions, cluster-wide roles,
grants, schema public as isolate_public says), then per tenant and grouped by wave
(reference tenant first): the schema and roles to create, the migrations to run (each
file), services to turn on or off, settings that change (secrets as "(sensitive)") and
the checks to run. It only reads: a database that never saw rollout stays untouched.

--out FILE saves the plan, with no secret inside, for "rollout apply FILE".
It warns (on stderr) about hand-made structural changes in the tenants it plans, which
apply leaves alone; --skip-structure leaves that comparison out.
--detailed-exitcode: exit 0 with nothing to do, 2 with changes, 3 when nothing can move now
but the rollout policy holds versions back (soak, approval, halt), 1 on error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runPlan(cmd.Context(), args) },
	}
	args.sel.flags(cmd)
	cmd.Flags().StringVar(&args.out, "out", "", "save the plan to this file")
	cmd.Flags().BoolVar(&args.detailedExitCode, "detailed-exitcode", false, "exit 0: no changes, 2: changes, 3: only waits, 1: error")
	cmd.Flags().BoolVar(&args.skipStructure, "skip-structure", false, "do not warn about hand-made structural changes")
	cmd.Flags().String("lint", "warn", "lint findings in the files to run: warn, error (refuse) or off (ROLLOUT_LINT)")
	return cmd
}

func (a *app) runPlan(ctx context.Context, args planArgs) error {
	pd, err := a.computePlan(ctx, args.sel)
	if err != nil {
		return err
	}
	a.markDirty(ctx, pd)
	warnings := a.structureWarnings(ctx, pd, args)
	pd.srv.close()
	p := pd.plan
	if args.out != "" {
		if err := plan.Save(args.out, p); err != nil {
			return err
		}
	}
	if a.settings.JSON() {
		err = views.PlanAsJSON(a.io.out, p, pd.servers, pd.lint, pd.notes)
	} else {
		err = errors.Join(views.Servers(a.io.out, pd.servers), views.Plan(a.io.out, p))
		if err == nil {
			err = errors.Join(views.LintWarnings(a.io.out, pd.lint), views.PlanNotes(a.io.out, pd.notes))
		}
		if err == nil && args.out != "" {
			_, err = fmt.Fprintf(a.io.out, "Saved the plan to %s: apply exactly this with: rollout apply %s\n", args.out, args.out)
		}
	}
	if err != nil {
		return err
	}
	if err := a.reportDown(pd.down); err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(a.io.err, "Warning: "+w)
	}
	if err := a.lintGate(pd.lint); err != nil {
		return err
	}
	if args.detailedExitCode {
		return planExit(p)
	}
	return nil
}

// Exit codes of plan and apply --detailed-exitcode, besides 0 (nothing to
// do, nothing waits) and 1 (error).
const (
	exitChanges = 2 // plan: changes to apply now; apply: applied, more waits
	exitWaiting = 3 // nothing to apply now; the rollout policy holds the rest back
)

// planExit: 2 when apply would change something now, 3 when nothing can
// move now but the rollout policy holds versions back.
func planExit(p *plan.Plan) error {
	switch {
	case p.HasChanges():
		return ExitError{Code: exitChanges}
	case p.Waiting():
		return ExitError{Code: exitWaiting}
	}
	return nil
}

// loadProject loads the files with secrets read from the environment;
// config errors are printed as diagnostics and end the command.
func (a *app) loadProject() (*config.Project, error) { return a.loadFiles(config.OSEnv) }

// lintGate refuses under lint = error when the plan's files have findings.
func (a *app) lintGate(fs []lint.Finding) error {
	if a.settings.Lint == "error" && len(lint.Active(fs)) > 0 {
		return views.LintRefusal(fs)
	}
	return nil
}

// loadProjectWithout loads the files without reading env("…"): for
// commands that need no secrets.
func (a *app) loadProjectWithout() (*config.Project, error) { return a.loadFiles(nil) }

func (a *app) loadFiles(lookupEnv func(string) (string, bool)) (*config.Project, error) {
	p, diags := config.Load(a.configOptions(lookupEnv))
	if diags.HasErrors() {
		if err := views.Diagnostics(a.io.err, p.Files, diags); err != nil {
			return nil, err
		}
		return nil, ExitError{Code: 1}
	}
	return p, a.checkUnusedServers(p)
}

// planned is a plan with what it needs to be applied: the project, the
// open servers, and the tenants left out because their server is down.
type planned struct {
	snaps   map[string]*state.Snapshot
	plan    *plan.Plan
	servers []views.Server // where each server is, for the report
	proj    *config.Project
	srv     servers
	down    map[string]error // tenant → why its server cannot be reached
	lint    []lint.Finding   // of the files the plan runs
	notes   []lint.Note      // no-op statements of those files
}

// computePlan loads the files, connects and plans. Tenants whose server is
// down are left out and listed in down; the caller closes the servers.
func (a *app) computePlan(ctx context.Context, sel selection) (*planned, error) {
	proj, err := a.loadProject()
	if err != nil {
		return nil, err
	}
	now, err := a.now()
	if err != nil {
		return nil, err
	}
	// Every configured server is read, not only those the files name: a
	// tenant whose file names another server is found where it lives.
	srv, serverErrs := a.reachServers(ctx, a.planServers(proj))
	if len(srv) == 0 {
		return nil, errors.Join(slices.Collect(maps.Values(serverErrs))...)
	}
	opts := plan.Options{Reference: a.settings.ReferenceTenant, Only: sel.only, Exclude: sel.exclude,
		AllowUnproven: sel.allowUnproven, Now: now, IsolatePublic: a.isolation(srv)}
	down := map[string]error{}
	for _, t := range proj.Tenants {
		if err := serverErrs[t.Database]; err != nil && opts.Selects(t.Name) {
			down[t.Name] = err
		}
	}
	for name := range down {
		opts.Exclude = append(opts.Exclude, name)
	}
	snaps, err := readSnapshots(ctx, srv)
	if err != nil {
		srv.close()
		return nil, err
	}
	p, err := plan.Compute(proj, snaps, opts)
	if err == nil {
		err = measureMoves(ctx, srv, p)
	}
	if err != nil {
		srv.close()
		return nil, err
	}
	pd := &planned{plan: p, proj: proj, srv: srv, down: down, snaps: snaps, servers: a.describe(serverNames(proj), srv, serverErrs)}
	if a.settings.Lint != "off" {
		pd.lint = lint.Check(proj, lint.FromPlan(p), a.settings.MigrationLockTimeout)
	}
	pd.notes = lint.Notes(proj, lint.FromPlan(p))
	return pd, nil
}

// markDirty marks the planned services whose version table is dirty, so
// that plan says what apply and status say: dirty, and how to repair it.
func (a *app) markDirty(ctx context.Context, pd *planned) {
	ex := &apply.Executor{Project: pd.proj, Pools: pd.srv, RunID: newRunID(), Actor: a.actor(), Logger: a.log}
	ex.MarkDirty(ctx, pd.plan, a.settings.Parallelism)
	a.markFailures(ctx, pd)
}

// markFailures marks the planned upgrades whose last try failed, so that
// plan says what apply's summary and status say: a failed upgrade, at the
// old version. One query per server, for the tenants with files to run.
func (a *app) markFailures(ctx context.Context, pd *planned) {
	byServer := map[string][]*plan.Tenant{}
	for _, t := range pd.plan.AllTenants() {
		if !t.Create && slices.ContainsFunc(t.Services, func(s plan.Service) bool { return len(s.Migrations) > 0 }) {
			byServer[t.Database] = append(byServer[t.Database], t)
		}
	}
	for server, tenants := range byServer {
		names := make([]string, len(tenants))
		for i, t := range tenants {
			names[i] = t.Name
		}
		failures, err := state.Failures(ctx, pd.srv[server], names)
		if err != nil {
			a.log.Warn("could not read failed upgrades", "server", server, "err", err)
			continue
		}
		for _, t := range tenants {
			for i := range t.Services {
				s := &t.Services[i]
				if f := failures[t.Name][s.Module]; f != nil && f.To > s.FromVersion && f.To <= s.ToVersion {
					s.LastFailure = f
				}
			}
		}
	}
}

// planServers are the servers the files name and every configured one.
func (a *app) planServers(p *config.Project) []string {
	names := serverNames(p)
	for _, n := range slices.Sorted(maps.Keys(a.settings.Databases)) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// measureMoves counts the tables and rows each moving tenant carries.
func measureMoves(ctx context.Context, srv servers, p *plan.Plan) error {
	for _, t := range p.AllTenants() {
		if t.Move == nil || t.Move.Step != plan.MoveCopy {
			continue
		}
		n, rows, err := move.Measure(ctx, srv[t.Move.From], t.Schema)
		if err != nil {
			return fmt.Errorf("server %q: measure tenant %q: %w", t.Move.From, t.Name, err)
		}
		t.Move.Tables, t.Move.Rows = n, rows
	}
	return nil
}

// reportDown prints the tenants that could not be planned.
func (a *app) reportDown(down map[string]error) error {
	if len(down) == 0 {
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(down)) {
		fmt.Fprintf(a.io.err, "Error: tenant %q not planned: %v\n", name, down[name])
	}
	return ExitError{Code: 1}
}

// isolation is each open server's isolate_public setting.
func (a *app) isolation(srv servers) map[string]string {
	out := map[string]string{}
	for _, name := range srv.names() {
		out[name] = a.settings.Isolation(name)
	}
	return out
}
