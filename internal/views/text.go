package views

import (
	"strings"
	"sync/atomic"

	"github.com/mattn/go-runewidth"

	"github.com/jo-water/rollout/internal/plural"
)

// Count is "1 governorate", "2 governorates": a number with its noun.
func Count(n int, noun string) string { return plural.Count(n, noun) }

// Truncate shortens text to width columns with "…", so one long error
// does not make a table hundreds of columns wide; --json and history
// --json keep the full text.
func Truncate(s string, width int) string {
	return runewidth.Truncate(strings.Join(strings.Fields(s), " "), width, "…")
}

// colour is on when the output is a terminal that wants it (the CLI
// decides: NO_COLOR, --no-color and TERM=dumb turn it off).
var colour atomic.Bool

// SetColour turns colours on or off for everything views prints.
func SetColour(on bool) { colour.Store(on) }

// ANSI colours for outcomes.
const (
	green  = "32"
	yellow = "33"
	red    = "31"
)

// paint wraps s in a colour when colours are on.
func paint(code, s string) string {
	if !colour.Load() || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// agree picks the verb that agrees with a count: "1 governorate matches",
// "2 governorates match".
func agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
