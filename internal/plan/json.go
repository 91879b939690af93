package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// writeJSON writes doc as json.Encoder with SetIndent("", "  ") does, the
// same bytes, except that it never holds the whole text: doc carries an
// empty "waves" array at its top level (a Plan with no waves, or a
// document embedding one) and waves are written there one tenant at a
// time. A plan of 10,000 governorates is tens of MiB of JSON, and the
// encoder builds all of it in memory before writing any.
func writeJSON(w io.Writer, doc any, waves []Wave) error {
	if err := withStreamed(w, doc, 0, "waves", len(waves), func(i, depth int) error {
		wv := waves[i]
		tenants := wv.Tenants
		if tenants == nil {
			return writeIndented(w, wv, depth)
		}
		wv.Tenants = []Tenant{}
		return withStreamed(w, wv, depth, "tenants", len(tenants), func(j, depth int) error {
			return writeIndented(w, tenants[j], depth)
		})
	}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// withStreamed writes v, indented as at depth, with the n elements of its
// (empty) array field key written by each, at their own depth.
func withStreamed(w io.Writer, v any, depth int, key string, n int, each func(i, depth int) error) error {
	b, err := json.MarshalIndent(v, indent(depth), "  ")
	if err != nil {
		return err
	}
	// The field at depth+1, on a line of its own: a raw newline never
	// occurs inside a JSON string, so this is the field itself.
	marker := []byte("\n" + indent(depth+1) + `"` + key + `": []`)
	at := bytes.Index(b, marker)
	if at < 0 {
		return errors.New("write JSON: no empty " + key + " array to fill")
	}
	open := at + len(marker) - 1 // the "]" of "[]"
	if _, err := w.Write(b[:open]); err != nil {
		return err
	}
	for i := range n {
		sep := ",\n"
		if i == 0 {
			sep = "\n"
		}
		if _, err := io.WriteString(w, sep+indent(depth+2)); err != nil {
			return err
		}
		if err := each(i, depth+2); err != nil {
			return err
		}
	}
	if n > 0 {
		if _, err := io.WriteString(w, "\n"+indent(depth+1)); err != nil {
			return err
		}
	}
	_, err = w.Write(b[open:])
	return err
}

func writeIndented(w io.Writer, v any, depth int) error {
	b, err := json.MarshalIndent(v, indent(depth), "  ")
	if err == nil {
		_, err = w.Write(b)
	}
	return err
}

func indent(depth int) string { return strings.Repeat("  ", depth) }
