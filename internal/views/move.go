package views

import (
	"fmt"
	"io"
	"time"

	"github.com/jo-water/rollout/internal/plural"
)

// ParkedCopy is the old copy a moved tenant left on its old server.
type ParkedCopy struct {
	Tenant       string    `json:"tenant"`
	Server       string    `json:"server"`   // where the copy is parked
	MovedTo      string    `json:"moved_to"` // the server that serves the tenant now
	ParkedSchema string    `json:"parked_schema"`
	Since        time.Time `json:"since"`
	Dropped      bool      `json:"dropped"` // move --finalize dropped it
	// Tables and Rows: what the copy holds, counted by move --finalize
	// before it asks.
	Tables *int   `json:"tables,omitempty"`
	Rows   *int64 `json:"rows,omitempty"`
}

// MoveJSON is `rollout move --json`.
type MoveJSON struct {
	FormatVersion string       `json:"format_version"`
	Connections   []Server     `json:"connections"`
	Finalize      bool         `json:"finalize"`
	Parked        []ParkedCopy `json:"parked"`
}

// FinalizePlan says what move --finalize drops, before it asks.
func FinalizePlan(w io.Writer, parked []ParkedCopy) error {
	p := &printer{w: w}
	p.f("rollout move --finalize drops, for good:\n")
	for _, c := range parked {
		size := ""
		if c.Tables != nil && c.Rows != nil {
			rows := thousands(*c.Rows) + " rows"
			if *c.Rows == 1 {
				rows = "1 row"
			}
			size = fmt.Sprintf(" (%s, %s)", plural.Count(*c.Tables, "table"), rows)
		}
		p.f("  %s %s: schema %s on server %s%s, parked since %s; it runs on server %s\n", paint(red, "-"), c.Tenant,
			c.ParkedSchema, c.Server, size, c.Since.UTC().Format("2006-01-02 15:04 MST"), c.MovedTo)
	}
	return p.err
}

// Move prints the parked copies, or what --finalize dropped.
func Move(w io.Writer, m MoveJSON) error {
	p := &printer{w: w}
	for _, c := range m.Parked {
		if c.Dropped {
			p.f("%s: dropped its old copy, schema %s on server %s\n", c.Tenant, c.ParkedSchema, c.Server)
			continue
		}
		p.f("%s: moved to server %s; its old copy is parked on server %s as schema %s (since %s)\n",
			c.Tenant, c.MovedTo, c.Server, c.ParkedSchema, c.Since.UTC().Format("2006-01-02 15:04 MST"))
	}
	switch {
	case len(m.Parked) == 0:
		p.f("No parked copies: every moved tenant is finalized.\n")
	case !m.Finalize:
		p.f("Drop them with: rollout move --finalize\n")
	}
	return p.err
}
