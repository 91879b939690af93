// Package hclfile reads the project's files (tenant and module HCL,
// migration SQL) as hostile input: only regular files, never through a
// symbolic link (a link to /proc/self/environ would be read and its lines
// shown in a diagnostic), and HCL only after a linear scan has checked its
// nesting depth (HCL's parser recurses once per bracket: 100,000 of them
// overflow the stack and kill the process, which no recover() catches).
package hclfile

import (
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// MaxNesting is the deepest nesting of brackets, braces, parentheses,
// quotes and template sequences a file may have. Real files nest a handful
// of levels; the parser's stack stays small far beyond this.
const MaxNesting = 256

// Read returns a regular file's bytes. A symbolic link, a device, a pipe
// or a folder is refused with a diagnostic, and is not opened for reading
// beyond what it takes to find out (O_NOFOLLOW, O_NONBLOCK).
func Read(path string) ([]byte, *hcl.Diagnostic) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		if st, lerr := os.Lstat(path); lerr == nil && st.Mode()&os.ModeSymlink != 0 {
			return nil, NotRegular(path, "a symbolic link")
		}
		return nil, FileDiag(path, "Unreadable file", fmt.Sprintf("The file cannot be read (%v); fix its permissions.", err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, FileDiag(path, "Unreadable file", fmt.Sprintf("The file cannot be read (%v); fix its permissions.", err))
	}
	if !st.Mode().IsRegular() {
		return nil, NotRegular(path, "not a regular file ("+st.Mode().Type().String()+")")
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, FileDiag(path, "Unreadable file", fmt.Sprintf("The file cannot be read (%v); fix its permissions.", err))
	}
	return b, nil
}

// NotRegular is the diagnostic for a path that is not a regular file.
func NotRegular(path, what string) *hcl.Diagnostic {
	return FileDiag(path, "Not a regular file",
		fmt.Sprintf("This path is %s; project files are read only as regular files inside their folder, so copy the file here instead of linking it.", what))
}

// CheckNesting scans HCL source with the (non-recursive) lexer and refuses
// it, at the first token too deep, if it nests more than MaxNesting.
//
// Every opening token holds one of the bytes { [ ( " < (a heredoc's <<, a
// template's ${ and %{), and tokens do not overlap: a file with at most
// MaxNesting of those bytes cannot nest deeper, and is not lexed here (the
// parser lexes it anyway; lexing twice was a fifth of loading a fleet).
func CheckNesting(src []byte, path string) hcl.Diagnostics {
	if openers(src) <= MaxNesting {
		return nil
	}
	depth := 0
	toks, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos) // lexing errors are the parser's to report
	for _, tok := range toks {
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenOQuote,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
			if depth > MaxNesting {
				return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Nesting too deep",
					Detail:  fmt.Sprintf("Brackets, braces, parentheses and templates nest more than %d levels deep here; no rollout file needs that many, so this file is refused before parsing.", MaxNesting),
					Subject: tok.Range.Ptr()}}
			}
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCQuote,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			depth--
		}
	}
	return nil
}

// Parse reads and parses one HCL file safely: Read, CheckNesting, then
// hclsyntax. The returned file is nil when the diagnostics hold an error.
func Parse(path string, parse func(src []byte, path string) (*hcl.File, hcl.Diagnostics)) (*hcl.File, hcl.Diagnostics) {
	src, d := Read(path)
	if d != nil {
		return nil, hcl.Diagnostics{d}
	}
	if diags := CheckNesting(src, path); diags.HasErrors() {
		return nil, diags // no source lines either: the offending one may be megabytes long
	}
	return parse(src, path)
}

// FileDiag is an error about a whole file, placed at its start.
func FileDiag(path, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail,
		Subject: &hcl.Range{Filename: path, Start: hcl.InitialPos, End: hcl.InitialPos}}
}

// openers counts the bytes an opening token can start with or contain.
func openers(src []byte) int {
	n := 0
	for _, b := range src {
		switch b {
		case '{', '[', '(', '"', '<':
			n++
		}
	}
	return n
}
