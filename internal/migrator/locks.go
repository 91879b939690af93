package migrator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/jo-water/rollout/internal/plural"
)

// LockPolicy bounds how long a file waits for a busy table: each
// statement gives up after Timeout (PostgreSQL's lock_timeout), and a
// transactional file that gave up (rolled back whole, so nothing of it
// stayed) is tried again up to Retries times, waiting Backoff, then twice
// that, and so on (at most a minute). A file that runs outside a
// transaction is never retried: part of it may have run.
type LockPolicy struct {
	Timeout time.Duration // 0: wait without end
	Retries int
	Backoff time.Duration // 0: one second
}

// sqlstateLockNotAvailable is lock_not_available, what lock_timeout raises.
const sqlstateLockNotAvailable = "55P03"

// Retry is one retry of a file that hit its lock_timeout.
type Retry struct {
	Attempt int           // the attempt that failed (1 = the first run)
	Of      int           // attempts allowed in all
	Wait    time.Duration // before the next attempt
	Err     error
}

// setting is the SQL that sets lock_timeout for a file: SET LOCAL inside
// its transaction, SET for a session that runs statements one by one.
func (p LockPolicy) setting(local bool) string {
	if p.Timeout <= 0 {
		return ""
	}
	scope := "SET "
	if local {
		scope = "SET LOCAL "
	}
	return fmt.Sprintf("%slock_timeout = '%dms';\n", scope, p.Timeout.Milliseconds())
}

func (p LockPolicy) wait(attempt int) time.Duration {
	base := p.Backoff
	if base <= 0 {
		base = time.Second
	}
	return min(base<<(attempt-1), time.Minute)
}

// isLockTimeout: the file gave up waiting for a lock.
func isLockTimeout(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == sqlstateLockNotAvailable
}

// retrying runs a transactional file until it succeeds, fails otherwise,
// or hit its lock_timeout on every allowed attempt.
func (p LockPolicy) retrying(ctx context.Context, run func() error, told func(Retry)) error {
	attempts := 1 + max(p.Retries, 0)
	for attempt := 1; ; attempt++ {
		err := run()
		if err == nil || !isLockTimeout(err) {
			return err
		}
		if attempt == attempts {
			return &LockGiveUp{Attempts: attempts, Timeout: p.Timeout, Err: err}
		}
		r := Retry{Attempt: attempt, Of: attempts, Wait: p.wait(attempt), Err: err}
		if told != nil {
			told(r)
		}
		t := time.NewTimer(r.Wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return errors.Join(ctx.Err(), err)
		}
	}
}

// LockGiveUp is a file that hit its lock_timeout on every attempt; each
// attempt was rolled back whole.
type LockGiveUp struct {
	Attempts int
	Timeout  time.Duration
	Err      error
}

// Error says so on its first line (the one tables show), then the
// server's error in full.
func (e *LockGiveUp) Error() string {
	first, rest, _ := strings.Cut(e.Err.Error(), "\n")
	msg := fmt.Sprintf("%s; gave up after %s of lock_timeout %s", first, plural.Count(e.Attempts, "attempt"), e.Timeout)
	if rest != "" {
		msg += "\n" + rest
	}
	return msg + "\nEach attempt waited for a lock another session holds and was rolled back whole: nothing of the " +
		"file stayed. Find that session (pg_locks, pg_stat_activity), then apply again."
}

func (e *LockGiveUp) Unwrap() error { return e.Err }
