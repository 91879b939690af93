package cli_test

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// pgbouncer starts Debian's PgBouncer in front of $DATABASE_URL with two
// pools, and sets $PGBOUNCER_TX_URL (pool_mode = transaction) and
// $PGBOUNCER_SESSION_URL (pool_mode = session). It runs as an
// unprivileged user when the test runs as root (PgBouncer refuses root),
// and is stopped when the script ends. Without the program the script is
// skipped, except in CI, which installs it (.ci/run).
func cmdPgBouncer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: pgbouncer")
	}
	bin := findPgBouncer()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			ts.Fatalf("pgbouncer is not installed (apt-get install pgbouncer); .ci/run installs it")
		}
		ts.Value("t").(testing.TB).Skip("pgbouncer is not installed (apt-get install pgbouncer)")
	}
	u, err := url.Parse(ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	pw, _ := u.User.Password()
	port := freePort(ts)
	dir := filepath.Join(ts.Getenv("WORK"), "pgbouncer")
	ts.Check(os.MkdirAll(dir, 0o755))
	ts.Check(os.Chmod(dir, 0o755))
	server := fmt.Sprintf("host=%s port=%s dbname=%s user=%s password=%s", u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"),
		u.User.Username(), pw)
	ini := fmt.Sprintf(`[databases]
tx = %s pool_mode=transaction pool_size=2
session = %s pool_mode=session pool_size=40
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = any
max_client_conn = 200
ignore_startup_parameters = extra_float_digits, search_path
`, server, server, port)
	conf := filepath.Join(dir, "pgbouncer.ini")
	ts.Check(os.WriteFile(conf, []byte(ini), 0o644))
	// Its log goes to a file: the script's own output buffers are
	// cleared between commands while PgBouncer keeps running.
	logf, err := os.Create(filepath.Join(dir, "pgbouncer.log"))
	ts.Check(err)
	ts.Defer(func() { logf.Close() })
	cmd := exec.Command(bin, conf)
	cmd.Stdout, cmd.Stderr = logf, logf
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: unprivileged(ts)}
		cmd.Dir = "/"
	}
	ts.Check(cmd.Start())
	ts.Defer(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	waitListening(ts, port)
	for name, db := range map[string]string{"PGBOUNCER_TX_URL": "tx", "PGBOUNCER_SESSION_URL": "session"} {
		ts.Setenv(name, fmt.Sprintf("postgres://rollout@127.0.0.1:%d/%s?sslmode=disable", port, db))
	}
}

func findPgBouncer() string {
	if p, err := exec.LookPath("pgbouncer"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/pgbouncer"); err == nil {
		return "/usr/sbin/pgbouncer"
	}
	return ""
}

func unprivileged(ts *testscript.TestScript) *syscall.Credential {
	for _, name := range []string{"postgres", "nobody"} {
		if u, err := user.Lookup(name); err == nil {
			uid, _ := strconv.Atoi(u.Uid)
			gid, _ := strconv.Atoi(u.Gid)
			return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}
		}
	}
	ts.Fatalf("pgbouncer refuses root and there is no postgres or nobody user")
	return nil
}

func freePort(ts *testscript.TestScript) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitListening(ts *testscript.TestScript, port int) {
	for range 100 {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	ts.Fatalf("pgbouncer does not listen on port %d after 10s", port)
}
