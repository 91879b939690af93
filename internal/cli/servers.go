package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/user"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/apply"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/pooler"
	"github.com/jo-water/rollout/internal/redact"
	"github.com/jo-water/rollout/internal/settings"
	"github.com/jo-water/rollout/internal/state"
	"github.com/jo-water/rollout/internal/suggest"
	"github.com/jo-water/rollout/internal/views"
)

// servers are the open pools of one command, by server name.
type servers map[string]*pgxpool.Pool

func (s servers) close() {
	for _, p := range s {
		p.Close()
	}
}

// serverNames lists the servers the project's tenants live on.
func serverNames(p *config.Project) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range p.Tenants {
		if !seen[t.Database] {
			seen[t.Database] = true
			out = append(out, t.Database)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		out = []string{settings.DefaultServer}
	}
	return out
}

// openServers connects to every named server, concurrently; the default
// server with no URL is the embedded one, started if needed. It fails if
// any server fails; reachServers is the tolerant form.
func (a *app) openServers(ctx context.Context, names []string) (servers, error) {
	out, down := a.reachServers(ctx, names)
	for _, name := range names {
		if err := down[name]; err != nil {
			out.close()
			return nil, err
		}
	}
	return out, nil
}

// reachServers connects to the servers that answer and says why the others
// do not, so one server down fails only its own tenants.
func (a *app) reachServers(ctx context.Context, names []string) (servers, map[string]error) {
	pools, down := eachServer(names, func(name string) (*pgxpool.Pool, error) { return a.openServer(ctx, name) })
	return servers(pools), down
}

// eachServer runs fn for every server at once: servers are independent,
// and one slow or down server must not hold up the others. It returns what
// each gave, and why the ones that failed did.
func eachServer[T any](names []string, fn func(name string) (T, error)) (map[string]T, map[string]error) {
	out, failed := map[string]T{}, map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := fn(name)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed[name] = err
				return
			}
			out[name] = v
		}()
	}
	wg.Wait()
	return out, failed
}

// names lists the open servers.
func (s servers) names() []string { return slices.Sorted(maps.Keys(s)) }

// firstError names the first failed server, in name order.
func firstError(failed map[string]error) error {
	for _, name := range slices.Sorted(maps.Keys(failed)) {
		return fmt.Errorf("server %q: %w", name, failed[name])
	}
	return nil
}

func (a *app) openServer(ctx context.Context, name string) (*pgxpool.Pool, error) {
	u, known := a.settings.ServerURL(name)
	if !known {
		return nil, fmt.Errorf("server %q: no URL is configured; set ROLLOUT_DATABASES_%s_URL or add it under databases: in rollout.yaml",
			name, strings.ToUpper(name))
	}
	if u == "" && name != settings.DefaultServer {
		return nil, fmt.Errorf("server %q: its URL is empty; set ROLLOUT_DATABASES_%s_URL (is the CI secret set?) or its entry under databases: in rollout.yaml",
			name, strings.ToUpper(name))
	}
	if u == "" && !a.settings.EmbeddedAsked && settings.InCI() && !a.hasTerminal() {
		return nil, ErrEmbeddedInCI
	}
	if u == "" {
		info, err := a.embedded().Start(ctx)
		if err != nil {
			return nil, err
		}
		if !info.Reused {
			// Never silently: the user may have stopped it (rollout db stop).
			fmt.Fprintf(a.io.err, "Started the embedded PostgreSQL server (it was not running): %s port %d, data in %s; rollout db stop stops it.\n",
				"127.0.0.1", info.Port, info.Dir)
		}
		u = info.URL
	}
	return a.connect(ctx, name, u)
}

