package pgtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// The test server is shared by the test processes of one `go test` run
// (one process per package, running side by side). Each process that uses
// it holds a shared lock on the lease file for as long as it runs; the
// last one to finish gets the lock exclusively and stops the server, so no
// run leaves a PostgreSQL behind. A process that starts while another
// stops the server waits for the stop, then starts it again.
var lease *flock.Flock

func leaseFile() string { return filepath.Join(ServerDir()+"-lease", "lease") }

func takeLease(ctx context.Context) error {
	if err := os.MkdirAll(filepath.Dir(leaseFile()), 0o755); err != nil {
		return fmt.Errorf("create the test server's lease folder: %w", err)
	}
	lk := flock.New(leaseFile())
	ok, err := lk.TryRLockContext(ctx, 50*time.Millisecond)
	if err != nil || !ok {
		return fmt.Errorf("take the test server's lease %s: %v", leaseFile(), err)
	}
	lease = lk
	return nil
}

// releaseLease stops the test server when no other test process holds it.
func releaseLease() error {
	if lease == nil {
		return nil
	}
	if err := lease.Unlock(); err != nil {
		return err
	}
	ok, err := lease.TryLock()
	if err != nil || !ok {
		return err // another test process still uses the server
	}
	defer lease.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err = testServer().Stop(ctx)
	return err
}

// M is what Main runs: *testing.M, or testscript's wrapper of it.
type M interface{ Run() int }

// Main runs a package's tests, then stops the shared test server if this
// process was its last user. Use it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m M) int {
	code := m.Run()
	if err := releaseLease(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: stop the test server: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// Wrap returns m with Main's stop added to its Run, for frameworks that
// call Run and exit themselves (testscript.Main).
func Wrap(m M) M { return runFunc(func() int { return Main(m) }) }

type runFunc func() int

func (f runFunc) Run() int { return f() }
