package embeddedpg

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// runAs describes the OS account the server runs under. PostgreSQL refuses
// to start as root, so a root caller hands the server to an unprivileged
// account; everyone else runs it as themselves (cred == nil).
type runAs struct {
	name string
	uid  int
	gid  int
	cred *syscall.Credential
}

// serverUser picks the account: the caller itself, or when root the
// "postgres" account (Debian's packages create it) and else "nobody".
func serverUser() (runAs, error) {
	if os.Geteuid() != 0 {
		u, _ := user.Current()
		name := "current user"
		if u != nil {
			name = u.Username
		}
		return runAs{name: name, uid: os.Geteuid(), gid: os.Getegid()}, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return runAs{name: name, uid: uid, gid: gid,
			cred: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}}, nil
	}
	return runAs{}, fmt.Errorf("rollout runs as root and PostgreSQL refuses root, but neither a %q nor a %q user exists: create one (useradd postgres) or set ROLLOUT_DATABASE_URL", "postgres", "nobody")
}

// command builds an exec.Cmd that runs as this account, with a minimal
// environment of its own: the server must not inherit rollout's, which
// holds the secrets tenant files read with env() (anyone who can read the
// postmaster's /proc/<pid>/environ would see them) and PG* variables that
// would change how the tools behave.
func (r runAs) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	home := os.Getenv("HOME")
	if r.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: r.cred}
		// HOME of root is not readable by the server user; libpq and
		// initdb read files under HOME only optionally.
		home = "/tmp"
		cmd.Dir = "/"
	}
	cmd.Env = serverEnv(home)
	return cmd
}

// serverEnv is the whole environment of the server's tools.
func serverEnv(home string) []string {
	env := []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C"}
	if home != "" {
		env = append(env, "HOME="+home)
	}
	if tz, ok := os.LookupEnv("TZ"); ok {
		env = append(env, "TZ="+tz) // initdb takes the cluster's time zone from it
	}
	return env
}

// own makes the server account the owner of path (a no-op when not root).
func (r runAs) own(path string) error {
	if r.cred == nil {
		return nil
	}
	return os.Chown(path, r.uid, r.gid)
}

// canEnter reports whether the account can reach dir; checked by running
// `test -w` as that account, which honours every ancestor's permissions.
func (r runAs) canEnter(dir string) error {
	if r.cred == nil {
		return nil
	}
	abs, _ := filepath.Abs(dir)
	if err := r.command("/bin/sh", "-c", `test -w "$1"`, "sh", abs).Run(); err != nil {
		return fmt.Errorf("%w: user %q cannot enter %s (rollout runs as root, so PostgreSQL runs as %q); "+
			"put the project under a folder other users can enter, or set ROLLOUT_DATABASE_URL",
			ErrUnreachableDir, r.name, abs, r.name)
	}
	return nil
}
