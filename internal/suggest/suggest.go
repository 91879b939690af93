// Package suggest finds the known name a mistyped one was meant to be, for
// "did you mean" hints in config keys, variables, flags and HCL names.
package suggest

import (
	"fmt"

	"github.com/agext/levenshtein"
)

// Closest returns the known name nearest to name, or "" when none is close
// enough to be a plausible typo (more than a third of the name differs).
func Closest(name string, known []string) string {
	best, bestD := "", max(3, len(name)/3)+1
	for _, k := range known {
		if d := levenshtein.Distance(name, k, nil); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// Hint returns ` (did you mean "x"?)` for the closest known name, or "".
func Hint(name string, known []string) string {
	if best := Closest(name, known); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
