package migrator

import (
	"bytes"
	"regexp"
)

// Files copied from other projects often carry their own BEGIN; … COMMIT;.
// rollout already runs every file as one transaction, together with the
// record that it ran; the file's own COMMIT would end that transaction
// early and split the file from its record. So whole-line transaction
// statements outside dollar-quoted bodies are dropped.
var txnLineRe = regexp.MustCompile(`(?i)^\s*(BEGIN|BEGIN\s+TRANSACTION|BEGIN\s+WORK|START\s+TRANSACTION|COMMIT|COMMIT\s+TRANSACTION|COMMIT\s+WORK|END|END\s+TRANSACTION)\s*;\s*(--.*)?$`)

func stripTransactionControl(sql []byte) []byte {
	lines := bytes.Split(sql, []byte("\n"))
	inDollar := false
	out := make([][]byte, 0, len(lines))
	for _, line := range lines {
		if !inDollar && txnLineRe.Match(line) {
			out = append(out, []byte("-- (rollout: transaction statement removed) "+string(bytes.TrimSpace(line))))
			continue
		}
		// An odd number of $$ (or $tag$) opens or closes a body.
		if bytes.Count(line, []byte("$$"))%2 == 1 || oddDollarTags(line) {
			inDollar = !inDollar
		}
		out = append(out, line)
	}
	return bytes.Join(out, []byte("\n"))
}

var dollarTagRe = regexp.MustCompile(`\$[A-Za-z_][A-Za-z0-9_]*\$`)

func oddDollarTags(line []byte) bool {
	return len(dollarTagRe.FindAll(line, -1))%2 == 1
}
