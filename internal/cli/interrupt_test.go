package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdCtrlCTwice: ctrlc2 SQL runs rollout apply --auto-approve, waits until
// SQL (on $DATABASE_URL) is true, presses Ctrl-C, waits until rollout
// says it took it, presses Ctrl-C again and waits for the process to end.
// Its stdout and stderr become the command's; it fails unless the process
// ended before its files could finish. A testscript background command
// cannot wait for a line on stderr between the two presses; this can.
func cmdCtrlCTwice(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: ctrlc2 SQL")
	}
	cmd := exec.Command("rollout", "apply", "--auto-approve")
	cmd.Dir, cmd.Env = ts.Getenv("WORK"), envOf(ts)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	errPipe, err := cmd.StderrPipe()
	ts.Check(err)
	ts.Check(cmd.Start())
	waitTrue(ts, args[0])
	ts.Check(cmd.Process.Signal(syscall.SIGINT))
	var stderr strings.Builder
	for sc := bufio.NewScanner(errPipe); sc.Scan(); {
		stderr.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "Press Ctrl-C again") {
			ts.Check(cmd.Process.Signal(syscall.SIGINT))
		}
	}
	err = cmd.Wait()
	ts.Stdout().Write(stdout.Bytes())
	ts.Stderr().Write([]byte(stderr.String()))
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !st.Signaled() || st.Signal() != syscall.SIGINT {
		ts.Fatalf("rollout did not end on the second Ctrl-C: %v", err)
	}
}

// envOf is the script's environment, for a process the script starts.
func envOf(ts *testscript.TestScript) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "ROLLOUT_DATABASE_URL", "ROLLOUT_ACTOR", "DATABASE_URL"} {
		env = append(env, k+"="+ts.Getenv(k))
	}
	return env
}

func waitTrue(ts *testscript.TestScript, query string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ts.Getenv("DATABASE_URL"))
	ts.Check(err)
	defer conn.Close(ctx)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ok bool
		if conn.QueryRow(ctx, query).Scan(&ok) == nil && ok {
			return
		}
	}
	ts.Fatalf("still not true after 30s: %s", query)
}
