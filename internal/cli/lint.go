package cli

import (
	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/lint"
	"github.com/jo-water/rollout/internal/views"
)

func newLintCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "lint",
		Short: "Flag migration statements that hurt when one file runs on many tenants",
		Long: `lint reads every module's up files with PostgreSQL's parser and flags the statements
that hurt when a file runs on hundreds of tenants in a row: CREATE INDEX without
CONCURRENTLY on an existing table, ADD COLUMN NOT NULL without a default, volatile
defaults, column type changes, SET NOT NULL, foreign keys and checks without NOT VALID,
DROP TABLE and DROP COLUMN, CONCURRENTLY inside a transactional file, and modules
whose files wait for locks without end. Each finding has a code, file:line:col, how
many tenants the tenant files make run it, and the safe recipe. A module silences a
rule with a reason in module.hcl: lint { ignore "<rule>" { reason = "…" } }.
It needs no database. Exit 0 without findings, 2 with findings, 1 on invalid files.
plan and apply run the same rules on the files they will run (lint = warn, error, off).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := a.loadProjectWithout()
			if err != nil {
				return err
			}
			fs := lint.Check(p, lint.FromFiles(p), a.settings.MigrationLockTimeout)
			if err := views.Lint(a.io.out, a.settings.JSON(), fs); err != nil {
				return err
			}
			if len(lint.Active(fs)) > 0 {
				return ExitError{Code: 2}
			}
			return nil
		},
	}
}
