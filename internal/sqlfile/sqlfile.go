// Package sqlfile reads golang-migrate SQL files with PostgreSQL's own
// parser (pg_query_go): it finds the statements of a file, the
// transaction statements the file carries itself, the extensions and
// objects it creates, and maps a server error back to the file's own
// line and column. A file is parsed once per content (cached by checksum),
// however many tenants run it.
package sqlfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// NoTransactionMarker, as a comment line of its own in an up file, makes
// rollout run that file outside a transaction, statement by statement
// (for CREATE INDEX CONCURRENTLY).
const NoTransactionMarker = "-- rollout:no-transaction"

// Kind sorts statements by what rollout does with them.
type Kind int

const (
	// Plain statements run as written.
	Plain Kind = iota
	// Transaction is BEGIN, COMMIT, END, ROLLBACK, START TRANSACTION…:
	// rollout owns the transaction a file runs in, so these are removed.
	Transaction
	// Refused is a statement a migration file cannot carry: ROLLBACK and
	// two-phase commit would discard or detach the file's own work.
	Refused
	// CreateExtension and DropExtension: extensions are shared by every
	// tenant of a database; rollout installs them, so these are removed.
	CreateExtension
	DropExtension
)

// Statement is one statement of a file.
type Statement struct {
	Start, End int // byte offsets of its first token and just after its last (without ';')
	Kind       Kind
	Extensions []string // the extensions a CREATE/DROP EXTENSION names
	Tree       *pg.Node
}

// File is one parsed SQL file. Files with equal content share one File.
type File struct {
	Body          []byte
	Sum           string // hex sha256 of Body
	Statements    []Statement
	NoTransaction bool
	Objects       []Object
	// runnable is Body with the removed statements (and their ';')
	// replaced by spaces, line breaks kept: every byte offset, line and
	// column of the runnable text is the same in the file.
	runnable []byte
}

var cache sync.Map // sum → *File

// Read reads and parses a file.
func Read(path string) (*File, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(body)
}

// Parse parses a file's content, or returns the File parsed before for
// the same content. A syntax error is a *ParseError with line and column.
func Parse(body []byte) (*File, error) {
	sum := sha256.Sum256(body)
	key := hex.EncodeToString(sum[:])
	if f, ok := cache.Load(key); ok {
		return f.(*File), nil
	}
	f, err := parse(body, key)
	if err != nil {
		return nil, err
	}
	actual, _ := cache.LoadOrStore(key, f)
	return actual.(*File), nil
}

func parse(body []byte, sum string) (*File, error) {
	if bytes.IndexByte(body, 0) >= 0 {
		return nil, &ParseError{Line: 1, Col: 1, Msg: "the file contains a NUL byte"}
	}
	text := string(body)
	tree, err := pg.Parse(text)
	if err != nil {
		return nil, parseError(body, err)
	}
	scan, err := pg.Scan(text)
	if err != nil {
		return nil, parseError(body, err)
	}
	f := &File{Body: body, Sum: sum}
	starts := tokenStarts(scan)
	for _, raw := range tree.Stmts {
		f.Statements = append(f.Statements, statement(raw, starts, len(body)))
	}
	f.NoTransaction = hasMarker(text, scan)
	f.runnable = blank(body, f.Statements)
	f.Objects = objects(f)
	return f, nil
}

func parseError(body []byte, err error) error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		line, col := 1, 1
		if pe.Cursorpos > 0 {
			line, col = LineCol(body, ByteOffset(body, 0, pe.Cursorpos-1))
		}
		return &ParseError{Line: line, Col: col, Msg: pe.Message}
	}
	return &ParseError{Line: 1, Col: 1, Msg: err.Error()}
}

// tokenStarts are the byte offsets where real tokens (not comments) start.
func tokenStarts(scan *pg.ScanResult) []int {
	out := make([]int, 0, len(scan.Tokens))
	for _, t := range scan.Tokens {
		if t.Token != pg.Token_SQL_COMMENT && t.Token != pg.Token_C_COMMENT {
			out = append(out, int(t.Start))
		}
	}
	return out
}

// statement turns a parse tree statement into a Statement. PostgreSQL's
// location of a statement starts right after the previous ';' (with the
// whitespace and comments between); Start is its first real token.
func statement(raw *pg.RawStmt, starts []int, size int) Statement {
	loc := int(raw.StmtLocation)
	end := loc + int(raw.StmtLen)
	if raw.StmtLen == 0 {
		end = size
	}
	s := Statement{Start: firstAtOrAfter(starts, loc), End: end, Tree: raw.Stmt}
	s.Kind, s.Extensions = classify(raw.Stmt)
	return s
}

func firstAtOrAfter(starts []int, at int) int {
	lo, hi := 0, len(starts)
	for lo < hi {
		mid := (lo + hi) / 2
		if starts[mid] < at {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == len(starts) {
		return at
	}
	return starts[lo]
}

func classify(n *pg.Node) (Kind, []string) {
	switch s := n.Node.(type) {
	case *pg.Node_TransactionStmt:
		switch s.TransactionStmt.Kind {
		case pg.TransactionStmtKind_TRANS_STMT_BEGIN, pg.TransactionStmtKind_TRANS_STMT_START,
			pg.TransactionStmtKind_TRANS_STMT_COMMIT:
			return Transaction, nil
		case pg.TransactionStmtKind_TRANS_STMT_SAVEPOINT, pg.TransactionStmtKind_TRANS_STMT_RELEASE,
			pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
			return Plain, nil
		}
		return Refused, nil
	case *pg.Node_CreateExtensionStmt:
		return CreateExtension, []string{s.CreateExtensionStmt.Extname}
	case *pg.Node_DropStmt:
		if s.DropStmt.RemoveType == pg.ObjectType_OBJECT_EXTENSION {
			return DropExtension, stringItems(s.DropStmt.Objects)
		}
	}
	return Plain, nil
}

func stringItems(nodes []*pg.Node) []string {
	var out []string
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// hasMarker: the marker is a comment token of its own (not text inside a
// string or a function body).
func hasMarker(text string, scan *pg.ScanResult) bool {
	for _, t := range scan.Tokens {
		if t.Token == pg.Token_SQL_COMMENT && text[t.Start:t.End] == NoTransactionMarker {
			return true
		}
	}
	return false
}

// blank replaces removed statements, with the ';' that ends each, by
// spaces; line breaks stay so positions do not move.
func blank(body []byte, stmts []Statement) []byte {
	out := bytes.Clone(body)
	for _, s := range stmts {
		if s.Kind == Plain {
			continue
		}
		end := s.End
		if end < len(out) && out[end] == ';' {
			end++
		}
		for i := s.Start; i < end; i++ {
			if out[i] != '\n' && out[i] != '\r' {
				out[i] = ' '
			}
		}
	}
	return out
}

// Runnable is the file as rollout runs it in one transaction: its own
// transaction and extension statements removed, every other byte in place.
func (f *File) Runnable() []byte { return f.runnable }

// Of are the file's statements of the given kinds, in order.
func (f *File) Of(kinds ...Kind) []Statement {
	var out []Statement
	for _, s := range f.Statements {
		if slices.Contains(kinds, s.Kind) {
			out = append(out, s)
		}
	}
	return out
}

// Text is a statement's source text.
func (f *File) Text(s Statement) string { return string(f.Body[s.Start:s.End]) }

// Pos is where a statement starts, as "line:col".
func (f *File) Pos(s Statement) string {
	l, c := LineCol(f.Body, s.Start)
	return fmt.Sprintf("%d:%d", l, c)
}
