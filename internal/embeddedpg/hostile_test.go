package embeddedpg

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The postmaster's environment is a clean one of its own: rollout's holds
// the secrets tenant files read (the SMS key), and anyone who can read the
// server's /proc/<pid>/environ would see them.
func TestServerEnvironmentIsClean(t *testing.T) {
	t.Setenv("SMS_GATEWAY_KEY", "canary-Hj5k-sms")
	t.Setenv("PGPASSWORD", "canary-pgpw")
	s := newServer(t)
	if _, err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	pid := postmasterPID(t, s)
	environ, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range strings.Split(string(environ), "\x00") {
		if strings.Contains(v, "canary") || strings.HasPrefix(v, "SMS_") || strings.HasPrefix(v, "ROLLOUT_") {
			t.Errorf("the postmaster (pid %d) inherited %q", pid, v)
		}
	}
}

// The short socket folder has a predictable name in the shared temp dir:
// one that someone else made first, or that others can write in, is
// refused, not adopted.
func TestPrecreatedSocketDirRefused(t *testing.T) {
	cases := map[string]func(t *testing.T, dir string){
		"writable by everyone": func(t *testing.T, dir string) {
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
		},
		"owned by another user": func(t *testing.T, dir string) {
			if os.Geteuid() != 0 {
				t.Skip("only root can give a folder to another user")
			}
			if err := os.Chown(dir, 54321, 54321); err != nil {
				t.Fatal(err)
			}
		},
		"a link": func(t *testing.T, dir string) {
			os.Remove(dir)
			if err := os.Symlink(t.TempDir(), dir); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, prepare := range cases {
		t.Run(name, func(t *testing.T) {
			s := &Server{Dir: filepath.Join(clusterDir(t), strings.Repeat("long", 20)), Fast: true}
			t.Cleanup(func() { s.Stop(context.Background()) })
			sock := s.socketDir()
			if sock == s.runDir() {
				t.Fatalf("the cluster path is short enough for run/; the test needs the temp-dir socket folder")
			}
			os.RemoveAll(sock)
			if err := os.Mkdir(sock, 0o700); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(sock) })
			prepare(t, sock)
			_, err := s.Start(context.Background())
			if !errors.Is(err, ErrUnsafeSocketDir) {
				t.Fatalf("Start with a pre-made %s: err = %v, want ErrUnsafeSocketDir", sock, err)
			}
			if !strings.Contains(err.Error(), sock) {
				t.Errorf("the error does not name the folder: %v", err)
			}
		})
	}
}
