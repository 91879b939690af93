package migrator

import "errors"

// ErrDirty means a module's version table is marked dirty: a migration
// that ran outside a transaction failed part way. It needs a repair, never
// a silent force.
var ErrDirty = errors.New("migration state is dirty")

// ErrUnknownFile means golang-migrate handed over a file the loader did
// not parse (it cannot happen while the source serves the loaded bytes).
var ErrUnknownFile = errors.New("file is not one the loader read")

// ErrNoSession means the file would run before golang-migrate opened its
// connection.
var ErrNoSession = errors.New("no database session")

// ErrNoVersion means a target version that no file of the module has.
var ErrNoVersion = errors.New("no such version")
