package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jo-water/rollout/internal/embeddedpg"
)

// env is one benchmark run: an embedded server and the built programs.
type env struct {
	root    string
	work    string
	server  *embeddedpg.Server
	admin   string // URL of the server's rollout database
	rollout string // built rollout binary
	migrate string // built golang-migrate CLI
	// profiles is where rollout's CPU profiles go ("": none).
	profiles string
}

func setup(ctx context.Context) (*env, error) {
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
		return nil, err
	}
	// The same server for every method; fsync off, so the comparison is
	// of the tools' own work rather than of the disk.
	e.server = &embeddedpg.Server{Dir: filepath.Join(work, "pg"), Fast: true}
	info, err := e.server.Start(ctx)
	if err != nil {
		return nil, err
	}
	e.admin = info.URL
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

func (e *env) close() {
	e.server.Stop(context.Background())
	os.RemoveAll(e.work)
}

// database creates a fresh database and returns its URL.
func (e *env) database(ctx context.Context, name string) (string, error) {
	c, err := pgx.Connect(ctx, e.admin)
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
	return strings.Replace(e.admin, "/rollout?", "/"+name+"?", 1), nil
}

var tenantLabel = regexp.MustCompile(`tenant "karak"`)

// project writes N governorates made from tenants/karak.hcl, plus the
// reference tenant, and links the real modules.
func (e *env) project(n int) (string, []string, error) {
	dir := filepath.Join(e.work, fmt.Sprintf("project-%d", n))
	tenants := filepath.Join(dir, "tenants")
	if err := os.MkdirAll(tenants, 0o755); err != nil {
		return "", nil, err
	}
	karak, err := os.ReadFile(filepath.Join(e.root, "tenants", "karak.hcl"))
	if err != nil {
		return "", nil, err
	}
	balqa, _ := os.ReadFile(filepath.Join(e.root, "tenants", "balqa.hcl"))
	os.WriteFile(filepath.Join(tenants, "balqa.hcl"), balqa, 0o644)
	names := []string{"balqa"}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("gov%04d", i)
		body := tenantLabel.ReplaceAll(karak, []byte(fmt.Sprintf("tenant %q", name)))
		if err := os.WriteFile(filepath.Join(tenants, name+".hcl"), body, 0o644); err != nil {
			return "", nil, err
		}
		names = append(names, name)
	}
	os.Symlink(filepath.Join(e.root, "modules"), filepath.Join(dir, "modules"))
	return dir, names, nil
}