func (a *app) connect(ctx context.Context, name, u string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(u)
	if err != nil {
		return nil, fmt.Errorf("server %q: the URL does not parse (%s); check it", name, redact.Passwords(u))
	}
	// A tenant run holds a lock connection and a migration connection, and
	// records events on a third.
	cfg.MaxConns = int32(apply.ConnsPerTenant*a.settings.Parallelism + 1)
	cfg.ConnConfig.RuntimeParams["application_name"] = a.applicationName()
	// The admin session resolves names in PostgreSQL's own catalog only:
	// it never runs a function or reads a table a tenant could have
	// shadowed (rollout's SQL names its own objects in full).
	cfg.ConnConfig.RuntimeParams["search_path"] = "pg_catalog, pg_temp"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		return nil, fmt.Errorf("server %q (%s): cannot connect: %w", name, redact.Passwords(u), err)
	}
	if err := pooler.Check(ctx, pool); err != nil {
		pool.Close()
		if errors.Is(err, pooler.ErrSharedSessions) {
			return nil, fmt.Errorf("server %q (%s): %w: a pooler with pool_mode = transaction (or statement), such as PgBouncer's, gives each transaction whichever server session is free, and rollout holds each tenant's advisory lock and its migration settings on one session across transactions; connect rollout to PostgreSQL directly, or through a pool with pool_mode = session",
				name, redact.Passwords(u), err)
		}
		return nil, fmt.Errorf("server %q (%s): %w", name, redact.Passwords(u), err)
	}
	cc := pool.Config().ConnConfig
	a.log.Debug("connected", "server", name, "host", cc.Host, "port", cc.Port, "database", cc.Database, "user", cc.User,
		"max_conns", cfg.MaxConns)
	return pool, nil
}

// applicationName shows in pg_stat_activity, so a waiting apply can name
// who holds a tenant's lock.
func (a *app) applicationName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("rollout %s by %s on %s pid %d", Version, a.actor(), host, os.Getpid())
}

// actor is who the audit trail names: ROLLOUT_ACTOR (CI) or the OS user.
func (a *app) actor() string {
	if a.settings.Actor != "" {
		return a.settings.Actor
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}

// readSnapshots reads every server's state concurrently.
func readSnapshots(ctx context.Context, srv servers) (map[string]*state.Snapshot, error) {
	snaps, failed := eachServer(srv.names(), func(name string) (*state.Snapshot, error) { return state.Read(ctx, srv[name]) })
	return snaps, firstError(failed)
}

// openProject loads the files (secrets read only when asked: only what
// writes settings needs them) and connects to every server its tenants
// use. The caller closes the servers.
func (a *app) openProject(ctx context.Context, secrets bool) (*config.Project, servers, error) {
	load := a.loadProjectWithout
	if secrets {
		load = a.loadProject
	}
	proj, err := load()
	if err != nil {
		return nil, nil, err
	}
	srv, err := a.openServers(ctx, serverNames(proj))
	return proj, srv, err
}

// openState is openProject and every server's state, for the commands that
// read before they act. The caller closes the servers.
func (a *app) openState(ctx context.Context, secrets bool) (*config.Project, servers, map[string]*state.Snapshot, error) {
	proj, srv, err := a.openProject(ctx, secrets)
	if err != nil {
		return nil, nil, nil, err
	}
	snaps, err := readSnapshots(ctx, srv)
	if err != nil {
		srv.close()
		return nil, nil, nil, err
	}
	return proj, srv, snaps, nil
}

// checkUnusedServers: a configured server no tenant uses is most often a
// typo ("defualt") that leaves a tenant on another server. It is an error
// when the name is close to a server in use that has no URL of its own,
// and a loud warning otherwise (a server being prepared for new tenants).
func (a *app) checkUnusedServers(proj *config.Project) error {
	used := serverNames(proj)
	for _, name := range slices.Sorted(maps.Keys(a.settings.Databases)) {
		if slices.Contains(used, name) || a.settings.Databases[name] == "" {
			continue
		}
		if meant := suggest.Closest(name, used); meant != "" {
			if _, has := a.settings.Databases[meant]; !has {
				return fmt.Errorf("%w: server %q is configured but no tenant uses it, and server %q, which tenants use, has no URL: did you mean %q?",
					settings.ErrBadSetting, name, meant, meant)
			}
		}
		fmt.Fprintf(a.io.err, "WARNING: server %q is configured but no tenant uses it; place a tenant there with database = %q, or remove it from the settings.\n", name, name)
	}
	return nil
}

// describe says where each named server is, from its open pool or else
// from its URL; the password is never taken.
func (a *app) describe(names []string, srv servers, down map[string]error) []views.Server {
	var out []views.Server
	for _, name := range names {
		u, _ := a.settings.ServerURL(name)
		s := views.Server{Name: name, Embedded: u == ""}
		var cc *pgconn.Config
		if p := srv[name]; p != nil {
			cc = &p.Config().ConnConfig.Config
		} else if c, err := pgconn.ParseConfig(u); err == nil && u != "" {
			cc = c
		}
		if cc != nil {
			s.Host, s.Port, s.Database, s.User = cc.Host, cc.Port, cc.Database, cc.User
		}
		if err := down[name]; err != nil {
			s.Error = err.Error()
		}
		out = append(out, s)
	}
	return out
}
