package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/embeddedpg"
	"github.com/jo-water/rollout/internal/redact"
	"github.com/jo-water/rollout/internal/views"
)

func newDBCmd(a *app) *cobra.Command {
	db := &cobra.Command{
		Use:   "db",
		Short: "Manage the embedded PostgreSQL server",
		Long: `The embedded server is a private PostgreSQL cluster under .rollout/postgres, run
from the server binaries installed on this machine (initdb, pg_ctl, postgres), on
loopback and a unix socket only. rollout uses it whenever no database URL is set.
As root, it runs the server as the unprivileged "postgres" (or "nobody") user.`,
	}
	db.AddCommand(
		&cobra.Command{Use: "start", Short: "Start the embedded server, or reuse the running one, and print its URL",
			Args: cobra.NoArgs, RunE: a.dbStart},
		&cobra.Command{Use: "stop", Short: "Stop the embedded server; its data stays for next time",
			Args: cobra.NoArgs, RunE: a.dbStop},
		&cobra.Command{Use: "url", Short: "Print the URL of the running embedded server (one line)",
			Args: cobra.NoArgs, RunE: a.dbURL},
		&cobra.Command{Use: "status", Short: "Say whether the embedded server runs, where, and its version",
			Args: cobra.NoArgs, RunE: a.dbStatus},
	)
	return db
}

func (a *app) embedded() *embeddedpg.Server {
	return &embeddedpg.Server{Dir: a.settings.EmbeddedDir(), BinDir: a.settings.PostgresBin, Logger: a.log,
		Notice: func(msg string) { fmt.Fprintln(a.io.err, msg) }}
}

func (a *app) dbStart(cmd *cobra.Command, _ []string) error {
	info, err := a.embedded().Start(cmd.Context())
	if err != nil {
		return err
	}
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, dbJSON{views.FormatVersion, info})
	}
	_, err = fmt.Fprintln(a.io.out, info.URL)
	return err
}

func (a *app) dbStop(cmd *cobra.Command, _ []string) error {
	srv := a.embedded()
	stopped, err := srv.Stop(cmd.Context())
	if err != nil {
		return err
	}
	if a.settings.JSON() {
		return views.WriteJSON(a.io.out, map[string]any{"format_version": views.FormatVersion, "stopped": stopped, "dir": srv.Dir})
	}
	msg := "embedded PostgreSQL stopped"
	if !stopped {
		msg = "embedded PostgreSQL was not running"
	}
	_, err = fmt.Fprintln(a.io.out, msg)
	return err
}

func (a *app) dbURL(cmd *cobra.Command, _ []string) error {
	u, err := a.embedded().URL(cmd.Context())
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(a.io.out, u)
	return err
}

func (a *app) dbStatus(cmd *cobra.Command, _ []string) error {
	info, err := a.embedded().Status(cmd.Context())
	if err != nil {
		return err
	}
	if a.settings.JSON() {
		info.URL = redact.Passwords(info.URL) // `rollout db url` prints it whole, on purpose
		return views.WriteJSON(a.io.out, dbJSON{views.FormatVersion, info})
	}
	if !info.Running {
		_, err = fmt.Fprintf(a.io.out, "not running\ndir:      %s\nversion:  %s\n", info.Dir, info.Version)
		return err
	}
	_, err = fmt.Fprintf(a.io.out, "running\ndir:      %s\nport:     %d (127.0.0.1)\nsocket:   %s\nversion:  PostgreSQL %s\nos user:  %s\n",
		info.Dir, info.Port, info.SocketDir, info.Version, info.OSUser)
	return err
}

// dbJSON is the embedded server's info with the format version.
type dbJSON struct {
	FormatVersion string `json:"format_version"`
	embeddedpg.Info
}
