package cli

import (
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command a person can run shows an example in its --help.
func TestEveryCommandHasAnExample(t *testing.T) {
	root := newRoot(&streams{in: strings.NewReader(""), out: io.Discard, err: io.Discard}, nil)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Runnable() && !c.Hidden && c.Name() != "help" && c.Example == "" {
			t.Errorf("%s has no example in its --help", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
