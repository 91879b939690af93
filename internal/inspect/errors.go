package inspect

import "errors"

// ErrInspect wraps every failure to read a schema's structure.
var ErrInspect = errors.New("inspect schema structure")
