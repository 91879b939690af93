package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/views"
)

type applyArgs struct {
	planFile    string
	sel         selection
	autoApprove bool
	onError     string
	lockTimeout time.Duration
	// detailedExitCode: 0 done, 2 applied and more waits, 3 only waits.
	detailedExitCode bool
}

// ErrNoTerminal: apply would have to ask, and there is nobody to ask.
var ErrNoTerminal = errors.New("this needs confirmation, but there is no terminal to ask on: pass --auto-approve")

func newApplyCmd(a *app) *cobra.Command {
	var args applyArgs
	cmd := &cobra.Command{
		Use:   "apply [PLANFILE]",
		Short: "Provision schemas, run migrations and turn services on, wave by wave",
		Long: `apply shows the plan and, on a terminal, asks for "yes"; then it runs wave by wave:
the reference tenant first, each later wave only when every tenant before it succeeded
and passed its checks. Tenants of a wave run in parallel, up to --parallelism.
Without a terminal it refuses unless --auto-approve. With PLANFILE it applies that saved
plan exactly, and refuses if the database or the files moved since it was made.
With a rollout policy (a rollout block in the tenants folder) it moves every tenant as
far as the policy allows now and says who waits for what, until when: run it nightly.
Exit 1 if anything failed. --detailed-exitcode: 0 done, nothing waits; 2 changes
applied, more waits; 3 nothing could be applied now, more waits.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, pos []string) error {
			if len(pos) == 1 {
				args.planFile = pos[0]
			}
			if args.lockTimeout < 0 {
				return fmt.Errorf("--lock-timeout is %s; give how long to wait, or 0 to wait as long as it takes", args.lockTimeout)
			}
			if args.onError != "continue" && args.onError != "stop" {
				return fmt.Errorf("--on-error is %q; use continue or stop", args.onError)
			}
			if args.planFile != "" && (len(args.sel.only) > 0 || len(args.sel.exclude) > 0) {
				return errors.New("a saved plan already chose its tenants: drop --tenant and --exclude, or plan again")
			}
			return a.runApply(cmd.Context(), args)
		},
	}
	args.sel.flags(cmd)
	cmd.Flags().BoolVar(&args.autoApprove, "auto-approve", false, "do not ask for confirmation")
	cmd.Flags().BoolVarP(&a.verbose, "verbose", "v", false, "list every governorate in the summary, not only failures")
	cmd.Flags().StringVar(&args.onError, "on-error", "continue", "when a tenant fails: continue (its wave's others finish) or stop (start no more)")
	cmd.Flags().DurationVar(&args.lockTimeout, "lock-timeout", 0, "give up waiting for a tenant's lock after this long (0: wait)")
	cmd.Flags().BoolVar(&args.detailedExitCode, "detailed-exitcode", false, "exit 0: done, 2: changes applied and more waits, 3: nothing could be applied now, more waits; 1: error")
	cmd.Flags().Int("parallelism", 0, "tenants of a wave run at once (ROLLOUT_PARALLELISM)")
	cmd.Flags().String("lint", "warn", "lint findings in the files to run: warn, error (refuse) or off (ROLLOUT_LINT)")
	cmd.Flags().String("migration-lock-timeout", "5s", "lock_timeout of every migration file; a module's own wins (ROLLOUT_MIGRATION_LOCK_TIMEOUT)")
	cmd.Flags().Int("migration-lock-retries", 3, "tries again a transactional file that hit its lock_timeout (ROLLOUT_MIGRATION_LOCK_RETRIES)")
	return cmd
}

func (a *app) runApply(ctx context.Context, args applyArgs) error {
	pd, err := a.applyPlan(ctx, args)
	if err != nil {
		return err
	}
	defer pd.srv.close()
	// Each tenant is read again under its lock: the servers' snapshots
	// (every tenant's records) need not stay for the whole run.
	pd.snaps = nil
	p, proj, srv := pd.plan, pd.proj, pd.srv
	if args.planFile == "" && !args.autoApprove {
		a.markDirty(ctx, pd) // the plan a person says yes to shows what is dirty
	}
	if !a.settings.JSON() {
		if err := views.Servers(a.io.out, pd.servers); err != nil {
			return err
		}
	}
	if !p.HasChanges() && !p.Verifies() {
		if a.settings.JSON() {
			// The stream keeps its shape with nothing to do: header, summary.
			views.NewJSONProgress(a.io.out, pd.servers)
			err = views.ApplyResultJSON(a.io.out, withDown(apply.Result{RunID: newRunID()}, pd.down))
		} else {
			err = views.Plan(a.io.out, p)
		}
		if err := errors.Join(err, a.reportDown(pd.down)); err != nil || !args.detailedExitCode {
			return err
		}
		return planExit(p)
	}
	if args.planFile == "" && !a.settings.JSON() {
		if err := errors.Join(views.Plan(a.io.out, p), views.LintWarnings(a.io.out, pd.lint), views.PlanNotes(a.io.out, pd.notes)); err != nil {
			return err
		}
	}
	if err := a.lintGate(pd.lint); err != nil {
		return err
	}
	// Only checks to run (a later wave soaks on these tenants) is no change
	// to confirm.
	if args.planFile == "" && !args.autoApprove && p.HasChanges() {
		if a.settings.JSON() && a.hasTerminal() { // nobody says yes to a plan unseen
			if err := views.Plan(a.io.err, p); err != nil {
				return err
			}
		}
		err := a.confirm()
		if errors.Is(err, ErrNoTerminal) {
			return fmt.Errorf("%w, or apply a saved plan (rollout plan --out FILE, then rollout apply FILE)", err)
		}
		if err != nil {
			return err
		}
	}
	ex := &apply.Executor{Project: proj, Pools: srv, Parallelism: a.settings.Parallelism, StopOnError: args.onError == "stop",
		LockTimeout: args.lockTimeout, Locks: a.lockPolicy(), Actor: a.actor(), RunID: newRunID(), Logger: a.log, PostgresBin: a.settings.PostgresBin,
		Clock: a.clock}
	res, err := a.execute(ctx, ex, pd)
	if err != nil {
		return err
	}
	if res.Failed() {
		return ExitError{Code: 1}
	}
	if args.detailedExitCode {
		return applyExit(res)
	}
	return nil
}

// applyExit is apply's --detailed-exitcode: 0 done (nothing waits), 2
// changes applied and more waits, 3 nothing could be applied now and the
// rollout policy holds the rest back.
func applyExit(res apply.Result) error {
	switch {
	case len(res.Waiting) == 0 && len(res.Halted) == 0:
		return nil
	case res.Changed():
		return ExitError{Code: exitChanges}
	}
	return ExitError{Code: exitWaiting}
}

// withDown adds the tenants whose server could not be reached, as failed.
func withDown(res apply.Result, down map[string]error) apply.Result {
	for _, name := range slices.Sorted(maps.Keys(down)) {
		res.Tenants = append(res.Tenants, apply.TenantResult{Tenant: name, Outcome: "failed", Err: down[name]})
	}
	return res
}

// applyPlan computes the plan, or loads a saved one and proves it still
// holds: the same database state, and the same actions from the files.
func (a *app) applyPlan(ctx context.Context, args applyArgs) (*planned, error) {
	if args.planFile == "" {
		return a.computePlan(ctx, args.sel)
	}
	saved, err := plan.Load(args.planFile)
	if err != nil {
		return nil, err
	}
	sel := selection{allowUnproven: len(saved.Warnings) > 0}
	for _, t := range saved.AllTenants() {
		sel.only = append(sel.only, t.Name)
	}
	a.settings.ReferenceTenant = saved.Reference
	fresh, err := a.computePlan(ctx, sel)
	if err != nil {
		return nil, err
	}
	if err := plan.CheckSaved(saved, fresh.plan.Fingerprints, fresh.plan); err != nil {
		fresh.srv.close()
		return nil, err
	}
	return fresh, nil
}

// confirm asks for "yes" on a terminal and refuses without one.
func (a *app) confirm() error { return a.ask("Apply these changes?", "Apply", ErrNoTerminal) }

// showPlan prints what a command will do before it asks: on stdout as
// text, or, in --json mode where stdout holds only JSON, on stderr when a
// terminal will be asked (nobody says yes to a plan unseen).
func (a *app) showPlan(autoApprove bool, render func(io.Writer) error) error {
	switch {
	case !a.settings.JSON():
		return render(a.io.out)
	case !autoApprove && a.hasTerminal():
		return render(a.io.err)
	}
	return nil
}

// ask puts a yes/no question on the terminal, on stderr: stdout may be
// JSON. Without a terminal it returns noTerminal.
func (a *app) ask(question, what string, noTerminal error) error {
	f, ok := a.io.in.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return noTerminal
	}
	fmt.Fprintf(a.io.err, "%s Only 'yes' will be accepted: ", question)
	line, _ := bufio.NewReader(a.io.in).ReadString('\n')
	if strings.TrimSpace(line) != "yes" {
		fmt.Fprintf(a.io.err, "%s cancelled: nothing was changed.\n", what)
		return ExitError{Code: 1}
	}
	return nil
}

// execute runs the plan with the progress view that fits the output:
// JSON lines, bars on a terminal, or one plain line per event.
func (a *app) execute(ctx context.Context, ex *apply.Executor, pd *planned) (apply.Result, error) {
	var bars *views.Bars
	switch {
	case a.settings.JSON():
		ex.Observer = views.NewJSONProgress(a.io.out, pd.servers)
	case a.interactive() && a.columns() > 0: // a terminal that reports no width gets plain lines
		bars = views.NewBars(a.io.out, pd.plan)
		ex.Observer = bars
	default:
		ex.Observer = views.NewPlainProgress(a.io.out)
	}
	ex.Observer = logged(ex.Observer, a.log)
	res, err := ex.Apply(ctx, pd.plan)
	if bars != nil {
		bars.Wait()
	}
	if err != nil {
		return res, err
	}
	res = withDown(res, pd.down)
	if a.settings.JSON() {
		return res, views.ApplyResultJSON(a.io.out, res)
	}
	if err := views.ApplySummary(a.io.out, res, a.verbose); err != nil {
		return res, err
	}
	return res, views.Waiting(a.io.out, res)
}

// columns is the terminal's width, 0 when it does not say.
func (a *app) columns() int {
	f, ok := a.io.out.(*os.File)
	if !ok {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// loggedObserver passes events on and logs each at debug level: locks
// waited for, each file with its timing.
type loggedObserver struct {
	next apply.Observer
	log  *slog.Logger
}

func logged(next apply.Observer, log *slog.Logger) apply.Observer {
	if !log.Enabled(context.Background(), slog.LevelDebug) {
		return next
	}
	return loggedObserver{next, log}
}

func (o loggedObserver) Observe(e apply.Event) {
	o.log.Debug("event", "tenant", e.Tenant, "module", e.Module, "action", e.Action, "outcome", e.Outcome,
		"detail", e.Detail, "took", e.Took, "error", e.Error)
	if o.next != nil {
		o.next.Observe(e)
	}
}

// interactive: stdout is a terminal and this is not CI.
func (a *app) interactive() bool {
	f, ok := a.io.out.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("CI") != "true"
}

func newRunID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// lockPolicy is how long migration files wait for busy tables, and how
// often a file that gave up is tried again.
func (a *app) lockPolicy() migrator.LockPolicy {
	return migrator.LockPolicy{Timeout: a.settings.MigrationLockTimeout, Retries: a.settings.MigrationLockRetries}
}
