package embeddedpg

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
)

// connection is what connection.json keeps between runs. It holds the
// generated password, so the file is readable by its owner only.
type connection struct {
	User      string `json:"user"`
	Password  string `json:"password"`
	Port      int    `json:"port"`
	SocketDir string `json:"socket_dir"`
}

func (c connection) url(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(c.User, c.Password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

func connectionPath(dir string) string { return filepath.Join(dir, "connection.json") }

func readConnection(dir string) (connection, error) {
	var c connection
	b, err := os.ReadFile(connectionPath(dir))
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("read %s: %w", connectionPath(dir), err)
	}
	return c, nil
}

// writeConnection replaces the file atomically so a concurrent reader never
// sees half of it.
func writeConnection(dir string, c connection) error {
	b, _ := json.MarshalIndent(c, "", "  ")
	tmp := connectionPath(dir) + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, connectionPath(dir))
}

func newPassword() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// freePort asks the kernel for an unused loopback port. Another process
// may take it before the server binds; launch retries on that.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func portFree(p int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}
