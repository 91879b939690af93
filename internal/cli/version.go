package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/jo-water/rollout/internal/views"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print rollout's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.settings.JSON() {
				return views.WriteJSON(a.io.out, map[string]string{"format_version": views.FormatVersion, "version": Version, "go": runtime.Version()})
			}
			_, err := fmt.Fprintf(a.io.out, "rollout %s (%s)\n", Version, runtime.Version())
			return err
		},
	}
}
