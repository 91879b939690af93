// Package state keeps rollout's state in each target database: the
// control schema (tenants, services, applied migration checksums, the
// append-only event log), created and upgraded by rollout's own
// golang-migrate migrations. Nothing is kept in local files, so any CI
// runner can pick up where another stopped.
package state

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"os"

	"github.com/golang-migrate/migrate/v4"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/jo-water/rollout/internal/migrator"
)

// Schema is the control schema's name.
const Schema = "rollout"

// ExtensionsSchema holds PostgreSQL extensions shared by every tenant.
const ExtensionsSchema = "extensions"

//go:embed migrations/*.sql
var controlMigrations embed.FS

// Ensure creates or upgrades the control schema. Only apply writes it,
// when its plan shows it; plan and status read it and cope with its
// absence. The extensions schema is a change of its own (provision).
func Ensure(ctx context.Context, pool *pgxpool.Pool) error {
	if _, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS rollout`); err != nil {
		return fmt.Errorf("create the control schema: %w", err)
	}
	// Its own connection, closed at the end whatever happens: golang-migrate
	// may keep one (and an advisory lock on it) when it fails part way.
	db, cleanup := migrator.OpenDB(stdlib.GetConnector(*pool.Config().ConnConfig.Copy()))
	defer cleanup()
	drv, err := pgxmigrate.WithInstance(db, &pgxmigrate.Config{
		DatabaseName: pool.Config().ConnConfig.Database, SchemaName: Schema, MigrationsTable: "schema_migrations"})
	if err != nil {
		return fmt.Errorf("open the control schema: %w", err)
	}
	// Until migrate owns the driver, an error must close it: its
	// connection would otherwise stay taken and closing the pool hang.
	src, err := iofs.New(controlMigrations, "migrations")
	if err != nil {
		drv.Close()
		return fmt.Errorf("read the control schema's migrations: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "pgx5", drv)
	if err != nil {
		drv.Close()
		return fmt.Errorf("read the control schema's migrations: %w", err)
	}
	defer m.Close()
	// One migration at a time: m.Up reads ahead, and when one fails the
	// goroutines holding the next ones wait for ever.
	for {
		err := m.Steps(1)
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("upgrade the control schema: %w", err)
		}
	}
}

// Exists reports whether the control schema has been created.
func Exists(ctx context.Context, pool Querier) (bool, error) {
	var ok bool
	err := pool.QueryRow(ctx, `SELECT to_regclass('rollout.events') IS NOT NULL`).Scan(&ok)
	return ok, err
}
