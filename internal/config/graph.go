package config

import (
	"fmt"
	"sort"

	"github.com/agext/levenshtein"
)

// topoSort orders names so each comes after its deps (unknown deps are
// ignored). Names left in a cycle are returned separately, sorted.
func topoSort(names []string, deps func(string) []string) (order, cyclic []string) {
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	done := map[string]bool{}
	for len(order)+len(cyclic) < len(names) {
		progress := false
		for _, n := range names {
			if done[n] {
				continue
			}
			ready := true
			for _, d := range deps(n) {
				if known[d] && !done[d] && d != n {
					ready = false
				}
				if d == n {
					ready = false
				}
			}
			if ready {
				done[n], progress = true, true
				order = append(order, n)
			}
		}
		if !progress {
			for _, n := range names {
				if !done[n] {
					cyclic = append(cyclic, n)
					done[n] = true
				}
			}
		}
	}
	sort.Strings(cyclic)
	return order, cyclic
}

// suggest returns ` (did you mean "x"?)` for the closest known name.
func suggest(name string, known []string) string {
	best, bestD := "", 4
	for _, k := range known {
		if d := levenshtein.Distance(name, k, nil); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
