package apply

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// lockKey is the advisory lock of one tenant; the key space is rollout's
// (classid 0x726f6c6c = "roll"), so it cannot collide with golang-migrate's.
func lockKey(tenant string) (int32, int32) {
	h := fnv.New32a()
	h.Write([]byte(tenant))
	return 0x726f6c6c, int32(h.Sum32())
}

// tenantLock holds one tenant's session-level advisory lock on its own
// connection; a killed rollout loses its connection and with it the lock.
type tenantLock struct {
	conn *pgxpool.Conn
	a, b int32
}

// lock takes the tenant's lock, waiting up to timeout (0: forever) and
// telling the observer who holds it.
func lock(ctx context.Context, pool *pgxpool.Pool, tenant string, timeout time.Duration, waiting func(holder string)) (*tenantLock, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	a, b := lockKey(tenant)
	deadline := time.Now().Add(timeout)
	told := false
	for {
		var ok bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, a, b).Scan(&ok); err != nil {
			conn.Release()
			return nil, fmt.Errorf("lock tenant %q: %w", tenant, err)
		}
		if ok {
			return &tenantLock{conn: conn, a: a, b: b}, nil
		}
		if !told {
			waiting(holder(ctx, conn, a, b))
			told = true
		}
		if timeout > 0 && time.Now().After(deadline) {
			h := holder(ctx, conn, a, b)
			conn.Release()
			return nil, fmt.Errorf("%w %q after %s; it is held by %s", ErrLockTimeout, tenant, timeout, h)
		}
		select {
		case <-ctx.Done():
			conn.Release()
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// holder names the session holding a tenant's lock, from its
// application_name (which rollout sets to actor, host and pid). Advisory
// locks are per database but pg_locks shows the whole server's: another
// database's tenant of the same name must not be named.
func holder(ctx context.Context, conn *pgxpool.Conn, a, b int32) string {
	var name, user, since string
	err := conn.QueryRow(ctx, `SELECT coalesce(nullif(s.application_name, ''), 'an unnamed session'), s.usename,
		to_char(s.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')
		FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid AND l.objid = $2::bigint::oid AND l.objsubid = 2
		  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
		LIMIT 1`, uint32(a), int64(uint32(b))).Scan(&name, &user, &since)
	if err != nil {
		return "another session"
	}
	return fmt.Sprintf("%s (database user %s, connected since %s)", name, user, since)
}

func (l *tenantLock) release() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = l.conn.Exec(ctx, `SELECT pg_advisory_unlock($1, $2)`, l.a, l.b)
	l.conn.Release()
}
