package expected

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// scratchLock is the advisory lock class a build holds, keyed by its
// schema's name, for as long as its scratch schema and roles exist.
const scratchLock = 0x726f6c6c

// scratch is one build's schema and roles, made by the connecting role on
// a connection it keeps (holding the lock) until drop.
type scratch struct {
	schema, owner, app string
	extensions         bool // the shared extensions schema exists (granted, revoked)
	conn               *pgxpool.Conn
}

// newScratch sweeps what killed builds left, then creates a scratch
// schema and its roles. The extensions the files need must be installed
// already: installing one is a change to the database that only apply
// makes, after its plan showed it.
func newScratch(ctx context.Context, pool *pgxpool.Pool, extensions []string) (*scratch, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	sc := &scratch{schema: ScratchPrefix + randomHex(6), conn: conn}
	sc.owner, sc.app = sc.schema+"_owner", sc.schema+"_app"
	var database string
	err = conn.QueryRow(ctx, `SELECT pg_catalog.current_database(), pg_catalog.to_regnamespace($1) IS NOT NULL`,
		state.Ident(state.ExtensionsSchema)).Scan(&database, &sc.extensions)
	if err == nil {
		err = sweep(ctx, conn, database, sc.extensions)
	}
	if err == nil {
		err = missingExtensions(ctx, conn, database, extensions)
	}
	if err == nil {
		_, err = conn.Exec(ctx, `SELECT pg_catalog.pg_advisory_lock($1, pg_catalog.hashtext($2))`, scratchLock, sc.schema)
	}
	if err != nil {
		conn.Release()
		return nil, err
	}
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, provision.ScratchSQL(sc.schema, sc.owner, sc.app, database, sc.extensions), pgx.QueryExecModeSimpleProtocol)
		return err
	})
	if err != nil {
		sc.unlock(ctx)
		return nil, fmt.Errorf("provision a scratch schema: %w", err)
	}
	return sc, nil
}

// drop removes the schema and roles and lets the lock go. It runs even
// when the build's context was cancelled.
func (sc *scratch) drop(ctx context.Context) {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_, err := sc.conn.Exec(dctx, provision.DropScratchSQL(sc.schema, sc.owner, sc.app, sc.extensions), pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		// Left for the next build's sweep; this connection, which may be
		// in a failed state, must not go back to the pool.
		_ = sc.conn.Conn().Close(dctx)
	}
	sc.unlock(dctx)
}

func (sc *scratch) unlock(ctx context.Context) {
	if _, err := sc.conn.Exec(ctx, `SELECT pg_catalog.pg_advisory_unlock($1, pg_catalog.hashtext($2))`, scratchLock, sc.schema); err != nil {
		_ = sc.conn.Conn().Close(ctx)
	}
	sc.conn.Release()
}

// sweep drops the scratch schemas and roles of this database whose build
// is gone (its lock is free: the process was killed, or its server
// connection died).
func sweep(ctx context.Context, conn *pgxpool.Conn, database string, extensions bool) error {
	rows, err := conn.Query(ctx, `SELECT pg_catalog.left(rolname, -length('_owner')) FROM pg_catalog.pg_roles
		WHERE rolname LIKE 'rollout\_scratch\_%\_owner' AND pg_catalog.shobj_description(oid, 'pg_authid') = $1`,
		provision.ScratchMarker(database))
	if err != nil {
		return fmt.Errorf("list scratch roles: %w", err)
	}
	stale, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list scratch roles: %w", err)
	}
	for _, schema := range stale {
		var free bool
		if err := conn.QueryRow(ctx, `SELECT pg_catalog.pg_try_advisory_lock($1, pg_catalog.hashtext($2))`, scratchLock, schema).Scan(&free); err != nil {
			return err
		}
		if !free {
			continue // another build is using it
		}
		_, err := conn.Exec(ctx, provision.DropScratchSQL(schema, schema+"_owner", schema+"_app", extensions), pgx.QueryExecModeSimpleProtocol)
		_, uerr := conn.Exec(ctx, `SELECT pg_catalog.pg_advisory_unlock($1, pg_catalog.hashtext($2))`, scratchLock, schema)
		if err != nil || uerr != nil {
			return fmt.Errorf("drop the scratch schema %q a stopped build left: %w", schema, errors.Join(err, uerr))
		}
	}
	return nil
}

// missingExtensions refuses a build whose files need an extension the
// database does not have.
func missingExtensions(ctx context.Context, conn *pgxpool.Conn, database string, want []string) error {
	if len(want) == 0 {
		return nil
	}
	rows, err := conn.Query(ctx, `SELECT e FROM pg_catalog.unnest($1::text[]) e
		WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension x WHERE x.extname = e) ORDER BY 1`, want)
	if err != nil {
		return err
	}
	missing, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(missing) == 0 {
		return err
	}
	return fmt.Errorf("%w: the files need extension %s, which database %q does not have: run rollout apply (its plan installs it), then compare",
		ErrNoExtension, strings.Join(missing, ", "), database)
}

func randomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}
