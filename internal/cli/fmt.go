package cli

import (
	"fmt"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/format"
	"github.com/jo-water/rollout/internal/views"
)

type fmtArgs struct {
	check, diff bool
	paths       []string
}

func newFmtCmd(a *app) *cobra.Command {
	var args fmtArgs
	cmd := &cobra.Command{
		Use:   "fmt [FILE]...",
		Short: "Rewrite tenant and module files in the canonical HCL layout",
		Long: `fmt rewrites tenants/*.hcl and modules/*/module.hcl (or the files named) in
HCL's canonical layout. With --check it changes nothing, lists the files that would
change and exits 1 if there are any: use it in CI. --diff shows the changes.`,
		RunE: func(cmd *cobra.Command, paths []string) error {
			args.paths = paths
			return a.runFmt(args)
		},
	}
	cmd.Flags().BoolVar(&args.check, "check", false, "change nothing; exit 1 if any file is not formatted")
	cmd.Flags().BoolVar(&args.diff, "diff", false, "show the changes as a unified diff")
	return cmd
}

func (a *app) runFmt(args fmtArgs) error {
	paths := args.paths
	if len(paths) == 0 {
		paths = format.Files(a.settings.TenantsDir, a.settings.ModulesDir)
	}
	results, files, diags := format.Check(paths)
	if len(diags) > 0 {
		if err := views.Diagnostics(a.io.err, files, diags); err != nil {
			return err
		}
	}
	changed := 0
	for _, r := range results {
		if !r.Changed() {
			continue
		}
		changed++
		fmt.Fprintln(a.io.out, r.Path)
		if args.diff {
			fmt.Fprint(a.io.out, unifiedDiff(r))
		}
	}
	if !args.check {
		if err := format.Write(results); err != nil {
			return err
		}
	}
	if diags.HasErrors() || (args.check && changed > 0) {
		return ExitError{Code: 1}
	}
	return nil
}

func unifiedDiff(r format.Result) string {
	s, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(r.Original)), B: difflib.SplitLines(string(r.Formatted)),
		FromFile: r.Path, ToFile: r.Path + " (formatted)", Context: 3,
	})
	return s
}
