package tenantdb

import "errors"

// ErrUnsafeRole: a tenant role has more rights than a tenant may have
// (superuser, CREATEROLE, membership of another role…), or it exists but
// rollout did not create it. rollout refuses to log in as it or adopt it.
var ErrUnsafeRole = errors.New("unsafe tenant role")
