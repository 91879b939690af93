// Package pooler finds out, at connect, whether a server is reached
// through a connection pooler that hands a client's server session to
// other clients between transactions (PgBouncer's pool_mode = transaction
// or statement). rollout needs its session: a tenant's advisory lock is
// held on one session for the whole tenant, and golang-migrate locks and
// sets the search path per session. Through such a pooler those would
// leak to other clients or vanish, so rollout refuses with one sentence
// instead of failing half way.
package pooler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrSharedSessions: the connection goes through transaction pooling.
var ErrSharedSessions = errors.New("the connection goes through a pooler that shares server sessions between transactions")

// probeWait bounds the wait for a second server session: a pooler with one
// server connection per pool makes the second client wait for the first
// one's transaction, which is itself the proof.
const probeWait = 3 * time.Second

// Check opens two client connections and watches their server processes:
// directly, or through a pooler in session mode, each client keeps its own
// process for as long as it is connected. Two clients landing on one
// process, or one client changing process between two statements, means
// sessions are shared. Queries use the simple protocol: a pooler in
// transaction mode would lose prepared statements before it could be
// named.
func Check(ctx context.Context, pool *pgxpool.Pool) error {
	a, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer a.Release()
	b, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer b.Release()
	before, err := backend(ctx, b.Conn())
	if err != nil {
		return err
	}
	tx, err := a.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	inTx, err := backend(ctx, tx.Conn())
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(ctx, probeWait)
	defer cancel()
	after, err := backend(wctx, b.Conn())
	switch {
	case errors.Is(err, context.DeadlineExceeded) || wctx.Err() != nil:
		b.Conn().Close(context.Background()) // its query may still be queued
		return ErrSharedSessions
	case err != nil:
		return err
	case inTx == before || after != before:
		return ErrSharedSessions
	}
	return nil
}

func backend(ctx context.Context, c *pgx.Conn) (int32, error) {
	var pid int32
	err := c.QueryRow(ctx, "SELECT pg_backend_pid()", pgx.QueryExecModeSimpleProtocol).Scan(&pid)
	if err != nil {
		return 0, fmt.Errorf("read the server process: %w", err)
	}
	return pid, nil
}
