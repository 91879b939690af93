package sqlfile

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrProbe: a health probe's SQL is not one SELECT that reads only the
// system catalog (see CheckProbe); errors.Is matches a *ProbeError.
var ErrProbe = errors.New("not a health probe")

// ProbeError says what a health probe's SQL does that a probe may not,
// and where in the SQL (Line 0: the SQL as a whole).
type ProbeError struct {
	Line, Col int
	Msg       string // "names balqa.t in schema \"balqa\"; …"
}

func (e *ProbeError) Error() string {
	if e.Line == 0 {
		return "the SQL " + e.Msg
	}
	return fmt.Sprintf("the SQL %s (line %d, column %d)", e.Msg, e.Line, e.Col)
}

// Is makes errors.Is(err, ErrProbe) true.
func (e *ProbeError) Is(target error) bool { return target == ErrProbe }

// ParseError is a syntax error in a file, at its line and column.
type ParseError struct {
	Line, Col int
	Msg       string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// ExecError is a server error placed at the file's own line and column,
// as psql reports it: "file:line:col: ERROR: message", then the failing
// statement. The first line stands alone in tables; Error has it all.
type ExecError struct {
	Path      string
	Line, Col int
	Statement string // the failing statement, shortened
	Err       error
}

func (e *ExecError) Error() string {
	var b strings.Builder
	b.WriteString(e.Summary())
	var pe *pgconn.PgError
	if errors.As(e.Err, &pe) {
		for _, l := range [][2]string{{"DETAIL", pe.Detail}, {"HINT", pe.Hint}, {"CONTEXT", pe.Where}} {
			if l[1] != "" {
				fmt.Fprintf(&b, "\n%s: %s", l[0], l[1])
			}
		}
	}
	if e.Statement != "" {
		b.WriteString("\nSTATEMENT: " + e.Statement)
	}
	return b.String()
}

// Summary is the error's first line.
func (e *ExecError) Summary() string {
	msg := e.Err.Error()
	var pe *pgconn.PgError
	if errors.As(e.Err, &pe) {
		msg = fmt.Sprintf("%s: %s (SQLSTATE %s)", pe.Severity, pe.Message, pe.Code)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, msg)
}

func (e *ExecError) Unwrap() error { return e.Err }

// ErrorInFile places a server error from running the whole Runnable text
// after `prefix` (rollout's own SQL sent before it in the same query).
// done is how many of the file's Plain statements completed before the
// failure: the failing statement when the server gives no position. An
// error outside the file's statements (rollout's own records) is returned
// as it is.
func (f *File) ErrorInFile(path string, err error, prefix string, done int) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	if pe.Position > 0 {
		at := int(pe.Position) - 1 - utf8.RuneCountInString(prefix)
		if at >= 0 && at < utf8.RuneCount(f.runnable) {
			return f.execError(path, err, ByteOffset(f.runnable, 0, at))
		}
	}
	plain := f.Of(Plain)
	if done < 0 || done >= len(plain) {
		return err
	}
	return f.execError(path, err, plain[done].Start)
}

// ErrorInStatement places a server error from running one statement alone.
func (f *File) ErrorInStatement(path string, err error, s Statement) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	at := s.Start
	if pe.Position > 0 {
		at = ByteOffset(f.Body, s.Start, int(pe.Position)-1)
	}
	return f.execError(path, err, at)
}

func (f *File) execError(path string, err error, offset int) *ExecError {
	line, col := LineCol(f.Body, offset)
	e := &ExecError{Path: path, Line: line, Col: col, Err: err}
	if i := f.statementAt(offset); i >= 0 {
		e.Statement = shorten(f.Text(f.Statements[i]))
	}
	return e
}

// shorten keeps a statement's first lines: enough to recognise it, never
// a whole file.
func shorten(s string) string {
	const maxLines, maxChars = 6, 400
	lines := strings.Split(strings.TrimSpace(s), "\n")
	cut := len(lines) > maxLines
	if cut {
		lines = lines[:maxLines]
	}
	out := strings.Join(lines, "\n")
	if utf8.RuneCountInString(out) > maxChars {
		out, cut = string([]rune(out)[:maxChars]), true
	}
	if cut {
		out += " …"
	}
	return out
}
