package embeddedpg

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

// serverTools are the programs a usable installation must provide.
var serverTools = []string{"initdb", "pg_ctl", "postgres"}

// FindBinaries returns the folder holding initdb, pg_ctl and postgres.
// Order: the explicit folder (ROLLOUT_POSTGRES_BIN), PATH, then the
// Debian/Ubuntu layout /usr/lib/postgresql/<version>/bin, newest first.
func FindBinaries(explicit string) (string, error) {
	if explicit != "" {
		if hasTools(explicit) {
			return explicit, nil
		}
		return "", ErrNoBinaries
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		// PATH often holds symlinks (/usr/local/bin/pg_ctl); the server's
		// own folder is where its siblings are guaranteed to live.
		if real, err := filepath.EvalSymlinks(p); err == nil && hasTools(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
		if hasTools(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		if hasTools(d) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func hasTools(dir string) bool {
	for _, t := range serverTools {
		st, err := os.Stat(filepath.Join(dir, t))
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}
