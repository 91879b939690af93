// Package plural writes counts with their noun in the right number ("1
// tenant", "3 tenants"), for every package that builds messages: the core
// packages' halt reasons and batch details, and the views.
package plural

import "fmt"

// Count is "1 tenant" or "n tenants" (nouns that take an s).
func Count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
