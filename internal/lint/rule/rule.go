// Package rule is the catalogue of lint rules: names, codes, why each
// hurts on a fleet and the safe recipe. It is apart from internal/lint so
// that module.hcl can name rules (internal/config) without a cycle.
package rule

// Rule is one check, named as squawk names it where squawk has it, so a
// team that knows squawk knows ours.
type Rule struct {
	Code string // stable short code: L001…
	Name string // squawk's rule name
	// Why it hurts on a fleet, and the safe way to write it.
	Why, Fix string
}

// The rules, in code order.
var (
	ConcurrentIndex = Rule{"L001", "require-concurrent-index-creation",
		"CREATE INDEX without CONCURRENTLY on existing table %s blocks every write to it while the index builds",
		"create the index with CREATE INDEX CONCURRENTLY in a file of its own that starts with the line " +
			"`-- rollout:no-transaction` (the file then runs outside a transaction)"}
	RequiredField = Rule{"L002", "adding-required-field",
		"ADD COLUMN %s NOT NULL without a DEFAULT fails on every tenant whose table has rows",
		"add the column with a constant DEFAULT (no rewrite since PostgreSQL 11), or nullable, backfill, then make it NOT NULL"}
	VolatileDefault = Rule{"L003", "adding-field-with-default",
		"ADD COLUMN %s with a volatile default (%s) rewrites the whole table under an ACCESS EXCLUSIVE lock",
		"add the column without a default (or with a constant one), then ALTER COLUMN … SET DEFAULT in a second statement, and backfill existing rows in batches"}
	ColumnType = Rule{"L004", "changing-column-type",
		"ALTER COLUMN %s TYPE rewrites table %s (and its indexes) under an ACCESS EXCLUSIVE lock",
		"add a new column of the new type, backfill it, switch the application, then drop the old column in a later version; " +
			"only a binary-compatible change (varchar(n) to text or a larger n) skips the rewrite"}
	SetNotNull = Rule{"L005", "adding-not-nullable-field",
		"SET NOT NULL on %s scans the whole table under an ACCESS EXCLUSIVE lock",
		"ADD CONSTRAINT … CHECK (%s IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later file, then SET NOT NULL (PostgreSQL 12+ uses the valid check and skips the scan)"}
	ForeignKey = Rule{"L006", "adding-foreign-key-constraint",
		"ADD FOREIGN KEY on %s without NOT VALID scans it while holding locks on both tables",
		"add the constraint with NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in a later file (it takes a weaker lock)"}
	CheckConstraint = Rule{"L007", "constraint-missing-not-valid",
		"ADD CHECK on %s without NOT VALID scans the whole table under an ACCESS EXCLUSIVE lock",
		"add the constraint with NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in a later file (it takes a weaker lock)"}
	DropTable = Rule{"L008", "ban-drop-table",
		"DROP TABLE %s destroys its data",
		"stop using the table first and drop it in a later version, once no deployed code reads it and a backup exists; " +
			"if this is meant, ignore the rule for this version in module.hcl with the reason"}
	DropColumn = Rule{"L009", "ban-drop-column",
		"DROP COLUMN %s destroys its data",
		"stop using the column first and drop it in a later version, once no deployed code reads it; " +
			"if this is meant, ignore the rule for this version in module.hcl with the reason"}
	ConcurrentInTx = Rule{"L010", "ban-concurrent-index-creation-in-transaction",
		"%s CONCURRENTLY cannot run inside a transaction, and this file runs in one: it fails on the first tenant",
		"move the CONCURRENTLY statements to a file of their own that starts with the line `-- rollout:no-transaction`"}
	LockTimeout = Rule{"L011", "require-timeout-settings",
		"module %s runs its files with lock_timeout = 0: a file waiting for a busy table's lock waits without end, and its wave with it",
		"remove `lock_timeout = \"0s\"` from module.hcl (the default is the migration_lock_timeout setting) or give a few seconds"}
)

// Rules lists every rule.
var Rules = []Rule{ConcurrentIndex, RequiredField, VolatileDefault, ColumnType, SetNotNull, ForeignKey,
	CheckConstraint, DropTable, DropColumn, ConcurrentInTx, LockTimeout}

// Lookup finds a rule by its name or code.
func Lookup(nameOrCode string) (Rule, bool) {
	for _, r := range Rules {
		if r.Name == nameOrCode || r.Code == nameOrCode {
			return r, true
		}
	}
	return Rule{}, false
}
