package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/gofrs/flock"
)

// The server survives while another test process holds the lease and
// stops when the last holder lets go.
func TestLastLeaseStopsServer(t *testing.T) {
	// Not t.TempDir: the server's user must be able to enter every folder.
	dir, err := os.MkdirTemp("", "pgtest-lease-")
	if err == nil {
		err = os.Chmod(dir, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", dir)
	t.Cleanup(func() {
		testServer().Stop(context.Background())
		os.RemoveAll(dir)
	})
	ServerURL(t)

	other := flock.New(leaseFile())
	if ok, err := other.TryRLock(); err != nil || !ok {
		t.Fatalf("take a second shared lease: %v", err)
	}
	if err := releaseLease(); err != nil {
		t.Fatal(err)
	}
	if !running(t) {
		t.Fatal("the server stopped while another test process held the lease")
	}
	other.Unlock()
	if err := takeLease(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := releaseLease(); err != nil {
		t.Fatal(err)
	}
	if running(t) {
		t.Fatal("the last lease holder left the server running")
	}
}

func running(t *testing.T) bool {
	t.Helper()
	info, err := testServer().Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.Running
}
