package provision

import "errors"

// ErrForeignRole: a tenant role name is taken by a role rollout did not
// create for that tenant in this database; rollout never adopts it.
var ErrForeignRole = errors.New("role not created by rollout")

// ErrExtension: a module's extension cannot be created by the connecting
// role; the error says what a DBA must run once.
var ErrExtension = errors.New("extension needs a superuser")
