package state

import "errors"

// Sentinel errors of the state package.
var (
	// ErrLocked means another rollout holds a tenant's lock.
	ErrLocked = errors.New("tenant is locked by another rollout")
)
