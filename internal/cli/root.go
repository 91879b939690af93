package cli

import (
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/settings"
	"github.com/jo-water/rollout/internal/views"
)

// app is what every command handler gets: the streams and, once the root's
// PersistentPreRunE ran, the loaded settings and a logger.
type app struct {
	io       *streams
	settings settings.Settings
	log      *slog.Logger
	config   string
	// timeSource is rollout's clock; nil: the system's (see MainAt).
	timeSource Clock
	verbose    bool // apply: every governorate in the summary
}

func newRoot(io *streams, clock Clock) *cobra.Command {
	a := &app{io: io, timeSource: clock}
	root := &cobra.Command{
		Use:   "rollout",
		Short: "Roll e-services out across tenants in PostgreSQL",
		Long: `rollout reads tenants/*.hcl (one governorate each: its services, versions and
settings) and modules/*/ (one e-service each: settings, checks and golang-migrate
migrations), gives every tenant its own PostgreSQL schema, runs the services'
migrations and turns the services on, reference tenant first, wave by wave.

Settings come from flags, then ROLLOUT_* environment variables, then rollout.yaml
(in the working directory, or --config). With no database URL, rollout starts its
own PostgreSQL under .rollout/postgres.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: a.load,
	}
	root.SetIn(io.in)
	root.SetOut(io.out)
	root.SetErr(io.err)
	root.Version = Version
	root.SetVersionTemplate("rollout {{.Version}}\n")
	addGlobalFlags(root, &a.config)
	root.AddCommand(newVersionCmd(a), newDBCmd(a), newValidateCmd(a), newLintCmd(a), newFmtCmd(a), newPlanCmd(a), newApplyCmd(a), newStatusCmd(a), newHistoryCmd(a), newRollbackCmd(a), newRepairCmd(a), newDiffCmd(a), newAdoptCmd(a), newMoveCmd(a), newUninstallCmd(a), newApproveCmd(a), newResumeCmd(a), newForgetCmd(a))
	finishCommands(root)
	return root
}

func addGlobalFlags(root *cobra.Command, config *string) {
	f := root.PersistentFlags()
	f.StringVar(config, "config", "", "settings file (default: ./rollout.yaml when present)")
	f.String("database-url", "", "PostgreSQL URL of the default server (ROLLOUT_DATABASE_URL); empty: embedded server")
	f.String("tenants-dir", "tenants", "folder of tenant files (ROLLOUT_TENANTS_DIR)")
	f.String("modules-dir", "modules", "folder of modules (ROLLOUT_MODULES_DIR)")
	f.String("state-dir", ".rollout", "local folder for the embedded server (ROLLOUT_STATE_DIR)")
	f.String("reference-tenant", "balqa", "tenant that proves versions before the others (ROLLOUT_REFERENCE_TENANT)")
	f.String("output", "text", "output format: text or json (ROLLOUT_OUTPUT)")
	f.Bool("json", false, "shorthand for --output json")
	f.Bool("no-color", false, "no colours (also NO_COLOR=1 or TERM=dumb); colours are used only on a terminal")
	f.Bool("embedded", false, "use the embedded server on purpose (as database_url: embedded); needed in CI, where an empty URL is an error")
	f.String("log-level", "warn", "debug, info, warn or error (ROLLOUT_LOG_LEVEL)")
	f.String("postgres-bin", "", "folder of initdb and pg_ctl for the embedded server (ROLLOUT_POSTGRES_BIN)")
}

func (a *app) load(cmd *cobra.Command, _ []string) error {
	s, err := settings.Load(cmd.Flags(), a.config)
	if err != nil {
		return err
	}
	a.settings = s
	noColor, _ := cmd.Flags().GetBool("no-color")
	views.SetColour(!noColor && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb" && a.stdoutIsTerminal())
	var level slog.Level
	_ = level.UnmarshalText([]byte(s.LogLevel))
	a.log = slog.New(slog.NewTextHandler(a.io.err, &slog.HandlerOptions{Level: level}))
	return nil
}
