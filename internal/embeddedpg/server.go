// Package embeddedpg runs a private PostgreSQL cluster from the server
// binaries installed on the machine, so rollout works with no database
// configured. The cluster lives under one folder (by default
// .rollout/postgres in the project): data/ is PGDATA, run/ holds the
// socket and the server log, connection.json the port and the generated
// password. A lock file serialises start and stop across processes, so two
// rollout processes starting at once share one server.
package embeddedpg

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// DatabaseName is the database created in a fresh cluster for rollout's use.
const DatabaseName = "rollout"

// Server is one embedded cluster, identified by its folder.
type Server struct {
	Dir    string       // the cluster's folder
	BinDir string       // explicit folder of the server binaries (optional)
	Fast   bool         // trade durability for speed (test clusters only)
	Logger *slog.Logger // optional
	// Notice, if set, hears what a person waiting should know: the first
	// start runs initdb, which takes seconds.
	Notice func(string)
}

// Info describes a cluster as found or left by an operation.
type Info struct {
	Running   bool   `json:"running"`
	URL       string `json:"url,omitempty"`
	Dir       string `json:"dir"`
	Port      int    `json:"port,omitempty"`
	SocketDir string `json:"socket_dir,omitempty"`
	Version   string `json:"version,omitempty"`
	OSUser    string `json:"os_user,omitempty"`
	Reused    bool   `json:"reused"`
}

// absDir pins the folder: the server's tools run as another user from "/",
// where a relative path would mean something else.
func (s *Server) absDir() {
	if abs, err := filepath.Abs(s.Dir); err == nil {
		s.Dir = abs
	}
}

func (s *Server) dataDir() string  { return filepath.Join(s.Dir, "data") }
func (s *Server) runDir() string   { return filepath.Join(s.Dir, "run") }
func (s *Server) logFile() string  { return filepath.Join(s.runDir(), "server.log") }
func (s *Server) lockFile() string { return filepath.Join(s.Dir, "lock") }

func (s *Server) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// withLock runs fn while holding the cluster's lock file. flock locks die
// with their process, so a killed rollout never leaves a stale lock.
func (s *Server) withLock(ctx context.Context, fn func() error) error {
	s.absDir()
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", s.Dir, err)
	}
	lk := flock.New(s.lockFile())
	ok, err := lk.TryLockContext(ctx, 50*time.Millisecond)
	if err != nil {
		return fmt.Errorf("lock %s: %w", s.lockFile(), err)
	}
	if !ok {
		return fmt.Errorf("lock %s: %w", s.lockFile(), ctx.Err())
	}
	defer lk.Unlock()
	return fn()
}

// Start starts the cluster, creating it first if needed, or reuses it when
// it already runs. It returns once the server accepts connections.
func (s *Server) Start(ctx context.Context) (Info, error) {
	var info Info
	err := s.withLock(ctx, func() error {
		var err error
		info, err = s.startLocked(ctx)
		return err
	})
	return info, err
}

// tools finds the server binaries and the account that runs them.
func (s *Server) tools() (string, runAs, error) {
	bin, err := FindBinaries(s.BinDir)
	if err != nil {
		return "", runAs{}, err
	}
	who, err := serverUser()
	return bin, who, err
}

func (s *Server) startLocked(ctx context.Context) (Info, error) {
	bin, who, err := s.tools()
	if err != nil {
		return Info{}, err
	}
	if err := s.prepareDirs(who); err != nil {
		return Info{}, err
	}
	conn, err := s.ensureInitialised(ctx, bin, who)
	if err != nil {
		return Info{}, err
	}
	if s.running(bin, who) {
		if info, err := s.describe(ctx, conn, who); err == nil {
			info.Reused = true
			return info, nil
		}
	}
	if err := s.launch(ctx, bin, who, &conn); err != nil {
		return Info{}, err
	}
	if err := ensureDatabase(ctx, conn.url("postgres")); err != nil {
		return Info{}, err
	}
	return s.describe(ctx, conn, who)
}

// prepareDirs creates the folders the server user must own.
func (s *Server) prepareDirs(who runAs) error {
	for _, d := range []string{s.dataDir(), s.runDir()} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
		if err := who.own(d); err != nil {
			return fmt.Errorf("hand %s to user %s: %w", d, who.name, err)
		}
	}
	return who.canEnter(s.dataDir())
}

// Stop stops the cluster cleanly; its data stays for the next start. It
// reports whether the cluster was running: stopping a cluster that is not
// running is not an error.
func (s *Server) Stop(ctx context.Context) (stopped bool, err error) {
	err = s.withLock(ctx, func() error {
		bin, who, err := s.tools()
		if err != nil || !s.running(bin, who) {
			return err
		}
		out, err := who.command(filepath.Join(bin, "pg_ctl"), "stop", "-D", s.dataDir(), "-m", "fast", "-w", "-t", "60").CombinedOutput()
		if err != nil {
			return fmt.Errorf("stop embedded PostgreSQL: %v: %s", err, out)
		}
		stopped = true
		return nil
	})
	return stopped, err
}

// Status reports whether the cluster runs and where, without starting it.
func (s *Server) Status(ctx context.Context) (Info, error) {
	s.absDir()
	bin, who, err := s.tools()
	if err != nil {
		return Info{Dir: s.Dir}, err
	}
	conn, err := readConnection(s.Dir)
	if err != nil || !s.running(bin, who) {
		return Info{Dir: s.Dir, Version: binVersion(bin)}, nil
	}
	return s.describe(ctx, conn, who)
}

// URL returns the URL of the running cluster, or ErrNotRunning.
func (s *Server) URL(ctx context.Context) (string, error) {
	info, err := s.Status(ctx)
	if err != nil {
		return "", err
	}
	if !info.Running {
		return "", ErrNotRunning
	}
	return info.URL, nil
}
