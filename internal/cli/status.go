package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/drift"
	"github.com/jo-water/rollout/internal/expected"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/status"
	"github.com/jo-water/rollout/internal/suggest"
	"github.com/jo-water/rollout/internal/views"
)

func newStatusCmd(a *app) *cobra.Command {
	var detailed, skipChecks, skipStructure bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show every governorate × service: version, on/off, last check, drift",
		Long: `status reads each database and shows, for every tenant and service, the version it
runs (and the version the files want), whether it is on, its last check, and whether it
is pending (apply would change it), dirty (a non-transactional migration failed part way)
or drifted (an applied file was edited, or a module's check fails now: a table dropped
by hand). Checks run read-only; --skip-checks leaves them out.
It then compares every managed tenant's live schema with what the files produce at its
recorded versions and lists each hand-made change: + added, - missing, ~ changed
(objects a tenant file declares with an extra block are allowed); --skip-structure
leaves that out. --detailed-exitcode exits 2 if any needs attention.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runStatus(cmd.Context(), detailed, skipChecks, skipStructure)
		},
	}
	cmd.Flags().BoolVar(&skipStructure, "skip-structure", false, "do not compare live schemas with their expected structure")
	cmd.Flags().BoolVar(&detailed, "detailed-exitcode", false, "exit 2 when anything is pending, dirty or drifted")
	cmd.Flags().BoolVar(&skipChecks, "skip-checks", false, "do not run the modules' checks")
	return cmd
}

func (a *app) runStatus(ctx context.Context, detailed, skipChecks, skipStructure bool) error {
	proj, srv, snaps, err := a.openState(ctx, false)
	if err != nil {
		return err
	}
	defer srv.close()
	rows := status.Compute(proj, snaps)
	a.inspect(ctx, proj, srv, snaps, rows, skipChecks)
	for server, tenants := range status.PendingTenants(rows) {
		failures, err := state.Failures(ctx, srv[server], tenants)
		if err != nil {
			return fmt.Errorf("server %q: %w", server, err)
		}
		status.SetFailures(rows, failures)
	}
	var structure []drift.Report
	if !skipStructure {
		structure = drift.Check(ctx, srv, expected.NewBuilder(proj), fleet(proj, snaps))
	}
	var waves []plan.WaveState
	if proj.Policy != nil {
		now, err := a.now()
		if err != nil {
			return err
		}
		waves = plan.WaveStates(proj, snaps, now)
		status.MarkWaits(rows, plan.Waits(proj, snaps, now))
	}
	where := a.describe(serverNames(proj), srv, nil)
	if a.settings.JSON() {
		err = views.WriteJSON(a.io.out, views.StatusJSON{FormatVersion: views.FormatVersion, Connections: where, Services: rows, Structure: structure, Waves: waves})
	} else if err = errors.Join(views.Servers(a.io.out, where), views.Status(a.io.out, rows)); err == nil {
		if err = views.Drift(a.io.out, structure); err == nil {
			err = views.Waves(a.io.out, waves)
		}
	}
	if err != nil {
		return err
	}
	for _, r := range rows {
		if detailed && r.Attention() {
			return ExitError{Code: 2}
		}
	}
	if detailed && drift.Any(structure) {
		return ExitError{Code: 2}
	}
	return nil
}

// inspect reads every applied tenant on its own session, a few at a time:
// its dirty flags and, unless skipChecks, its modules' checks. A tenant
// that cannot be read shows why in its rows' drift.
func (a *app) inspect(ctx context.Context, proj *config.Project, srv servers, snaps map[string]*state.Snapshot,
	rows []status.Row, skipChecks bool) {
	ex := apply.Executor{Project: proj, Pools: srv, RunID: newRunID(), Actor: a.actor()}
	sem := make(chan struct{}, max(1, a.settings.Parallelism))
	var wg sync.WaitGroup
	for _, g := range status.ByTenant(rows) {
		snap := snaps[g[0].Server]
		ts := snap.Tenants[g[0].Tenant]
		if ts == nil || !snap.Schemas[ts.Schema] {
			continue // never applied: nothing to read
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			err := ex.Inspect(ctx, g[0].Server, g[0].Tenant, ts.Schema, ts.OwnerRole, func(dirty map[string]int64, check apply.CheckFunc) {
				status.SetDirty(g, dirty)
				if !skipChecks {
					status.RunChecks(proj, g, func(_, _, _ string, m *config.Module, c *config.Check) error { return check(m, c) })
				}
			})
			if err != nil {
				for i := range g {
					g[i].Drift = append(g[i].Drift, "cannot read the tenant: "+err.Error())
				}
			}
		}()
	}
	wg.Wait()
}

func newHistoryCmd(a *app) *cobra.Command {
	var tenant string
	var limit int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show the audit trail: who changed what, when, with what outcome",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 1 {
				return fmt.Errorf("--limit is %d; give how many events to show, 1 or more", limit)
			}
			return a.runHistory(cmd.Context(), tenant, limit)
		},
	}
	cmd.Flags().StringVar(&tenant, "tenant", "", "only this tenant's events")
	cmd.Flags().IntVar(&limit, "limit", 50, "how many events, newest first")
	return cmd
}

// newestFirst merges each server's newest-first events into one list, and
// keeps the newest limit of them.
func newestFirst(perServer map[string][]state.LoggedEvent, limit int) []state.LoggedEvent {
	var all []state.LoggedEvent
	for _, evs := range perServer {
		all = append(all, evs...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].At.After(all[j].At) })
	return all[:min(len(all), limit)]
}

func (a *app) runHistory(ctx context.Context, tenant string, limit int) error {
	proj, srv, err := a.openProject(ctx, false)
	if err != nil {
		return err
	}
	defer srv.close()
	where := a.describe(serverNames(proj), srv, nil)
	perServer, failed := eachServer(srv.names(), func(name string) ([]state.LoggedEvent, error) {
		if ok, err := state.Exists(ctx, srv[name]); err != nil || !ok {
			return nil, err // a database that never saw rollout has no history
		}
		return state.Events(ctx, srv[name], tenant, limit)
	})
	if err := firstError(failed); err != nil {
		return err
	}
	all := newestFirst(perServer, limit)
	if err := unknownTenant(proj, tenant, len(all)); err != nil {
		return err
	}
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, views.NewHistoryJSON(where, all))
	}
	return errors.Join(views.Servers(a.io.out, where), views.History(a.io.out, all))
}

// unknownTenant: a --tenant that no file declares and that has no recorded
// event is a typo, not an empty answer.
func unknownTenant(proj *config.Project, tenant string, events int) error {
	if tenant == "" || events > 0 {
		return nil
	}
	names := make([]string, 0, len(proj.Tenants))
	for _, t := range proj.Tenants {
		if t.Name == tenant {
			return nil
		}
		names = append(names, t.Name)
	}
	return fmt.Errorf("%w %q: no file in the tenants folder declares it and the audit trail has no event for it%s",
		plan.ErrUnknownTenant, tenant, suggest.Hint(tenant, names))
}

// fleet lists every tenant the servers manage, at its recorded versions,
// with the extras its file allows.
func fleet(p *config.Project, snaps map[string]*state.Snapshot) []drift.Tenant {
	files := map[string]*config.Tenant{}
	for _, t := range p.Tenants {
		files[t.Name] = t
	}
	var out []drift.Tenant
	for server, snap := range snaps {
		for name, ts := range snap.Tenants {
			dt := drift.Tenant{Name: name, Schema: ts.Schema, Server: server, Owner: ts.OwnerRole, App: ts.AppRole, Versions: expected.Versions{}}
			for m, sv := range ts.Services {
				dt.Versions[m] = sv.Version
			}
			if f := files[name]; f != nil && f.Database == server {
				dt.Allowed = f.AllowsExtra
			}
			out = append(out, dt)
		}
	}
	return out
}

// structureWarnings are plan's warnings about hand-made structural
// changes in the selected tenants: plan does not change them, but whoever
// applies should know.
func (a *app) structureWarnings(ctx context.Context, pd *planned, args planArgs) []string {
	if args.skipStructure {
		return nil
	}
	var tenants []drift.Tenant
	opts := plan.Options{Only: args.sel.only, Exclude: args.sel.exclude}
	for _, t := range fleet(pd.proj, pd.snaps) {
		if _, ok := pd.srv[t.Server]; ok && opts.Selects(t.Name) {
			tenants = append(tenants, t)
		}
	}
	var out []string
	for _, r := range drift.Check(ctx, pd.srv, expected.NewBuilder(pd.proj), tenants) {
		switch {
		case r.Error != "":
			out = append(out, fmt.Sprintf("tenant %q: cannot compare its structure: %s", r.Tenant, r.Error))
		case len(r.Lines) > 0:
			lines := r.Lines
			if len(lines) > 5 {
				lines = append(lines[:5:5], fmt.Sprintf("and %d more", len(r.Lines)-5))
			}
			out = append(out, fmt.Sprintf("tenant %q has hand-made structural changes (rollout status lists them): %s", r.Tenant, strings.Join(lines, "; ")))
		}
	}
	return out
}
