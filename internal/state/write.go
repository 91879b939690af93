package state

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Execer is a pool, a connection or a transaction.
type Execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// Event is one line of the audit trail.
type Event struct {
	RunID       string
	Actor       string
	Tenant      string
	Module      string
	Action      string
	FromVersion *uint
	ToVersion   *uint
	Outcome     string // started, ok, failed, skipped
	Error       string
	Detail      map[string]any
}

// AppendEvent writes an event; the log is append-only.
func AppendEvent(ctx context.Context, db Execer, e Event) error {
	var detail []byte
	if e.Detail != nil {
		detail, _ = json.Marshal(e.Detail)
	}
	_, err := db.Exec(ctx, `INSERT INTO rollout.events (run_id, actor, tenant, module, action, from_version, to_version, outcome, error, detail)
		VALUES ($1, $2, nullif($3, ''), nullif($4, ''), $5, $6, $7, $8, nullif($9, ''), $10)`,
		e.RunID, e.Actor, e.Tenant, e.Module, e.Action, toInt(e.FromVersion), toInt(e.ToVersion), e.Outcome, e.Error, detail)
	if err != nil {
		return fmt.Errorf("record event %s: %w", e.Action, err)
	}
	return nil
}

func toInt(v *uint) *int64 {
	if v == nil {
		return nil
	}
	i := int64(*v)
	return &i
}

// UpsertTenant records a tenant's schema, roles and wave.
func UpsertTenant(ctx context.Context, db Execer, name, schema, owner, app string, wave int) error {
	_, err := db.Exec(ctx, `INSERT INTO rollout.tenants (name, schema_name, wave, owner_role, app_role) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (name) DO UPDATE SET wave = EXCLUDED.wave, updated_at = now()`, name, schema, wave, owner, app)
	return err
}

// SetConfigHash records the hash of the configuration last applied.
func SetConfigHash(ctx context.Context, db Execer, tenant, hash string) error {
	_, err := db.Exec(ctx, `UPDATE rollout.tenants SET config_hash = $2, updated_at = now() WHERE name = $1`, tenant, hash)
	return err
}

// SetService records a service's switch and settings (secrets as fingerprints).
func SetService(ctx context.Context, db Execer, tenant, module string, enabled bool, settings map[string]json.RawMessage) error {
	b, _ := json.Marshal(settings)
	_, err := db.Exec(ctx, `INSERT INTO rollout.services (tenant, module, enabled, settings) VALUES ($1, $2, $3, $4)
		ON CONFLICT (tenant, module) DO UPDATE SET enabled = EXCLUDED.enabled, settings = EXCLUDED.settings, updated_at = now()`,
		tenant, module, enabled, b)
	return err
}

// RecordCheck stores the outcome of a service's checks, and with it the
// health of the version it runs: at is when, on the command's clock.
func RecordCheck(ctx context.Context, db Execer, tenant, module string, ok bool, errText string, at time.Time) error {
	_, err := db.Exec(ctx, `WITH c AS (UPDATE rollout.services SET last_check_at = now(), last_check_ok = $3, last_check_error = nullif($4, '')
		WHERE tenant = $1 AND module = $2 RETURNING version)`+recordHealthSQL, tenant, module, ok, errText, at)
	return err
}

// MigrationRecordSQL is the SQL that commits with a migration file: the
// checksum row and the service's version. It is embedded in a
// multi-statement query, so values are quoted as literals here; all of
// them are validated identifiers, numbers or hex digests.
func MigrationRecordSQL(runID, tenant, module string, from, to int, name, checksum string) string {
	var b strings.Builder
	t, m := Literal(tenant), Literal(module)
	if to > from {
		fmt.Fprintf(&b, "INSERT INTO rollout.applied_migrations (tenant, module, version, name, checksum, run_id) VALUES (%s, %s, %d, %s, %s, %s)\n"+
			"  ON CONFLICT (tenant, module, version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, run_id = EXCLUDED.run_id, applied_at = now();\n",
			t, m, to, Literal(name), Literal(checksum), Literal(runID))
	} else {
		fmt.Fprintf(&b, "DELETE FROM rollout.applied_migrations WHERE tenant = %s AND module = %s AND version > %d;\n", t, m, max(to, 0))
	}
	fmt.Fprintf(&b, "INSERT INTO rollout.services (tenant, module, version) VALUES (%s, %s, %d)\n"+
		"  ON CONFLICT (tenant, module) DO UPDATE SET version = EXCLUDED.version, updated_at = now();\n", t, m, max(to, 0))
	return b.String()
}

// Literal quotes a string as an SQL literal, for the multi-statement
// queries that cannot take parameters.
func Literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Ident quotes an identifier.
func Ident(parts ...string) string { return pgx.Identifier(parts).Sanitize() }

// DisableService turns a service off in the control schema; its data and
// settings stay. (The tenant's own tenant_services row is written on the
// tenant's session, never by the connecting role.)
func DisableService(ctx context.Context, db Execer, tenant, module string) error {
	_, err := db.Exec(ctx, `UPDATE rollout.services SET enabled = false, updated_at = now() WHERE tenant = $1 AND module = $2`, tenant, module)
	return err
}

// RecordedVersion is the newest version the control schema records as
// applied for a tenant's module, or -1 (golang-migrate's "none").
func RecordedVersion(ctx context.Context, db interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}, tenant, module string) (int, error) {
	var v int64
	err := db.QueryRow(ctx, `SELECT coalesce(max(version), -1) FROM rollout.applied_migrations WHERE tenant = $1 AND module = $2`,
		tenant, module).Scan(&v)
	return int(v), err
}

// RecordFileSQL is what a tenant session runs in the transaction of a
// migration file: rollout.record_file writes the checksum record, the
// service's version and the file's audit event for the session's own
// tenant (see migration 000003). from and to are golang-migrate versions
// (-1 for none); detail is the event's detail.
func RecordFileSQL(module string, from, to int, name, checksum string, detail map[string]any, outOfOrder bool) string {
	d, _ := json.Marshal(detail)
	return fmt.Sprintf("SELECT rollout.record_file(%s, %d, %d, %s, %s, %s::jsonb, %v);\n",
		Literal(module), from, to, Literal(name), Literal(checksum), Literal(string(d)), outOfOrder)
}

// AppendEvents writes several events in one statement.
func AppendEvents(ctx context.Context, db Execer, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO rollout.events (run_id, actor, tenant, module, action, from_version, to_version, outcome, error, detail) VALUES `)
	args := make([]any, 0, len(events)*10)
	for i, e := range events {
		if i > 0 {
			b.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&b, "($%d, $%d, nullif($%d, ''), nullif($%d, ''), $%d, $%d, $%d, $%d, nullif($%d, ''), $%d)",
			n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10)
		var detail []byte
		if e.Detail != nil {
			detail, _ = json.Marshal(e.Detail)
		}
		args = append(args, e.RunID, e.Actor, e.Tenant, e.Module, e.Action, toInt(e.FromVersion), toInt(e.ToVersion), e.Outcome, e.Error, detail)
	}
	if _, err := db.Exec(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("record %d events: %w", len(events), err)
	}
	return nil
}
