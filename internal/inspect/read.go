package inspect

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Options say what Read leaves out.
type Options struct {
	// Ignore names tables that are rollout's, not the tenant's (version
	// tables, tenant_services): they and everything on them are skipped.
	Ignore map[string]bool
}

func (o Options) ignored() []string {
	out := make([]string, 0, len(o.Ignore))
	for name, ok := range o.Ignore {
		if ok {
			out = append(out, name)
		}
	}
	return out
}

// IgnoredTables are the tables rollout or golang-migrate keep in a tenant
// schema for the given modules.
func IgnoredTables(modules []string) map[string]bool {
	out := map[string]bool{"tenant_services": true, "schema_migrations": true}
	for _, m := range modules {
		out["schema_migrations_"+m] = true
	}
	return out
}

// Read reads the structure of every target schema. A schema that does not
// exist is absent from the result. It holds every structure at once: for
// a whole fleet, Stream.
func Read(ctx context.Context, pool *pgxpool.Pool, targets []Target, opts Options) (map[string]*Structure, error) {
	out := map[string]*Structure{}
	err := Stream(ctx, pool, targets, opts, func(schema string, s *Structure) error {
		out[schema] = s
		return nil
	})
	return out, err
}

// Stream reads the structure of every target schema that exists and hands
// each to fn as soon as it is complete, in no set order, holding only the
// few schemas being read. Whatever the number of schemas, it sends at most
// QueryCount queries: each lane is one query on its own connection, all in
// one snapshot (see lanes).
func Stream(ctx context.Context, pool *pgxpool.Pool, targets []Target, opts Options, fn func(schema string, s *Structure) error) error {
	conns, err := acquire(ctx, pool, laneCount)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInspect, err)
	}
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	txs, err := begin(ctx, conns)
	defer func() {
		for _, tx := range txs {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInspect, err)
	}
	if err := stream(ctx, txs, targets, opts, fn); err != nil {
		return err
	}
	for _, tx := range txs {
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("%w: %w", ErrInspect, err)
		}
	}
	return nil
}

// ReadTx reads inside the caller's transaction (where a scratch schema may
// exist that no one else can see), in one lane.
func ReadTx(ctx context.Context, tx pgx.Tx, targets []Target, opts Options) (map[string]*Structure, error) {
	if _, err := tx.Exec(ctx, setup); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInspect, err)
	}
	out := map[string]*Structure{}
	err := stream(ctx, []pgx.Tx{tx}, targets, opts, func(schema string, s *Structure) error {
		out[schema] = s
		return nil
	})
	return out, err
}

// QueryCount is the most queries Stream sends, whatever the number of
// schemas: per lane BEGIN, its settings, its query and COMMIT, plus on the
// first the snapshot export, the schemas' oids, the catalogs' columns and
// the extensions' members.
var QueryCount = 4*laneCount + 4

// setup: with only pg_catalog on the path, PostgreSQL qualifies every
// other name in what it prints, and the normaliser can strip the schema's
// own. JIT compiling costs seconds on these catalog queries and saves
// nothing. A small work_mem, whatever the server's: a lane's sort spills
// to a file rather than take fresh memory, whose page faults cost more
// (at 1,000 tenants, 64MB made 57,000 faults in a lane, 4MB 20,000).
// Parallel workers only add processes to two lanes that already use the
// machine's cores, and a merge join sorted what a hash join reads once.
const setup = `SET LOCAL search_path = pg_catalog; SET LOCAL jit = off; SET LOCAL work_mem = '4MB'; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL enable_mergejoin = off`

// acquire takes up to n connections: the first waits, the others are
// taken only when the pool has room, so a caller that holds connections
// of a small pool is never waited on.
func acquire(ctx context.Context, pool *pgxpool.Pool, n int) ([]*pgxpool.Conn, error) {
	first, err := pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	conns := []*pgxpool.Conn{first}
	for len(conns) < n {
		if st := pool.Stat(); st.IdleConns() == 0 && st.TotalConns() >= st.MaxConns() {
			break
		}
		c, err := pool.Acquire(ctx)
		if err != nil {
			break
		}
		conns = append(conns, c)
	}
	return conns, nil
}

// begin opens one read-only repeatable-read transaction per connection,
// the later ones on the first one's snapshot, so that all lanes see the
// catalogs as of one moment.
func begin(ctx context.Context, conns []*pgxpool.Conn) ([]pgx.Tx, error) {
	var txs []pgx.Tx
	var snapshot string
	for i, c := range conns {
		tx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		if err != nil {
			return txs, err
		}
		txs = append(txs, tx)
		sql := setup
		if i > 0 {
			sql = "SET TRANSACTION SNAPSHOT '" + strings.ReplaceAll(snapshot, "'", "''") + "'; " + setup
		}
		if _, err := tx.Exec(ctx, sql); err != nil {
			return txs, err
		}
		if i == 0 && len(conns) > 1 {
			if err := tx.QueryRow(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
				return txs, err
			}
		}
	}
	return txs, nil
}

// attrs normalises one object's attributes, given as names and values (a
// NULL value: none) and a list attribute (its name, then its items): roles
// abstracted in owner, grants and policy roles, the schema's name dropped
// from the rest.
func (n normaliser) attrs(pairs []pgtype.Text, list []string) map[string]string {
	out := make(map[string]string, len(pairs)/2+1)
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i].String, pairs[i+1]
		switch {
		case !v.Valid:
		case k == "owner":
			out[k] = n.role(v.String)
		default:
			out[k] = n.text(v.String)
		}
	}
	if len(list) == 0 {
		return out
	}
	switch k, items := list[0], list[1:]; k {
	case "grants":
		out[k] = n.grants(items)
	default:
		for i := range items {
			items[i] = n.role(items[i])
		}
		slices.Sort(items)
		out[k] = strings.Join(items, ", ")
	}
	return out
}
