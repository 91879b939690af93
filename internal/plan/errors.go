package plan

import "errors"

// Sentinel errors of planning. Each is wrapped with the tenant, module and
// file it concerns.
var (
	// ErrDrift: an applied migration file was edited afterwards.
	ErrDrift = errors.New("drift")
	// ErrOutOfOrder: a migration older than one already applied was never applied.
	ErrOutOfOrder = errors.New("migration out of order")
	// ErrDowngrade: the files ask for a lower version than the database has.
	ErrDowngrade = errors.New("downgrade requested")
	// ErrUnproven: a version the reference tenant does not run yet.
	ErrUnproven = errors.New("version not proven on the reference tenant")
	// ErrStale: a saved plan no longer matches the database or the files.
	ErrStale = errors.New("saved plan is stale")
	// ErrUnknownTenant: --tenant names a tenant no file declares.
	ErrUnknownTenant = errors.New("unknown tenant")
	// ErrControl: control rows disagree with the tenant's own schema
	// (deleted or edited by hand); the error says what to run.
	ErrControl = errors.New("control rows do not match the tenant's schema")
	// ErrNoTenants: the tenants folder is empty while the database is not.
	ErrNoTenants = errors.New("no tenants in the files")
	// ErrForget: forget refuses a tenant rollout still manages or moves.
	ErrForget = errors.New("cannot forget")
)

// Errors of moving a tenant between servers.
var (
	// ErrMoveBehind: a tenant that changes servers has changes pending
	// where it lives; they are applied there first.
	ErrMoveBehind = errors.New("tenant must be up to date before it moves")
	// ErrPlacement: the servers' records of where a tenant lives disagree.
	ErrPlacement = errors.New("tenant placement is ambiguous")
)
