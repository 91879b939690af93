package provision

import "errors"

// ErrForeignRole: a tenant role name is taken by a role rollout did not
// create for that tenant in this database; rollout never adopts it.
var ErrForeignRole = errors.New("role not created by rollout")
