package cli

import (
	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/views"
)

func newValidateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "validate",
		Short: "Check every tenant and module file and report all problems at once",
		Long: `validate loads tenants/*.hcl and modules/*/ and reports every problem it finds:
syntax, unknown or missing attributes, wrong types, settings that break their module's
rules, unknown or cyclic requires, unsafe names, and migration folders with gaps,
duplicates or missing down files. Each problem names file:line:col, shows the line
and says how to fix it. It needs no database and no secrets: env("…") values are not
read. Exit 0 when everything is valid, 1 otherwise.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, diags := config.Load(a.configOptions(nil))
			if err := views.Validate(a.io.out, a.settings.JSON(), p.Files, diags, len(p.Tenants), len(p.Modules)); err != nil {
				return err
			}
			if diags.HasErrors() {
				return ExitError{Code: 1}
			}
			return nil
		},
	}
}

// configOptions says where the files are; lookupEnv nil leaves env("…")
// unread, for commands that need no secrets.
func (a *app) configOptions(lookupEnv func(string) (string, bool)) config.Options {
	return config.Options{TenantsDir: a.settings.TenantsDir, ModulesDir: a.settings.ModulesDir,
		ReferenceTenant: a.settings.ReferenceTenant, LookupEnv: lookupEnv}
}
