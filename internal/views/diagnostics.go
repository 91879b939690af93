// Package views renders results for people (text) and machines (JSON).
// Core packages return values; only views write them out.
package views

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
	"github.com/jo-water/rollout/internal/plural"
)

// FormatVersion is the version of every JSON document rollout prints.
// It changes only when a field is removed or changes meaning.
const FormatVersion = "1"

// Diagnostics prints HCL diagnostics the way HCL's own tools do: file,
// line and column, the summary, the source line with the range marked,
// and the detail, which says how to fix it.
func Diagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	dw := hcl.NewDiagnosticTextWriter(w, files, 100, false)
	return dw.WriteDiagnostics(diags)
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonDiagnostic struct {
	Severity string     `json:"severity"`
	Summary  string     `json:"summary"`
	Detail   string     `json:"detail,omitempty"`
	Range    *jsonRange `json:"range,omitempty"`
}

// ValidateJSON is `rollout validate --json`.
type ValidateJSON struct {
	FormatVersion string           `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Tenants       int              `json:"tenants"`
	Modules       int              `json:"modules"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"`
}

// Validate prints the outcome of validate in text or JSON.
func Validate(w io.Writer, asJSON bool, files map[string]*hcl.File, diags hcl.Diagnostics, tenants, modules int) error {
	if asJSON {
		out := ValidateJSON{FormatVersion: FormatVersion, Valid: !diags.HasErrors(), Tenants: tenants, Modules: modules,
			Diagnostics: []jsonDiagnostic{}}
		for _, d := range diags {
			out.Diagnostics = append(out.Diagnostics, toJSON(d))
			if d.Severity == hcl.DiagError {
				out.ErrorCount++
			} else {
				out.WarningCount++
			}
		}
		return WriteJSON(w, out)
	}
	if len(diags) > 0 {
		if err := Diagnostics(w, files, diags); err != nil {
			return err
		}
	}
	if !diags.HasErrors() {
		_, err := fmt.Fprintf(w, "%s %s and %s are valid.\n", paint(green, "Success!"), plural.Count(tenants, "tenant"), plural.Count(modules, "module"))
		return err
	}
	_, err := fmt.Fprintf(w, "%s found.\n", paint(red, plural.Count(len(diags.Errs()), "error")))
	return err
}

func toJSON(d *hcl.Diagnostic) jsonDiagnostic {
	sev := "error"
	if d.Severity == hcl.DiagWarning {
		sev = "warning"
	}
	out := jsonDiagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail}
	if d.Subject != nil {
		s := d.Subject
		out.Range = &jsonRange{Filename: s.Filename,
			Start: jsonPos{s.Start.Line, s.Start.Column, s.Start.Byte}, End: jsonPos{s.End.Line, s.End.Column, s.End.Byte}}
	}
	return out
}

// WriteJSON writes one indented JSON document.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeLine(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }
