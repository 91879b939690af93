package migrator

import "errors"

// ErrDirty means a module's version table is marked dirty: a migration
// that ran outside a transaction failed part way. It needs a repair, never
// a silent force.
var ErrDirty = errors.New("migration state is dirty")
