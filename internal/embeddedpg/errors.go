package embeddedpg

import "errors"

// Sentinel errors returned by this package. Callers match them with errors.Is.
var (
	// ErrNoBinaries means no PostgreSQL server binaries (initdb, pg_ctl,
	// postgres) were found. Its message is the one sentence users see.
	ErrNoBinaries = errors.New("no PostgreSQL server binaries found: install them (apt-get install postgresql) " +
		"or set ROLLOUT_POSTGRES_BIN to the folder holding initdb and pg_ctl, or set ROLLOUT_DATABASE_URL to use an existing server")

	// ErrNotRunning means the embedded server is not running.
	ErrNotRunning = errors.New("the embedded PostgreSQL server is not running (start it with: rollout db start)")

	// ErrUnreachableDir means the unprivileged user that runs PostgreSQL
	// (when rollout runs as root) cannot enter the data folder.
	ErrUnreachableDir = errors.New("the PostgreSQL user cannot reach the data folder")

	// ErrUnsafeSocketDir means the socket folder already exists and
	// someone else could have made it or can write in it: a server there
	// would hand its socket (and its password exchange) to them.
	ErrUnsafeSocketDir = errors.New("the embedded server's socket folder is not private")
)
