package apply

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/pgtest"
)

// holdLock takes tenant's lock in the database at url, as a session named
// name, until the test ends.
func holdLock(t *testing.T, url, name, tenant string) {
	t.Helper()
	cfg, _ := pgx.ParseConfig(url)
	cfg.RuntimeParams["application_name"] = name
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	a, b := lockKey(tenant)
	if _, err := conn.Exec(context.Background(), `SELECT pg_advisory_lock($1, $2)`, a, b); err != nil {
		t.Fatal(err)
	}
}

// Advisory locks are per database; the waiting message must name the
// holder in this database, not a same-named tenant's in another one.
func TestLockTimeoutNamesTheHolderInThisDatabase(t *testing.T) {
	other, this := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	holdLock(t, other, "holder in another database", "karak")
	holdLock(t, this, "holder in this database", "karak")
	pool, err := pgxpool.New(context.Background(), this)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var told string
	_, err = lock(context.Background(), pool, "karak", 200*time.Millisecond, func(h string) { told = h })
	if !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("want ErrLockTimeout, got %v", err)
	}
	for _, msg := range []string{told, err.Error()} {
		if !strings.Contains(msg, "holder in this database") || strings.Contains(msg, "another database") {
			t.Errorf("names the wrong holder: %q", msg)
		}
	}
	// Another tenant's lock is free.
	lk, err := lock(context.Background(), pool, "balqa", time.Second, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	lk.release()
}
