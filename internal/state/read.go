package state

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/fingerprint"
	"github.com/jo-water/rollout/internal/intern"
)

// Snapshot is what one database holds, read in a handful of queries
// whatever the number of tenants. Reading never writes.
type Snapshot struct {
	Exists  bool                    // the control schema is there
	Tenants map[string]*TenantState // by tenant name
	Schemas map[string]bool         // every schema in the database
	// Secrets fingerprints sensitive values under this database's salt;
	// nil before the control schema exists.
	Secrets *fingerprint.Hasher
	// Database is the database's name: new tenants' roles are named after
	// it, so two databases on one server never share a role.
	Database string
	Moves    map[string]*MoveState // by tenant and direction: see Move
	Server   *ServerState          // outside tenant schemas; only in a whole-database read
	Policy   PolicyState
	// VersionTables are the golang-migrate version tables each schema
	// holds (schema → table names), read from the catalog only: what a
	// tenant's own schema says it ran, against which control rows that
	// were deleted by hand show.
	VersionTables map[string]map[string]bool
	// EmptyVersionTables are version tables (schema → table names) that
	// hold no version: golang-migrate creates its table before the first
	// file runs, so a run stopped right then (a second Ctrl-C, a kill)
	// leaves one empty and no control rows: nothing was applied. Read only
	// for the tables no rollout.services row accounts for; see
	// readEmptyVersionTables.
	EmptyVersionTables map[string]map[string]bool
	// SaltLost: the control schema is recent enough to have a secret
	// fingerprint salt in rollout.meta, and it is gone.
	SaltLost bool
}

// TenantState is one tenant as the control schema records it.
type TenantState struct {
	Name       string
	Schema     string
	Wave       int
	ConfigHash string
	OwnerRole  string // the roles rollout created for the tenant
	AppRole    string
	Services   map[string]*ServiceState
}

// ServiceState is one tenant's service as recorded.
type ServiceState struct {
	Module         string
	Version        uint
	Enabled        bool
	Settings       map[string]json.RawMessage
	LastCheckAt    *time.Time
	LastCheckOK    *bool
	LastCheckError string
	Applied        map[uint]string // version → checksum of the up file
	// Recorded: rollout.services has a row (a service known only from
	// rollout.applied_migrations has none).
	Recorded bool
	// RanUnrecorded are versions the audit trail shows a file migrating
	// up to, that rollout.applied_migrations has no record of: deleted by
	// hand, or rolled back since (then above Version).
	RanUnrecorded map[uint]bool
}

// Read loads the snapshot of one database.
func Read(ctx context.Context, pool Querier) (*Snapshot, error) { return read(ctx, pool, "", "") }

// ReadTenant loads the snapshot of one tenant and its schema only; apply
// reads it again once it holds the tenant's lock.
func ReadTenant(ctx context.Context, pool *pgxpool.Pool, tenant, schema string) (*Snapshot, error) {
	return read(ctx, pool, tenant, schema)
}

func read(ctx context.Context, pool Querier, tenant, schema string) (*Snapshot, error) {
	s := &Snapshot{Tenants: map[string]*TenantState{}, Schemas: map[string]bool{}, Moves: map[string]*MoveState{}}
	// One tenant's read wants its own schema only: reading every schema for
	// each of a thousand tenants is a million rows.
	query, args := `SELECT nspname FROM pg_namespace`, []any{}
	if schema != "" {
		// By its name's index, whatever the plan.
		query, args = query+` WHERE nspname = $1`, append(args, schema)
	}
	rows, err := pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read schemas: %w", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		s.Schemas[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := pool.QueryRow(ctx, `SELECT current_database()`).Scan(&s.Database); err != nil {
		return nil, fmt.Errorf("read the database name: %w", err)
	}
	if tenant == "" {
		if s.Server, err = ReadServer(ctx, pool); err != nil {
			return nil, err
		}
	}
	if s.Exists, err = Exists(ctx, pool); err != nil || !s.Exists {
		return s, err
	}
	if s.Secrets, err = readSecrets(ctx, pool); err != nil {
		return nil, err
	}
	if s.Secrets == nil {
		if s.SaltLost, err = saltLost(ctx, pool); err != nil {
			return nil, err
		}
	}
	readable, err := readVersionTables(ctx, pool, s, schema)
	if err != nil {
		return nil, err
	}
	if err := readTenants(ctx, pool, s, tenant); err != nil {
		return nil, err
	}
	if err := readServices(ctx, pool, s, tenant); err != nil {
		return nil, err
	}
	if err := readMoves(ctx, pool, s, tenant); err != nil {
		return nil, err
	}
	if err := readApplied(ctx, pool, s, tenant); err != nil {
		return nil, err
	}
	if err := readRanUnrecorded(ctx, pool, s, tenant); err != nil {
		return nil, err
	}
	if err := readEmptyVersionTables(ctx, pool, s, readable); err != nil {
		return nil, err
	}
	return s, readPolicy(ctx, pool, s, tenant)
}

