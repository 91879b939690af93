// Package cli holds rollout's commands. Handlers parse flags into plain
// structs, call the core packages (which never print) and hand results to
// views. Nothing here calls os.Exit: Main returns the exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/jo-water/rollout/internal/redact"
)

// Version is set at build time with -ldflags "-X .../cli.Version=...".
var Version = "0.1.0-dev"

// ExitError carries an exit code for an outcome already reported to the
// user (diagnostics printed, "changes pending" for --detailed-exitcode).
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Main runs rollout with the process's arguments and streams.
func Main() int { return MainAt(nil) }

// MainAt is Main on another clock (nil: the system's). Only tests of soak
// times use it, to move days ahead instead of waiting: no setting or
// environment variable moves a real run's clock, so no soak is skipped by
// a variable left set.
func MainAt(clock Clock) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		// A second Ctrl-C gets the default handling: the process ends.
		signal.Stop(sigs)
		fmt.Fprintln(os.Stderr, "\nInterrupted: files already running finish in their transactions, tenants not started are cancelled. Press Ctrl-C again to stop at once.")
		cancel()
	}()
	limitMemory()
	defer profileCPU(os.Getenv("ROLLOUT_CPUPROFILE"))()
	defer profileHeap(os.Getenv("ROLLOUT_MEMPROFILE"))()
	return run(ctx, os.Args[1:], &streams{in: os.Stdin, out: os.Stdout, err: os.Stderr}, clock)
}

// Run is Main with everything injected, for tests.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(ctx, args, &streams{in: stdin, out: stdout, err: stderr}, nil)
}

func run(ctx context.Context, args []string, io *streams, clock Clock) int {
	stderr := io.err
	root := newRoot(io, clock)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	fmt.Fprintln(stderr, "Error:", redact.Passwords(err.Error()))
	return 1
}

type streams struct {
	in       io.Reader
	out, err io.Writer
}

// ErrEmbeddedInCI: in CI an unset database URL is far more often a missing
// secret than a wish for a throwaway local server.
var ErrEmbeddedInCI = errors.New("no database URL is set, and this is CI (CI is set, no terminal): set ROLLOUT_DATABASE_URL (is the CI secret set?) or database_url in rollout.yaml; to use the embedded local server on purpose, pass --embedded or set database_url: embedded")

// hasTerminal: a person may be watching (stdin or stdout is a terminal).
func (a *app) hasTerminal() bool {
	for _, s := range []any{a.io.in, a.io.out} {
		if f, ok := s.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return true
		}
	}
	return false
}

// stdoutIsTerminal: colours and bars are for a person at a terminal.
func (a *app) stdoutIsTerminal() bool {
	f, ok := a.io.out.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
