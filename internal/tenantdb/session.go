// Package tenantdb opens database sessions as a tenant's owner role.
//
// Everything a tenant controls — its module files, the tables, views,
// functions and triggers in its schema — runs on such a session: the
// session user is the owner role itself, logged in with a password that
// is generated for this one login and never stored. RESET ROLE or RESET
// SESSION AUTHORIZATION inside it gives nothing more than the owner's
// rights, and the session ends with the tenant's work, so nothing it
// leaves (temporary tables and functions, settings) reaches another
// tenant. The connecting (admin) role only changes the owner role's
// password and records which sessions are rollout's.
package tenantdb

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Who is the tenant a session works for.
type Who struct {
	Tenant, Role, Schema string
	RunID, Actor         string
	// SearchPath follows the tenant's schema in the session's search_path.
	SearchPath []string
	// Unrecorded sessions are not entered in rollout.sessions, so they
	// cannot record migration files (scratch builds, whose work is
	// always rolled back, and databases without a control schema yet).
	Unrecorded bool
}

// Session is one tenant's session, as its owner role. Pool has one
// connection: borrowers take turns on the same session.
type Session struct {
	Pool  *pgxpool.Pool
	admin *pgxpool.Pool
	who   Who
	mu    sync.Mutex
	pids  []uint32
}

// Open logs in as the tenant's owner role. It refuses a role with more
// rights than a tenant may have (ErrUnsafeRole).
func Open(ctx context.Context, admin *pgxpool.Pool, who Who) (*Session, error) {
	s := &Session{admin: admin, who: who}
	err := withLoginLock(ctx, admin, who.Role, func(conn *pgxpool.Conn) error {
		if err := checkRole(ctx, conn, who.Role); err != nil {
			return err
		}
		pw := newPassword()
		verifier, err := scramVerifier(pw)
		if err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, "ALTER ROLE "+ident(who.Role)+" WITH LOGIN PASSWORD "+literal(verifier)); err != nil {
			return fmt.Errorf("let role %q log in: %w", who.Role, err)
		}
		s.Pool, err = s.connect(ctx, pw)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open a session as %q: %w", who.Role, err)
	}
	return s, nil
}

func (s *Session) connect(ctx context.Context, password string) (*pgxpool.Pool, error) {
	cfg := s.admin.Config().Copy()
	cfg.ConnConfig.User, cfg.ConnConfig.Password = s.who.Role, password
	cfg.MaxConns, cfg.MinConns = 1, 0
	cfg.BeforeAcquire, cfg.AfterRelease, cfg.BeforeConnect = nil, nil, nil
	params := map[string]string{"search_path": searchPath(s.who.Schema, s.who.SearchPath)}
	if n, ok := cfg.ConnConfig.RuntimeParams["application_name"]; ok {
		params["application_name"] = n
	}
	cfg.ConnConfig.RuntimeParams = params
	cfg.AfterConnect = s.register
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("log in: %w", err)
	}
	return pool, nil
}

// register records a new connection of the session in rollout.sessions,
// which is what lets it record its migration files (rollout.record_file),
// after checking it really is the owner role.
func (s *Session) register(ctx context.Context, c *pgx.Conn) error {
	var user string
	if err := c.QueryRow(ctx, `SELECT session_user`).Scan(&user); err != nil {
		return err
	}
	if user != s.who.Role {
		return fmt.Errorf("%w: logged in as %q, not %q", ErrUnsafeRole, user, s.who.Role)
	}
	pid := c.PgConn().PID()
	if s.who.Unrecorded {
		return nil
	}
	_, err := s.admin.Exec(ctx, `INSERT INTO rollout.sessions (pid, role, tenant, run_id, actor) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (pid) DO UPDATE SET role = EXCLUDED.role, tenant = EXCLUDED.tenant, run_id = EXCLUDED.run_id,
		actor = EXCLUDED.actor, opened_at = now()`, int64(pid), s.who.Role, s.who.Tenant, s.who.RunID, s.who.Actor)
	if err != nil {
		return fmt.Errorf("register the session: %w", err)
	}
	s.mu.Lock()
	s.pids = append(s.pids, pid)
	s.mu.Unlock()
	return nil
}

