package drift

import "errors"

// ErrNoSchema: a tenant to compare has no schema on its server.
var ErrNoSchema = errors.New("no schema")
