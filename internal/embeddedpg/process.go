package embeddedpg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// maxSocketDir keeps "<dir>/.s.PGSQL.NNNNN" under the 107-byte limit of a
// unix socket path.
const maxSocketDir = 80

// ensureInitialised runs initdb once and returns the saved connection.
func (s *Server) ensureInitialised(ctx context.Context, bin string, who runAs) (connection, error) {
	if _, err := os.Stat(filepath.Join(s.dataDir(), "PG_VERSION")); err == nil {
		return readConnection(s.Dir)
	}
	conn := connection{User: "rollout", Password: newPassword(), SocketDir: s.socketDir()}
	pwfile := filepath.Join(s.runDir(), "initdb.pw")
	if err := os.WriteFile(pwfile, []byte(conn.Password+"\n"), 0o600); err != nil {
		return conn, err
	}
	defer os.Remove(pwfile)
	if err := who.own(pwfile); err != nil {
		return conn, err
	}
	s.log().Info("initialising embedded PostgreSQL", "dir", s.dataDir(), "os_user", who.name)
	if s.Notice != nil {
		s.Notice(fmt.Sprintf("First run: creating the embedded PostgreSQL cluster in %s with initdb (as OS user %s); this takes a few seconds.", s.dataDir(), who.name))
	}
	cmd := who.command(filepath.Join(bin, "initdb"), "-D", s.dataDir(), "-U", conn.User,
		"--pwfile="+pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--no-locale")
	if out, err := cmd.CombinedOutput(); err != nil {
		return conn, fmt.Errorf("initdb %s: %v: %s", s.dataDir(), err, lastLines(string(out), 5))
	}
	return conn, writeConnection(s.Dir, conn)
}

// socketDir is run/ unless that path is too long for a unix socket; then a
// short folder under the system temp dir, named after the cluster's path.
func (s *Server) socketDir() string {
	if len(s.runDir()) <= maxSocketDir {
		return s.runDir()
	}
	sum := sha256.Sum256([]byte(s.Dir))
	return filepath.Join(os.TempDir(), "rollout-"+hex.EncodeToString(sum[:6]))
}

// privateDir creates dir for the server account alone, or accepts it if
// it exists as a real folder (not a link) owned by the server account or
// by us, that nobody else can write in. The short socket folder lives in
// the shared temp dir under a predictable name: one made there by someone
// else beforehand is refused, never adopted.
func privateDir(dir string, who runAs) error {
	if err := os.Mkdir(dir, 0o700); err == nil {
		return who.own(dir)
	} else if !os.IsExist(err) {
		return err
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	switch {
	case !st.IsDir():
		return fmt.Errorf("%w: %s is not a folder (a link?); remove it", ErrUnsafeSocketDir, dir)
	case !ok || (int(sys.Uid) != who.uid && int(sys.Uid) != os.Geteuid()):
		return fmt.Errorf("%w: %s belongs to another user (uid %d); remove it, or set ROLLOUT_STATE_DIR to a shorter path", ErrUnsafeSocketDir, dir, sys.Uid)
	case st.Mode().Perm()&0o077 != 0:
		return fmt.Errorf("%w: %s can be used by other users (mode %v); remove it", ErrUnsafeSocketDir, dir, st.Mode().Perm())
	}
	return who.own(dir)
}

// running asks pg_ctl, which also sees through a stale postmaster.pid.
func (s *Server) running(bin string, who runAs) bool {
	return who.command(filepath.Join(bin, "pg_ctl"), "status", "-D", s.dataDir()).Run() == nil
}

// launch starts the postmaster on a free port. A server killed with -9 can
// leave backends that still hold its shared memory for a moment, and a
// port can be taken between the check and the bind, so it retries.
func (s *Server) launch(ctx context.Context, bin string, who runAs, conn *connection) error {
	conn.SocketDir = s.socketDir()
	if err := privateDir(conn.SocketDir, who); err != nil {
		return err
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		if conn.Port == 0 || !portFree(conn.Port) || attempt > 0 {
			p, err := freePort()
			if err != nil {
				return err
			}
			conn.Port = p
		}
		if lastErr = s.pgCtlStart(bin, who, *conn); lastErr == nil {
			if err := writeConnection(s.Dir, *conn); err != nil {
				return err
			}
			return waitReady(ctx, conn.url("postgres"))
		}
		s.log().Warn("embedded PostgreSQL did not start, retrying", "attempt", attempt+1, "err", lastErr)
		time.Sleep(time.Duration(attempt+1) * 500 * time.Millisecond)
	}
	return lastErr
}

func (s *Server) pgCtlStart(bin string, who runAs, conn connection) error {
	opts := fmt.Sprintf("-p %d -k '%s' -c listen_addresses=127.0.0.1 -c max_connections=200", conn.Port, conn.SocketDir)
	if s.Fast {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	cmd := who.command(filepath.Join(bin, "pg_ctl"), "start", "-D", s.dataDir(), "-w", "-t", "60",
		"-l", s.logFile(), "-o", opts)
	// pg_ctl leaves the postmaster running: detach it from our process
	// group so a Ctrl-C aimed at rollout does not take the server down.
	setNewSession(cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(s.logFile())
		return fmt.Errorf("start embedded PostgreSQL: %v: %s %s", err, strings.TrimSpace(string(out)), lastLines(string(log), 3))
	}
	return nil
}

func waitReady(ctx context.Context, url string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := ping(ctx, url)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func ping(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	return c.Ping(ctx)
}

// ensureDatabase creates rollout's database on first start.
func ensureDatabase(ctx context.Context, adminURL string) error {
	c, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	var exists bool
	if err := c.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", DatabaseName).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = c.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{DatabaseName}.Sanitize())
	return err
}

// describe connects to the running server and reports on it.
func (s *Server) describe(ctx context.Context, conn connection, who runAs) (Info, error) {
	url := conn.url(DatabaseName)
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return Info{}, err
	}
	defer c.Close(ctx)
	var version string
	if err := c.QueryRow(ctx, "SHOW server_version").Scan(&version); err != nil {
		return Info{}, err
	}
	return Info{Running: true, URL: url, Dir: s.Dir, Port: conn.Port, SocketDir: conn.SocketDir,
		Version: version, OSUser: who.name}, nil
}

func binVersion(bin string) string {
	out, err := exec.Command(filepath.Join(bin, "postgres"), "--version").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
