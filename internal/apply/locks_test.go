package apply

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// lockProject is one module, "readings", run by t_ref (wave 1), t_two and
// t_three (wave 2); versions is how many of its files exist: the second
// adds a column, which needs the table's ACCESS EXCLUSIVE lock.
func lockProject(t *testing.T, dir string, versions int) *config.Project {
	t.Helper()
	files := map[string]string{
		"modules/readings/module.hcl":                          "module \"readings\" {\n  title_ar = \"ق\"\n  title_en = \"Readings\"\n}\n",
		"modules/readings/migrations/000001_readings.up.sql":   "CREATE TABLE readings (id int PRIMARY KEY, reading int);\n",
		"modules/readings/migrations/000001_readings.down.sql": "DROP TABLE readings;\n",
	}
	if versions > 1 {
		files["modules/readings/migrations/000002_note.up.sql"] = "ALTER TABLE readings ADD COLUMN note text;\n"
		files["modules/readings/migrations/000002_note.down.sql"] = "ALTER TABLE readings DROP COLUMN note;\n"
	}
	for i, name := range []string{"t_ref", "t_two", "t_three"} {
		files["tenants/"+name+".hcl"] = fmt.Sprintf("tenant %q {\n  name_ar = \"م\"\n  name_en = %q\n  wave = %d\n  service \"readings\" {}\n}\n",
			name, name, min(i+1, 2))
	}
	for path, body := range files {
		full := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, diags := config.Load(config.Options{TenantsDir: filepath.Join(dir, "tenants"), ModulesDir: filepath.Join(dir, "modules"), ReferenceTenant: "t_ref"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return p
}

// applyWith plans the project against the database and applies it with a
// lock policy and an observer (zero and nil: the defaults).
func applyWith(t *testing.T, p *config.Project, pool *pgxpool.Pool, locks migrator.LockPolicy, obs Observer) Result {
	t.Helper()
	ctx := context.Background()
	snap, err := state.Read(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := plan.Compute(p, map[string]*state.Snapshot{"default": snap}, plan.Options{Reference: "t_ref", Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	ex := &Executor{Project: p, Pools: map[string]*pgxpool.Pool{"default": pool}, Parallelism: 4, Actor: "test",
		RunID: t.Name(), Locks: locks, Observer: obs}
	res, err := ex.Apply(ctx, pl)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// holdTableLock takes an ACCESS SHARE lock on t_two.readings in an open
// transaction, as a long report query would; release ends it.
func holdTableLock(t *testing.T, pool *pgxpool.Pool) (release func()) {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE t_two.readings IN ACCESS SHARE MODE"); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() {
		if !done {
			done = true
			_ = tx.Rollback(ctx)
		}
	}
	t.Cleanup(release)
	return release
}

func retries(t *testing.T, pool *pgxpool.Pool, tenant string) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT detail->>'attempt' || '/' || (detail->>'attempts') || ' ' || (detail->>'file')
		FROM rollout.events WHERE tenant = $1 AND outcome = 'retrying' ORDER BY id`, tenant)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestLockTimeoutRetriesThenSucceeds: a session holds a lock on one
// tenant's table; the file waits lock_timeout, is rolled back, retried
// with backoff (each retry an event), and succeeds once the lock is gone.
func TestLockTimeoutRetriesThenSucceeds(t *testing.T) {
	dir := t.TempDir()
	pool := pgtest.NewPool(t)
	applyWith(t, lockProject(t, dir, 1), pool, migrator.LockPolicy{}, nil)
	release := holdTableLock(t, pool)
	p := lockProject(t, dir, 2)
	done := make(chan Result, 1)
	retried := retryObserver(make(chan struct{}, 1))
	go func() {
		done <- applyWith(t, p, pool, migrator.LockPolicy{Timeout: 100 * time.Millisecond, Retries: 1000, Backoff: 20 * time.Millisecond}, retried)
	}()
	// Wait (no deadline of ours: the test's own) until t_two retries.
	var res Result
	select {
	case <-retried:
	case res = <-done:
		t.Fatalf("apply ended before any retry: %+v", res.Tenants)
	}
	release()
	res = <-done
	for _, tr := range res.Tenants {
		if tr.Outcome != "ok" {
			t.Fatalf("tenant %s: %s: %v", tr.Tenant, tr.Outcome, tr.Err)
		}
	}
	got := retries(t, pool, "t_two")
	if len(got) == 0 || !strings.HasPrefix(got[0], "1/1001 ") || !strings.HasSuffix(got[0], "000002_note.up.sql") {
		t.Errorf("retry events of t_two: %q", got)
	}
	if n := len(retries(t, pool, "t_three")); n != 0 {
		t.Errorf("t_three was not locked but retried %d times", n)
	}
	var note bool
	if err := pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM pg_attribute
		WHERE attrelid = 't_two.readings'::regclass AND attname = 'note')`).Scan(&note); err != nil || !note {
		t.Errorf("t_two.readings.note after the retries: %v %v", note, err)
	}
}

// TestLockTimeoutGivesUp: with the lock held throughout, the tenant fails
// after 1 + Retries attempts with a message that says so, stays cleanly
// at its version, and the other tenants of its wave finish.
func TestLockTimeoutGivesUp(t *testing.T) {
	dir := t.TempDir()
	pool := pgtest.NewPool(t)
	applyWith(t, lockProject(t, dir, 1), pool, migrator.LockPolicy{}, nil)
	holdTableLock(t, pool)
	res := applyWith(t, lockProject(t, dir, 2), pool, migrator.LockPolicy{Timeout: 50 * time.Millisecond, Retries: 2, Backoff: 10 * time.Millisecond}, nil)
	outcomes := map[string]TenantResult{}
	for _, tr := range res.Tenants {
		outcomes[tr.Tenant] = tr
	}
	if outcomes["t_ref"].Outcome != "ok" || outcomes["t_three"].Outcome != "ok" {
		t.Errorf("the other tenants: %+v", res.Tenants)
	}
	two := outcomes["t_two"]
	if two.Outcome != "failed" || two.Err == nil {
		t.Fatalf("t_two: %+v", two)
	}
	first, _, _ := strings.Cut(two.Err.Error(), "\n")
	for _, want := range []string{"000002_note.up.sql:1:1: ERROR: canceling statement due to lock timeout (SQLSTATE 55P03)",
		"gave up after 3 attempts of lock_timeout 50ms"} {
		if !strings.Contains(first, want) {
			t.Errorf("first line of the error lacks %q:\n%s\nin full:\n%v", want, first, two.Err)
		}
	}
	if got := retries(t, pool, "t_two"); len(got) != 2 || got[1] != "2/3 "+filepath.Join(dir, "modules/readings/migrations/000002_note.up.sql") {
		t.Errorf("retry events: %q", got)
	}
	v, err := state.RecordedVersion(context.Background(), pool, "t_two", "readings")
	if err != nil || v != 1 {
		t.Errorf("t_two recorded at %d (%v), want 1", v, err)
	}
	var dirty bool
	if err := pool.QueryRow(context.Background(), `SELECT dirty FROM t_two.schema_migrations_readings`).Scan(&dirty); err != nil || dirty {
		t.Errorf("t_two dirty = %v (%v)", dirty, err)
	}
}

// retryObserver signals the first retry of t_two.
type retryObserver chan struct{}

func (o retryObserver) Observe(e Event) {
	if e.Tenant == "t_two" && e.Outcome == "retrying" {
		select {
		case o <- struct{}{}:
		default:
		}
	}
}
