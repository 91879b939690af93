package sqlfile

import "unicode/utf8"

// LineCol is the 1-based line and column (in characters, as editors and
// psql count) of a byte offset.
func LineCol(body []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(body))
	line, start := 1, 0
	for i := 0; i < offset; i++ {
		if body[i] == '\n' {
			line, start = line+1, i+1
		}
	}
	return line, utf8.RuneCount(body[start:offset]) + 1
}

// ByteOffset is the byte offset of the chars-th character (0-based) after
// byte offset from: the server counts error positions in characters.
func ByteOffset(body []byte, from, chars int) int {
	i := from
	for ; chars > 0 && i < len(body); chars-- {
		_, size := utf8.DecodeRune(body[i:])
		i += size
	}
	return i
}

// statementAt is the index of the statement containing a byte offset, or
// of the last one that starts before it; -1 before the first.
func (f *File) statementAt(offset int) int {
	at := -1
	for i, s := range f.Statements {
		if s.Start > offset {
			break
		}
		at = i
	}
	return at
}
