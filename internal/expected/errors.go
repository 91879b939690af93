package expected

import "errors"

// ErrBuild wraps a failure to build an expected structure: a migration
// file that fails in the scratch schema, or a server that refuses.
var ErrBuild = errors.New("build the expected structure")

// ErrNoExtension: the files need an extension the database does not have
// (installing one is apply's, after its plan showed it).
var ErrNoExtension = errors.New("extension not installed")