// Close ends the session and takes the owner role's login away again. It
// does not wait for ever: a server that no longer answers is given up on.
func (s *Session) Close() {
	closed := make(chan struct{})
	go func() { s.Pool.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(closeWait):
		// A borrower still holds the connection (a statement that does
		// not return); the process must still be able to end.
		s.Pool.Reset()
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeWait)
	defer cancel()
	s.mu.Lock()
	pids := make([]int64, len(s.pids))
	for i, p := range s.pids {
		pids[i] = int64(p)
	}
	s.mu.Unlock()
	_ = withLoginLock(ctx, s.admin, s.who.Role, func(conn *pgxpool.Conn) error {
		_, err := conn.Exec(ctx, "ALTER ROLE "+ident(s.who.Role)+" WITH NOLOGIN PASSWORD NULL")
		if err != nil || s.who.Unrecorded {
			return err
		}
		_, err = conn.Exec(ctx, `DELETE FROM rollout.sessions WHERE pid = ANY($1) AND role = $2`, pids, s.who.Role)
		return err
	})
}

const closeWait = 10 * time.Second

// loginLock serialises "set the password, log in" per role across
// rollout processes, so one cannot change the password between another's
// change and its login.
func withLoginLock(ctx context.Context, admin *pgxpool.Pool, role string, fn func(*pgxpool.Conn) error) error {
	conn, err := admin.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_catalog.pg_advisory_lock(1919904877, pg_catalog.hashtext($1))`, role); err != nil {
		return err
	}
	defer func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), closeWait)
		defer cancel()
		if _, err := conn.Exec(uctx, `SELECT pg_catalog.pg_advisory_unlock(1919904877, pg_catalog.hashtext($1))`, role); err != nil {
			// A connection that may still hold the lock must not go
			// back to the pool.
			_ = conn.Conn().Close(uctx)
		}
	}()
	return fn(conn)
}

// checkRole refuses an owner role with more rights than a tenant's:
// superuser, role or database creation, replication, bypassing row
// security, or membership of any other role (whose rights it would get).
func checkRole(ctx context.Context, conn *pgxpool.Conn, role string) error {
	var attrs []string
	var member string
	err := conn.QueryRow(ctx, `SELECT array_remove(ARRAY[
			CASE WHEN r.rolsuper THEN 'SUPERUSER' END, CASE WHEN r.rolcreaterole THEN 'CREATEROLE' END,
			CASE WHEN r.rolcreatedb THEN 'CREATEDB' END, CASE WHEN r.rolreplication THEN 'REPLICATION' END,
			CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' END], NULL),
		coalesce((SELECT string_agg(m.roleid::regrole::text, ', ') FROM pg_catalog.pg_auth_members m
			WHERE m.member = r.oid), '')
		FROM pg_catalog.pg_roles r WHERE r.rolname = $1`, role).Scan(&attrs, &member)
	if err == pgx.ErrNoRows {
		return fmt.Errorf("role %q does not exist; run apply to create it", role)
	}
	if err != nil {
		return err
	}
	if len(attrs) > 0 {
		return fmt.Errorf("%w: role %q has %s; a tenant's owner role must have none of these (ALTER ROLE %s NO%s)",
			ErrUnsafeRole, role, strings.Join(attrs, ", "), ident(role), attrs[0])
	}
	if member != "" {
		return fmt.Errorf("%w: role %q is a member of %s and would get its rights; REVOKE that membership",
			ErrUnsafeRole, role, member)
	}
	return nil
}

func searchPath(schema string, extra []string) string {
	ids := []string{ident(schema)}
	for _, e := range extra {
		ids = append(ids, ident(e))
	}
	return strings.Join(ids, ", ")
}

func ident(s string) string { return pgx.Identifier{s}.Sanitize() }

func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
