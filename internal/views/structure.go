package views

import (
	"fmt"
	"io"

	"github.com/jo-water/rollout/internal/drift"
	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/plural"
)

// DiffJSON is `rollout diff --json`.
type DiffJSON struct {
	FormatVersion string           `json:"format_version"`
	Connections   []Server         `json:"connections"`
	From          string           `json:"from"`
	To            string           `json:"to"`
	Same          bool             `json:"same"`
	Changes       []inspect.Change `json:"changes"`
	Lines         []string         `json:"lines"`
}

// NewDiffJSON fills DiffJSON, naming objects in the second tenant's schema.
func NewDiffJSON(from, to, schema string, changes []inspect.Change) DiffJSON {
	out := DiffJSON{FormatVersion: FormatVersion, From: from, To: to, Same: len(changes) == 0, Changes: changes, Lines: []string{}}
	if out.Changes == nil {
		out.Changes = []inspect.Change{}
	}
	for _, c := range changes {
		out.Lines = append(out.Lines, c.String(schema))
	}
	return out
}

// StructureDiff prints how one tenant's schema differs from another's.
func StructureDiff(w io.Writer, d DiffJSON) error {
	if d.Same {
		_, err := fmt.Fprintf(w, "%s and %s have the same structure.\n", d.From, d.To)
		return err
	}
	fmt.Fprintf(w, "%s compared with %s (+ only in %s, - only in %s, ~ differs):\n", d.To, d.From, d.To, d.From)
	for _, l := range d.Lines {
		fmt.Fprintln(w, "  "+l)
	}
	_, err := fmt.Fprintf(w, "%s.\n", plural.Count(len(d.Lines), "difference"))
	return err
}

// Drift prints every tenant's hand-made structural changes; nothing when
// all are clean.
func Drift(w io.Writer, reports []drift.Report) error {
	n := 0
	for _, r := range reports {
		if len(r.Lines) == 0 && r.Error == "" {
			continue
		}
		if n == 0 {
			fmt.Fprintln(w, "\nHand-made structural changes (live schema compared with its recorded versions):")
		}
		n++
		if r.Error != "" {
			fmt.Fprintf(w, "  %s: cannot compare: %s\n", r.Tenant, r.Error)
			continue
		}
		fmt.Fprintf(w, "  %s:\n", r.Tenant)
		for _, l := range r.Lines {
			fmt.Fprintln(w, "    "+l)
		}
	}
	if n == 0 {
		return nil
	}
	_, err := fmt.Fprintf(w, "%d of %s %s hand-made structural changes.\n", n, plural.Count(len(reports), "governorate"), agree(n, "has", "have"))
	return err
}
