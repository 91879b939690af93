package adopt

import "errors"

// Sentinel errors of adopt.
var (
	// ErrSelection: the flags do not say which tenants or versions to adopt.
	ErrSelection = errors.New("adopt")
	// ErrMigrateTable: a golang-migrate version table cannot be trusted.
	ErrMigrateTable = errors.New("golang-migrate version table")
)
