package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jo-water/rollout/internal/suggest"
)

// examples are shown in each command's --help, by command path.
var examples = map[string]string{
	"rollout validate":  "  rollout validate\n  rollout validate --json | jq '.diagnostics[]'",
	"rollout fmt":       "  rollout fmt\n  rollout fmt --check --diff   # in CI: exit 1 and show what would change",
	"rollout plan":      "  rollout plan\n  rollout plan --tenant karak --tenant tafila\n  rollout plan --out rollout.plan --detailed-exitcode",
	"rollout apply":     "  rollout apply\n  rollout apply rollout.plan              # exactly the saved plan\n  rollout apply --auto-approve --json > apply.jsonl",
	"rollout status":    "  rollout status\n  rollout status --skip-checks --detailed-exitcode",
	"rollout history":   "  rollout history --tenant karak --limit 20\n  rollout history --json | jq '.events[] | select(.outcome==\"failed\")'",
	"rollout diff":      "  rollout diff balqa karak",
	"rollout db":        "  rollout db start\n  rollout db status --json",
	"rollout db start":  "  rollout db start",
	"rollout db stop":   "  rollout db stop",
	"rollout db url":    "  psql \"$(rollout db url)\"",
	"rollout db status": "  rollout db status --json",
	"rollout version":   "  rollout version --json",
	"rollout lint":      "  rollout lint\n  rollout lint --json | jq '.findings[] | .rule'",
	"rollout approve":   "  rollout approve --wave 3\n  ROLLOUT_ACTOR=\"amal.haddad\" rollout approve --wave 3 --json",
	"rollout resume":    "  rollout resume --wave 2",
	"rollout adopt": "  rollout adopt --tenant balqa\n  rollout adopt --all --auto-approve\n" +
		"  rollout adopt --tenant karak --service complaints --version 3",
	"rollout uninstall":             "  rollout uninstall --server default\n  rollout uninstall --server south --auto-approve --json",
	"rollout completion":            "  rollout completion bash > /etc/bash_completion.d/rollout",
	"rollout completion bash":       "  source <(rollout completion bash)",
	"rollout completion zsh":        "  rollout completion zsh > \"${fpath[1]}/_rollout\"",
	"rollout completion fish":       "  rollout completion fish > ~/.config/fish/completions/rollout.fish",
	"rollout completion powershell": "  rollout completion powershell | Out-String | Invoke-Expression",
}

// finishCommands gives every command its example, makes a command that
// only groups others refuse unknown words (cobra prints its help and exits
// 0), and answers flag mistakes with a sentence.
func finishCommands(root *cobra.Command) {
	root.SetFlagErrorFunc(flagError)
	root.InitDefaultCompletionCmd() // now, not at Execute: its commands get their examples too
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if ex, ok := examples[c.CommandPath()]; ok && c.Example == "" {
			c.Example = ex
		}
		if c.HasSubCommands() && c.RunE == nil && c.Run == nil && c != root {
			c.Args = cobra.ArbitraryArgs
			c.RunE = groupOnly
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// groupOnly runs for "rollout db" alone or "rollout db strat": a mistake.
func groupOnly(cmd *cobra.Command, args []string) error {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	if len(args) == 0 {
		return fmt.Errorf("%q needs a subcommand: %s (see %s --help)", cmd.CommandPath(), strings.Join(names, ", "), cmd.CommandPath())
	}
	return fmt.Errorf("unknown command %q for %q%s; its subcommands are %s", args[0], cmd.CommandPath(),
		suggest.Hint(args[0], names), strings.Join(names, ", "))
}

var (
	unknownFlag = regexp.MustCompile(`^unknown (?:shorthand )?flag: '?-{0,2}([^' ]+)'?`)
	badValue    = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?--([^"]+)" flag: (.*)$`)
)

// flagError turns pflag's messages into sentences: "did you mean" for a
// misspelt flag, and what a flag's value should look like, with an example.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if m := unknownFlag.FindStringSubmatch(msg); m != nil {
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		hint := ""
		if best := suggest.Closest(m[1], names); best != "" {
			hint = fmt.Sprintf(" (did you mean --%s?)", best)
		}
		return fmt.Errorf("unknown flag --%s for %q%s; see %s --help", m[1], cmd.CommandPath(), hint, cmd.CommandPath())
	}
	if m := badValue.FindStringSubmatch(msg); m != nil {
		f := cmd.Flags().Lookup(m[2])
		if f == nil {
			return err
		}
		return fmt.Errorf("--%s is %q: %s", m[2], m[1], flagValueHint(f))
	}
	return errors.New(msg + "; see " + cmd.CommandPath() + " --help")
}

// flagValueHint says what a flag's value looks like, by its type.
func flagValueHint(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "duration":
		return fmt.Sprintf("give a duration with its unit, e.g. --%s 30s, 5m or 1h30m", f.Name)
	case "int", "int32", "int64":
		return fmt.Sprintf("give a whole number, e.g. --%s 8", f.Name)
	case "uint", "uint32", "uint64":
		return fmt.Sprintf("give a whole number, 0 or more, e.g. --%s 3", f.Name)
	case "bool":
		return fmt.Sprintf("give true or false, or just --%s", f.Name)
	}
	return "see --help for what it takes"
}
