// Package expected builds what a tenant schema should look like at given
// module versions: it runs the modules' up files in a scratch schema, with
// scratch owner and application roles provisioned as for a tenant, reads
// the result with inspect, and throws it all away. Everything happens in
// one transaction that is always rolled back, so nothing is ever left
// behind, not even after kill -9: PostgreSQL aborts the transaction of a
// connection that died, and what it created was never visible to anyone.
// Results are cached by the files' checksums.
package expected

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/migrator"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// ScratchPrefix starts the name of every scratch schema (and its roles).
const ScratchPrefix = "rollout_scratch_"

// Versions is the version of each module a tenant runs (0 or absent: the
// module's files never ran).
type Versions map[string]uint

// Builder builds and caches expected structures for one project. It is
// safe for concurrent use; each server gets its own builds, as servers
// may differ in PostgreSQL version.
type Builder struct {
	Project *config.Project
	mu      sync.Mutex
	cache   map[string]*inspect.Structure
	// Builds counts scratch schemas built (not served from the cache).
	Builds int
}

// NewBuilder returns an empty builder.
func NewBuilder(p *config.Project) *Builder {
	return &Builder{Project: p, cache: map[string]*inspect.Structure{}}
}

// Key identifies what a set of versions runs: every up file's checksum,
// module by module in dependency order.
func (b *Builder) Key(v Versions) string {
	h := sha256.New()
	for _, name := range b.Project.ModuleOrder {
		m := b.Project.Modules[name]
		for _, mg := range m.Migrations {
			if mg.Version <= v[name] {
				fmt.Fprintf(h, "%s %d %s\n", name, mg.Version, mg.UpSum)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Ignore is what inspection leaves out: rollout's and golang-migrate's
// own tables in a tenant schema.
func (b *Builder) Ignore() inspect.Options {
	return inspect.Options{Ignore: inspect.IgnoredTables(b.Project.ModuleOrder)}
}

// Structure returns the structure the versions produce on a server.
func (b *Builder) Structure(ctx context.Context, server string, pool *pgxpool.Pool, v Versions) (*inspect.Structure, error) {
	key := server + "/" + b.Key(v)
	b.mu.Lock()
	s, ok := b.cache[key]
	b.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := b.build(ctx, pool, v)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.cache[key] = s
	b.Builds++
	b.mu.Unlock()
	return s, nil
}

func (b *Builder) build(ctx context.Context, pool *pgxpool.Pool, v Versions) (*inspect.Structure, error) {
	schema := ScratchPrefix + randomHex(6)
	owner, app := schema+"_owner", schema+"_app"
	tx, err := pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBuild, err)
	}
	// Always rolled back: the scratch schema and roles never commit.
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := b.provision(ctx, tx, schema, owner, app, v); err != nil {
		return nil, err
	}
	for _, name := range b.Project.ModuleOrder {
		for _, mg := range b.Project.Modules[name].Migrations {
			if mg.Version > v[name] {
				break
			}
			sql := migrator.FileSQL(owner, schema, mg, state.ExtensionsSchema)
			if _, err := tx.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol); err != nil {
				return nil, fmt.Errorf("%w: %s in a scratch schema: %w", ErrBuild, mg.UpPath, err)
			}
		}
	}
	got, err := inspect.ReadTx(ctx, tx, []inspect.Target{{Schema: schema, Owner: owner, App: app}}, b.Ignore())
	if err != nil {
		return nil, err
	}
	return got[schema], nil
}

// provision prepares the scratch schema as apply prepares a tenant's,
// with the extensions the modules need.
func (b *Builder) provision(ctx context.Context, tx pgx.Tx, schema, owner, app string, v Versions) error {
	sql := `CREATE SCHEMA IF NOT EXISTS ` + state.Ident(state.ExtensionsSchema) + ";\n"
	for _, e := range b.extensions(v) {
		sql += fmt.Sprintf("CREATE EXTENSION IF NOT EXISTS %s SCHEMA %s;\n", state.Ident(e), state.Ident(state.ExtensionsSchema))
	}
	sql += provision.ScratchSQL(schema, owner, app)
	if _, err := tx.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol); err != nil {
		return fmt.Errorf("%w: provision a scratch schema: %w", ErrBuild, err)
	}
	return nil
}

func (b *Builder) extensions(v Versions) []string {
	var out []string
	for _, name := range b.Project.ModuleOrder {
		if v[name] > 0 {
			for _, e := range b.Project.Modules[name].Extensions {
				if !slices.Contains(out, e) {
					out = append(out, e)
				}
			}
		}
	}
	return out
}

func randomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}
