// Package expected builds what a tenant schema should look like at given
// module versions: it runs the modules' up files in a scratch schema, with
// scratch owner and application roles provisioned as for a tenant, reads
// the result with inspect, and throws it all away.
//
// The files are tenant-controlled SQL: they run on a session whose session
// user is the scratch owner role (internal/tenantdb), never on the
// connecting role's, in one transaction that is always rolled back. The
// roles and the empty schema must be committed for that role to log in;
// they are dropped after the build, and a build that was killed (-9) has
// its leftovers swept by the next build in that database (each build holds
// an advisory lock named after its schema while it lives).
// Results are cached by the files' checksums.
package expected

import (
	"context"
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
	"github.com/jo-water/rollout/internal/tenantdb"
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

// build runs the files on a session of a scratch owner role (the session
// user is that role, as for a tenant: a file that resets its role gains
// nothing), in one transaction that is always rolled back.
func (b *Builder) build(ctx context.Context, pool *pgxpool.Pool, v Versions) (*inspect.Structure, error) {
	sc, err := newScratch(ctx, pool, b.extensions(v))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBuild, err)
	}
	defer sc.drop(ctx)
	sess, err := tenantdb.Open(ctx, pool, tenantdb.Who{Tenant: sc.schema, Role: sc.owner, Schema: sc.schema,
		SearchPath: []string{state.ExtensionsSchema}, Unrecorded: true})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBuild, err)
	}
	defer sess.Close()
	tx, err := sess.Pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBuild, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, provision.TenantServicesSQL(sc.schema, sc.app), pgx.QueryExecModeSimpleProtocol); err != nil {
		return nil, fmt.Errorf("%w: provision a scratch schema: %w", ErrBuild, err)
	}
	for _, name := range b.Project.ModuleOrder {
		for _, mg := range b.Project.Modules[name].Migrations {
			if mg.Version > v[name] {
				break
			}
			sql := migrator.FileSQL(sc.schema, mg, state.ExtensionsSchema)
			if _, err := tx.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol); err != nil {
				return nil, fmt.Errorf("%w: %s in a scratch schema: %w", ErrBuild, mg.UpPath, err)
			}
		}
	}
	got, err := inspect.ReadTx(ctx, tx, []inspect.Target{{Schema: sc.schema, Owner: sc.owner, App: sc.app}}, b.Ignore())
	if err != nil {
		return nil, err
	}
	return got[sc.schema], nil
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
