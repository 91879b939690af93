package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/embeddedpg"
)

// env is one benchmark run: local embedded servers and the built programs.
type env struct {
	root    string
	work    string
	servers []*embeddedpg.Server
	admins  []string // URL of each server's rollout database
	rollout string   // built rollout binary
	migrate string   // built golang-migrate CLI
	// profiles is where rollout's CPU profiles go ("": none).
	profiles string
	// stats: server CPU per method and pg_stat_statements (server 0).
	stats, skipInspect bool
	// inspectSample: tenants the one-at-a-time inspection reads (0: all).
	inspectSample int
	// heaps is where rollout's heap profiles go ("": none).
	heaps string
	// shown is told a one-server row as soon as it is measured.
	shown func(row)
}

// setup builds the programs and starts n local servers. On failure it
// stops what it started.
func setup(ctx context.Context, n int) (*env, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "rollout-bench-")
	if err != nil {
		return nil, err
	}
	os.Chmod(work, 0o755)
	e := &env{root: root, work: work, rollout: filepath.Join(work, "rollout"), migrate: filepath.Join(work, "migrate")}
	if err := e.build(); err != nil {
		e.close()
		return nil, err
	}
	for i := range n {
		// fsync off, so the comparison is of the tools' own work rather
		// than of the disk; the same settings for every method.
		s := &embeddedpg.Server{Dir: filepath.Join(work, fmt.Sprintf("pg%d", i+1)), Fast: true}
		e.servers = append(e.servers, s)
		info, err := s.Start(ctx)
		if err != nil {
			e.close()
			return nil, fmt.Errorf("start server %d: %w", i+1, err)
		}
		e.admins = append(e.admins, info.URL)
	}
	return e, nil
}

func (e *env) build() error {
	for _, b := range [][]string{
		{"build", "-o", e.rollout, "./cmd/rollout"},
		{"build", "-tags", "pgx5", "-o", e.migrate, "github.com/golang-migrate/migrate/v4/cmd/migrate"},
	} {
		cmd := exec.Command("go", b...)
		cmd.Dir = e.root
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(b, " "), err, out)
		}
	}
	return nil
}

// close stops every server this run started, then removes its files.
func (e *env) close() error {
	var errs []error
	for _, s := range e.servers {
		if _, err := s.Stop(context.Background()); err != nil {
			errs = append(errs, err)
		}
	}
	os.RemoveAll(e.work)
	return errors.Join(errs...)
}

// database creates a fresh database on server i and returns its URL.
func (e *env) database(ctx context.Context, i int, name string) (string, error) {
	c, err := pgx.Connect(ctx, e.admins[i])
	if err != nil {
		return "", err
	}
	defer c.Close(ctx)
	id := pgx.Identifier{name}.Sanitize()
	if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+id+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := c.Exec(ctx, "CREATE DATABASE "+id); err != nil {
		return "", err
	}
	return strings.Replace(e.admins[i], "/rollout?", "/"+name+"?", 1), nil
}

// dropDatabase removes a database a round no longer needs, so the next
// round's servers are not slowed by the last one's catalogs.
func (e *env) dropDatabase(ctx context.Context, i int, name string) error {
	c, err := pgx.Connect(ctx, e.admins[i])
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return err
}

var tenantLabel = regexp.MustCompile(`tenant "karak" \{`)

// project writes N governorates made from tenants/karak.hcl, plus the
// reference tenant, and links the real modules. With servers > 1 the
// governorates are placed on them in turn (database = "s2"…); the
// reference tenant stays on the default server.
func (e *env) project(name string, n, servers int) (string, []string, error) {
	dir := filepath.Join(e.work, name)
	tenants := filepath.Join(dir, "tenants")
	if err := os.MkdirAll(tenants, 0o755); err != nil {
		return "", nil, err
	}
	karak, err := os.ReadFile(filepath.Join(e.root, "tenants", "karak.hcl"))
	if err != nil {
		return "", nil, err
	}
	balqa, err := os.ReadFile(filepath.Join(e.root, "tenants", "balqa.hcl"))
	if err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(filepath.Join(tenants, "balqa.hcl"), balqa, 0o644); err != nil {
		return "", nil, err
	}
	names := []string{"balqa"}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("gov%05d", i)
		label := fmt.Sprintf("tenant %q {", name)
		if s := i % servers; s != 0 {
			label += fmt.Sprintf("\n  database = \"s%d\"", s+1)
		}
		body := tenantLabel.ReplaceAll(karak, []byte(label))
		if err := os.WriteFile(filepath.Join(tenants, name+".hcl"), body, 0o644); err != nil {
			return "", nil, err
		}
		names = append(names, name)
	}
	if err := os.Symlink(filepath.Join(e.root, "modules"), filepath.Join(dir, "modules")); err != nil {
		return "", nil, err
	}
	return dir, names, nil
}
