package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/jo-water/rollout/internal/cli"
	"github.com/jo-water/rollout/internal/pgtest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"rollout": func() { os.Exit(cli.Main()) },
	})
}

// TestScripts runs testdata/script/<command>_<topic>.txtar. Each script
// gets its own work folder and, in $DATABASE_URL, a fresh database on the
// test server; scripts that want the embedded server start it themselves.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			// As root the embedded server runs as another user, who must
			// be able to enter the work folder.
			os.Chmod(filepath.Dir(env.WorkDir), 0o755)
			os.Chmod(env.WorkDir, 0o755)
			env.Setenv("DATABASE_URL", pgtest.NewDatabase(env.T().(testing.TB)))
			env.Setenv("ROLLOUT_ACTOR", "testscript")
			if os.Geteuid() == 0 {
				env.Setenv("ROOT", "1")
			}
			return nil
		},
	})
}
