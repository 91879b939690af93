// Package pgtest gives tests a fresh, isolated PostgreSQL database.
//
// The server is ROLLOUT_TEST_DATABASE_URL when set; otherwise an embedded
// cluster that the test run starts itself under the system temp folder,
// shared by every test package of the run (the embedded server's lock file
// makes concurrent packages share one server). Each call creates a new
// database and drops it when the test ends. A package that uses it runs its
// tests through Main, so the last test process to finish stops the server.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/embeddedpg"
)

var (
	serverOnce sync.Once
	serverURL  string
	serverErr  error
)

// ServerDir is the embedded test cluster's folder.
func ServerDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("rollout-test-pg-%d", os.Getuid()))
}

func testServer() *embeddedpg.Server {
	return &embeddedpg.Server{Dir: ServerDir(), Fast: true}
}

// ServerURL returns an admin URL on the test server, starting it if needed.
func ServerURL(t testing.TB) string {
	t.Helper()
	serverOnce.Do(func() {
		if u := os.Getenv("ROLLOUT_TEST_DATABASE_URL"); u != "" {
			serverURL = u
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if serverErr = takeLease(ctx); serverErr != nil {
			return
		}
		info, err := testServer().Start(ctx)
		serverURL, serverErr = info.URL, err
	})
	if serverErr != nil {
		t.Fatalf("start the test PostgreSQL server: %v", serverErr)
	}
	return serverURL
}

// NewDatabase creates an empty database for this test and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := ServerURL(t)
	name := "t_" + randomHex(6)
	ctx := context.Background()
	exec(t, ctx, admin, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	t.Cleanup(func() {
		exec(t, context.Background(), admin, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		dropTenantRoles(admin, name)
	})
	return WithDatabase(t, admin, name)
}

// WithDatabase returns u with its database replaced by name.
func WithDatabase(t testing.TB, u, name string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatalf("parse test database URL: %v", err)
	}
	p.Path = "/" + name
	return p.String()
}

func exec(t testing.TB, ctx context.Context, u, sql string, args ...any) {
	t.Helper()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("connect to test database: %v", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// RandomName returns a short lowercase name unique to this run, for roles
// and prefixes that are global to a server.
func RandomName(prefix string) string { return prefix + randomHex(4) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// DropDatabase drops a database made by a test; errors are ignored, as at
// the end of a test nothing can be done about them.
func DropDatabase(adminURL, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return
	}
	defer c.Close(ctx)
	_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	dropTenantRoles(adminURL, name)
}

// DropRoles drops roles a test made (roles are global to the server and
// outlive its database), with what they own in the database of url.
func DropRoles(url string, names ...string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return
	}
	defer c.Close(ctx)
	for _, n := range names {
		id := pgx.Identifier{n}.Sanitize()
		// What it owns elsewhere (a test database) goes to the admin.
		_, _ = c.Exec(ctx, "REASSIGN OWNED BY "+id+" TO CURRENT_USER")
		_, _ = c.Exec(ctx, "DROP OWNED BY "+id)
		_, _ = c.Exec(ctx, "DROP ROLE IF EXISTS "+id)
	}
}

// dropTenantRoles drops the roles rollout created for a test's database
// (named after it, see plan.RolePrefix): roles are global to the server
// and would pile up run after run.
func dropTenantRoles(adminURL, database string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return
	}
	defer c.Close(ctx)
	rows, err := c.Query(ctx, `SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)
		AND shobj_description(oid, 'pg_authid') LIKE 'rollout:%'`, database+"_")
	if err != nil {
		return
	}
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, n := range names {
		_, _ = c.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{n}.Sanitize())
	}
}

// NewPool connects a pool to a fresh database for this test; both go when
// the test ends.
func NewPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), NewDatabase(t))
	if err != nil {
		t.Fatalf("connect to the test database: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}
