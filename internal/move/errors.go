package move

import "errors"

// Sentinel errors of moving a tenant.
var (
	// ErrBehind: the tenant has changes pending on its source server.
	ErrBehind = errors.New("tenant must be up to date before it moves")
	// ErrTargetTaken: the target server already has the tenant's schema,
	// which rollout did not put there.
	ErrTargetTaken = errors.New("target server already has the tenant's schema")
	// ErrParked: an earlier move left a parked copy on the source that
	// was never finalized.
	ErrParked = errors.New("an earlier move's parked copy is still there")
	// ErrVerify: the copy differs from the source.
	ErrVerify = errors.New("the copy does not match the source")
	// ErrNoPgDump: pg_dump, which copies the schema's structure, is missing.
	ErrNoPgDump = errors.New("pg_dump not found")
	// ErrNotMoved: there is no parked copy to finalize.
	ErrNotMoved = errors.New("no parked copy to finalize")
)
