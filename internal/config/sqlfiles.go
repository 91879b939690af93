package config

import (
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/jo-water/rollout/internal/sqlfile"
)

// parseSQL parses a migration file with PostgreSQL's parser; a syntax
// error or a statement a migration cannot carry is a diagnostic at its
// line and column.
func parseSQL(path string, body []byte) (*sqlfile.File, hcl.Diagnostics) {
	f, err := sqlfile.Parse(body)
	var pe *sqlfile.ParseError
	if errors.As(err, &pe) {
		return nil, hcl.Diagnostics{sqlDiag(path, body, pe.Line, pe.Col, "SQL syntax error",
			fmt.Sprintf("PostgreSQL's parser stops here: %s. Fix the statement; the file never ran anywhere.", pe.Msg))}
	}
	if err != nil {
		return nil, hcl.Diagnostics{fileDiag(path, "Unreadable migration file", err.Error())}
	}
	var diags hcl.Diagnostics
	for _, s := range f.Of(sqlfile.Refused) {
		l, c := sqlfile.LineCol(body, s.Start)
		diags = append(diags, sqlDiag(path, body, l, c, "Transaction statement a migration cannot carry",
			fmt.Sprintf("%q would discard or detach the file's work; rollout runs each file in its own transaction "+
				"and commits it with its record. Remove the statement.", f.Text(s))))
	}
	return f, diags
}

// sqlDiag is an error at a line and column of a SQL file.
func sqlDiag(path string, body []byte, line, col int, summary, detail string) *hcl.Diagnostic {
	start := hcl.Pos{Line: line, Column: col, Byte: byteAt(body, line, col)}
	end := start
	end.Column++
	end.Byte++
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail,
		Subject: &hcl.Range{Filename: path, Start: start, End: end}}
}

// byteAt is the byte offset of a line and column.
func byteAt(body []byte, line, col int) int {
	l, off := 1, 0
	for off < len(body) && l < line {
		if body[off] == '\n' {
			l++
		}
		off++
	}
	return sqlfile.ByteOffset(body, off, col-1)
}

// checkFileExtensions: extensions belong to the whole database, so rollout
// installs them (once, into the shared extensions schema) and the files'
// own CREATE/DROP EXTENSION statements do not run. A file may only name
// an extension its module declares; anything else would silently be
// missing.
func checkFileExtensions(m *Module, moduleFile string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, mg := range m.Migrations {
		for _, up := range []bool{true, false} {
			f, path := mg.File(up)
			if f == nil {
				continue
			}
			for _, s := range f.Of(sqlfile.CreateExtension, sqlfile.DropExtension) {
				for _, name := range s.Extensions {
					if slices.Contains(m.Extensions, name) {
						continue
					}
					l, c := sqlfile.LineCol(f.Body, s.Start)
					diags = append(diags, sqlDiag(path, f.Body, l, c, "Undeclared extension",
						fmt.Sprintf("This file names the extension %q, which module %q does not declare. Extensions are shared by every "+
							"tenant of a database, so rollout installs them itself: add %q to extensions = [...] in %s; the file's own "+
							"CREATE/DROP EXTENSION statements then do nothing.", name, m.Name, name, moduleFile)))
				}
			}
		}
	}
	return diags
}
