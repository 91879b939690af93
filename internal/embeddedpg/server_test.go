package embeddedpg

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// clusterDir returns a folder the server user can enter even when the
// tests run as root (t.TempDir folders are private to their owner).
func clusterDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755)
	os.Chmod(dir, 0o755)
	return filepath.Join(dir, "pg")
}

func newServer(t *testing.T) *Server {
	t.Helper()
	s := &Server{Dir: clusterDir(t), Fast: true}
	t.Cleanup(func() { s.Stop(context.Background()) })
	return s
}

func TestStartReuseStop(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	first, err := s.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Running || first.Reused || !strings.HasPrefix(first.URL, "postgres://rollout:") {
		t.Fatalf("first start: %+v", first)
	}
	if err := ping(ctx, first.URL); err != nil {
		t.Fatalf("URL does not connect: %v", err)
	}
	second, err := s.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Reused || second.URL != first.URL {
		t.Fatalf("second start should reuse %q, got %+v", first.URL, second)
	}
	if u, err := s.URL(ctx); err != nil || u != first.URL {
		t.Fatalf("URL() = %q, %v", u, err)
	}
	if _, err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.URL(ctx); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("after stop URL() error = %v, want ErrNotRunning", err)
	}
	if err := ping(ctx, first.URL); err == nil {
		t.Fatal("server still answers after stop")
	}
	// The data stays: a restart keeps the password and the database.
	again, err := s.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(again.URL, passwordOf(first.URL)) {
		t.Errorf("restart changed the password: %q vs %q", again.URL, first.URL)
	}
}

func passwordOf(u string) string {
	at := strings.Index(u, "@")
	colon := strings.LastIndex(u[:at], ":")
	return u[colon+1 : at]
}

func TestConcurrentStartsShareOneServer(t *testing.T) {
	ctx := context.Background()
	dir := clusterDir(t)
	const n = 4
	urls := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Separate Server values: each takes the lock file through
			// its own descriptor, as separate processes would.
			info, err := (&Server{Dir: dir, Fast: true}).Start(ctx)
			urls[i], errs[i] = info.URL, err
		}()
	}
	wg.Wait()
	t.Cleanup(func() { (&Server{Dir: dir}).Stop(context.Background()) })
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("start %d: %v", i, errs[i])
		}
		if urls[i] != urls[0] {
			t.Fatalf("start %d got %q, start 0 got %q: two servers", i, urls[i], urls[0])
		}
	}
}

func TestRecoversFromKilledServer(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	if _, err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	pid := postmasterPID(t, s)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitGone(pid)
	// postmaster.pid is left behind, naming a dead process.
	if _, err := os.Stat(filepath.Join(s.dataDir(), "postmaster.pid")); err != nil {
		t.Fatalf("expected a stale postmaster.pid: %v", err)
	}
	info, err := s.Start(ctx)
	if err != nil {
		t.Fatalf("start after kill -9: %v", err)
	}
	if info.Reused {
		t.Error("a killed server cannot be reused")
	}
	if err := ping(ctx, info.URL); err != nil {
		t.Fatal(err)
	}
}

func TestStaleLockFileIsHarmless(t *testing.T) {
	s := newServer(t)
	os.MkdirAll(s.Dir, 0o755)
	// A lock file left by a killed process: flock locks die with their
	// holder, so the file's mere presence (and junk in it) must not block.
	os.WriteFile(filepath.Join(s.Dir, "lock"), []byte("12345\n"), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestMissingBinaries(t *testing.T) {
	s := &Server{Dir: clusterDir(t), BinDir: filepath.Join(t.TempDir(), "nothing-here")}
	_, err := s.Start(context.Background())
	if !errors.Is(err, ErrNoBinaries) {
		t.Fatalf("got %v, want ErrNoBinaries", err)
	}
	for _, want := range []string{"apt-get install postgresql", "ROLLOUT_POSTGRES_BIN", "ROLLOUT_DATABASE_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not mention %q", err, want)
		}
	}
	if strings.Count(err.Error(), ".") > 1 || strings.Contains(err.Error(), "\n") {
		t.Errorf("message should be one sentence: %q", err)
	}
}

func TestFindBinariesRejectsIncompleteFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "pg_ctl"), []byte("#!/bin/sh\n"), 0o755)
	if _, err := FindBinaries(dir); !errors.Is(err, ErrNoBinaries) {
		t.Fatalf("a folder with only pg_ctl must not pass: %v", err)
	}
}

func TestUnreachableFolderAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Log("not root: the server runs as the current user, nothing to hand over")
		return
	}
	private := t.TempDir() // 0700, owned by root
	os.Chmod(private, 0o700)
	s := &Server{Dir: filepath.Join(private, "pg")}
	_, err := s.Start(context.Background())
	if !errors.Is(err, ErrUnreachableDir) {
		t.Fatalf("got %v, want ErrUnreachableDir", err)
	}
}

func postmasterPID(t *testing.T, s *Server) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dataDir(), "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

func waitGone(pid int) {
	for range 100 {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}
