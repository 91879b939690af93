package apply

import "errors"

// Sentinel errors of apply.
var (
	// ErrCheckFailed: a module's check returned false or failed.
	ErrCheckFailed = errors.New("check failed")
	// ErrLockTimeout: another rollout held the tenant's lock too long.
	ErrLockTimeout = errors.New("timed out waiting for the tenant's lock")
	// ErrSkipped: the tenant did not run because an earlier one failed.
	ErrSkipped = errors.New("skipped")
	// ErrUnplanned: apply would change something outside tenant schemas
	// that its plan did not show.
	ErrUnplanned = errors.New("not in the plan")
	// ErrTenantsRemain: uninstall refuses while tenant schemas remain.
	ErrTenantsRemain = errors.New("tenant schemas remain")
	// ErrUnhealthy: a health probe between batches failed or returned false.
	ErrUnhealthy = errors.New("unhealthy")
	// ErrNoApproval: approve names a wave that has nothing to approve.
	ErrNoApproval = errors.New("cannot approve")
	// ErrControlNotReady: approve found a server whose control schema is
	// missing or older than this rollout; apply creates or upgrades it.
	ErrControlNotReady = errors.New("the control schema is missing or older than this rollout: run rollout apply first (its plan shows the control schema change)")
	// ErrNotHalted: resume names a wave that is not halted.
	ErrNotHalted = errors.New("cannot resume")
	// ErrCancelled: the run was interrupted before the tenant started.
	ErrCancelled = errors.New("cancelled")
)

// OutcomeCancelled is a tenant's outcome after Ctrl-C when it never started.
const OutcomeCancelled = "cancelled"