// saltLost: migration 000002 put the salt in rollout.meta; a control
// schema at that version or later without it lost it by hand.
func saltLost(ctx context.Context, pool Querier) (bool, error) {
	var lost bool
	err := pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) >= 2 FROM rollout.schema_migrations`).Scan(&lost)
	if err != nil {
		return false, fmt.Errorf("read the control schema's version: %w", err)
	}
	return lost, nil
}

// readSecrets makes the database's fingerprint hasher from its salt. A
// control schema from before the salt (apply upgrades it) has none: its
// secrets then all show as to be recorded.
func readSecrets(ctx context.Context, pool Querier) (*fingerprint.Hasher, error) {
	var salt string
	err := pool.QueryRow(ctx, `SELECT value FROM rollout.meta WHERE key = 'secret_fingerprint_salt'`).Scan(&salt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the control schema: %w", err)
	}
	h, err := fingerprint.Shared(salt)
	if err != nil {
		return nil, fmt.Errorf("read the control schema: %w", err)
	}
	return h, nil
}

// Each reader takes tenant "" for all tenants, else one.
func readTenants(ctx context.Context, pool Querier, s *Snapshot, tenant string) error {
	rows, err := pool.Query(ctx, `SELECT name, schema_name, wave, config_hash, owner_role, app_role FROM rollout.tenants WHERE $1 = '' OR name = $1`, tenant)
	if err != nil {
		return fmt.Errorf("read tenants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		t := &TenantState{Services: map[string]*ServiceState{}}
		if err := rows.Scan(&t.Name, &t.Schema, &t.Wave, &t.ConfigHash, &t.OwnerRole, &t.AppRole); err != nil {
			return err
		}
		s.Tenants[t.Name] = t
	}
	return rows.Err()
}

func readServices(ctx context.Context, pool Querier, s *Snapshot, tenant string) error {
	rows, err := pool.Query(ctx, `SELECT tenant, module, version, enabled, settings, last_check_at, last_check_ok,
		coalesce(last_check_error, '') FROM rollout.services WHERE $1 = '' OR tenant = $1`, tenant)
	if err != nil {
		return fmt.Errorf("read services: %w", err)
	}
	defer rows.Close()
	in := newInterner()
	for rows.Next() {
		var tenant string
		var module, settings []byte
		var v int64
		sv := &ServiceState{Applied: map[uint]string{}, Recorded: true}
		if err := rows.Scan(&tenant, &module, &v, &sv.Enabled, &settings, &sv.LastCheckAt, &sv.LastCheckOK, &sv.LastCheckError); err != nil {
			return err
		}
		sv.Version, sv.Module = uint(v), in.strs.Of(module)
		if sv.Settings, err = in.settings(settings); err != nil {
			return fmt.Errorf("read services: tenant %q, module %q: %w", tenant, sv.Module, err)
		}
		if t := s.Tenants[tenant]; t != nil {
			t.Services[sv.Module] = sv
		}
	}
	return rows.Err()
}

// readRanUnrecorded finds, in the append-only audit trail, files that ran
// (an "ok" migration event up to their version) without a record in
// rollout.applied_migrations: what tells a record deleted by hand from a
// file merged late that never ran (out of order).
func readRanUnrecorded(ctx context.Context, pool Querier, s *Snapshot, tenant string) error {
	rows, err := pool.Query(ctx, `SELECT DISTINCT e.tenant, e.module, e.to_version FROM rollout.events e
		WHERE e.action = 'migration' AND e.outcome = 'ok' AND e.to_version > coalesce(e.from_version, 0)
		  AND ($1 = '' OR e.tenant = $1) AND e.module IS NOT NULL
		  AND NOT EXISTS (SELECT 1 FROM rollout.applied_migrations a
			WHERE a.tenant = e.tenant AND a.module = e.module AND a.version = e.to_version)`, tenant)
	if err != nil {
		return fmt.Errorf("read the audit trail: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tenant, module string
		var v int64
		if err := rows.Scan(&tenant, &module, &v); err != nil {
			return err
		}
		if t := s.Tenants[tenant]; t != nil && t.Services[module] != nil {
			sv := t.Services[module]
			if sv.RanUnrecorded == nil {
				sv.RanUnrecorded = map[uint]bool{}
			}
			sv.RanUnrecorded[uint(v)] = true
		}
	}
	return rows.Err()
}

func readApplied(ctx context.Context, pool Querier, s *Snapshot, tenant string) error {
	rows, err := pool.Query(ctx, `SELECT tenant, module, version, checksum FROM rollout.applied_migrations WHERE $1 = '' OR tenant = $1`, tenant)
	if err != nil {
		return fmt.Errorf("read applied migrations: %w", err)
	}
	defer rows.Close()
	in := newInterner()
	for rows.Next() {
		var tenant string
		var module, sum []byte
		var v int64
		if err := rows.Scan(&tenant, &module, &v, &sum); err != nil {
			return err
		}
		t := s.Tenants[tenant]
		if t == nil {
			continue
		}
		sv := t.Services[string(module)]
		if sv == nil {
			sv = &ServiceState{Module: in.strs.Of(module), Applied: map[uint]string{}}
			t.Services[sv.Module] = sv
		}
		sv.Applied[uint(v)] = in.strs.Of(sum)
	}
	return rows.Err()
}

// Fingerprint summarises what a plan depends on: the recorded tenants,
// their services, versions, settings and applied checksums, and which
// tenant schemas exist. Check results and the event log are left out:
// they change without changing what a plan would do.
func (s *Snapshot) Fingerprint(schemas []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "exists=%v\n", s.Exists)
	for _, n := range sortedKeys(s.Tenants) {
		t := s.Tenants[n]
		fmt.Fprintf(h, "t %s %s %d %s\n", t.Name, t.Schema, t.Wave, t.ConfigHash)
		for _, m := range sortedKeys(t.Services) {
			sv := t.Services[m]
			settings, _ := json.Marshal(sv.Settings)
			fmt.Fprintf(h, "s %s %d %v %s\n", m, sv.Version, sv.Enabled, settings)
			versions := make([]uint, 0, len(sv.Applied))
			for v := range sv.Applied {
				versions = append(versions, v)
			}
			sort.Slice(versions, func(i, j int) bool { return versions[i] < versions[j] })
			for _, v := range versions {
				fmt.Fprintf(h, "a %d %s\n", v, sv.Applied[v])
			}
		}
	}
	for _, k := range sortedKeys(s.Moves) {
		m := s.Moves[k]
		fmt.Fprintf(h, "m %s %s %s %s %s\n", m.Tenant, m.Direction, m.Peer, m.State, m.ParkedSchema)
	}
	sort.Strings(schemas)
	for _, sc := range schemas {
		fmt.Fprintf(h, "schema %s %v\n", sc, s.Schemas[sc])
	}
	return hex.EncodeToString(h.Sum(nil))
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// interner lets the values that repeat across a fleet's tenants (module
// names, the checksum of each file, the settings they were given alike)
// share one copy in a snapshot, instead of one per tenant: a snapshot of
// 10,000 governorates held each of them 10,000 times.
type interner struct {
	strs intern.Strings
	objs map[string]map[string]json.RawMessage
}

func newInterner() *interner {
	return &interner{objs: map[string]map[string]json.RawMessage{}}
}

// settings decodes a settings object once per distinct text; the maps
// are read, never changed.
func (in *interner) settings(b []byte) (map[string]json.RawMessage, error) {
	if m, ok := in.objs[string(b)]; ok {
		return m, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	in.objs[string(b)] = m
	return m, nil
}
