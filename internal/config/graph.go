package config

import (
	"sort"

	suggestpkg "github.com/jo-water/rollout/internal/suggest"
)

// topoSort orders names so each comes after its deps (unknown deps are
// ignored), in time linear in names and deps (Kahn's algorithm): names
// free of deps first, in the given order. Names in a cycle, or after one,
// are returned separately, sorted.
func topoSort(names []string, deps func(string) []string) (order, cyclic []string) {
	known := make(map[string]bool, len(names))
	for _, n := range names {
		known[n] = true
	}
	waiting := make(map[string]int, len(names)) // deps not yet ordered
	users := map[string][]string{}
	for _, n := range names {
		seen := map[string]bool{}
		for _, d := range deps(n) {
			if known[d] && !seen[d] {
				seen[d] = true
				waiting[n]++
				users[d] = append(users[d], n)
			}
		}
	}
	for _, n := range names {
		if waiting[n] == 0 {
			order = append(order, n)
		}
	}
	for i := 0; i < len(order); i++ {
		for _, u := range users[order[i]] {
			if waiting[u]--; waiting[u] == 0 {
				order = append(order, u)
			}
		}
	}
	for _, n := range names {
		if waiting[n] > 0 {
			cyclic = append(cyclic, n)
		}
	}
	sort.Strings(cyclic)
	return order, cyclic
}

// suggest returns ` (did you mean "x"?)` for the closest known name.
func suggest(name string, known []string) string { return suggestpkg.Hint(name, known) }
