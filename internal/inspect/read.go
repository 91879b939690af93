package inspect

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Options say what Read leaves out.
type Options struct {
	// Ignore names tables that are rollout's, not the tenant's (version
	// tables, tenant_services): they and everything on them are skipped.
	Ignore map[string]bool
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

// Read reads the structure of every target schema, in one read-only
// transaction and a fixed number of queries. A schema that does not exist
// is absent from the result.
func Read(ctx context.Context, pool *pgxpool.Pool, targets []Target, opts Options) (map[string]*Structure, error) {
	var out map[string]*Structure
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		out, err = ReadTx(ctx, tx, targets, opts)
		return err
	})
	return out, err
}

// ReadTx reads inside the caller's transaction (where a scratch schema may
// exist that no one else can see).
func ReadTx(ctx context.Context, tx pgx.Tx, targets []Target, opts Options) (map[string]*Structure, error) {
	// With only pg_catalog on the path, PostgreSQL qualifies every other
	// name in what it prints, and the normaliser can strip the schema's own.
	if _, err := tx.Exec(ctx, `SET LOCAL search_path = pg_catalog`); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInspect, err)
	}
	byName := map[string]Target{}
	names := make([]string, 0, len(targets))
	for _, t := range targets {
		byName[t.Schema] = t
		names = append(names, t.Schema)
	}
	out := map[string]*Structure{}
	norms := map[string]normaliser{}
	sink := func(schema, qschema string, o Object, raw map[string]json.RawMessage) {
		n, ok := norms[schema]
		if !ok {
			n = newNormaliser(byName[schema], qschema)
			norms[schema] = n
			out[schema] = newStructure()
		}
		if opts.Ignore[o.Table] || (o.Kind == "table" && opts.Ignore[o.Name]) {
			return
		}
		o.Name = n.text(o.Name)
		o.Attrs = n.attrs(raw)
		out[schema].add(o)
	}
	for _, q := range queries {
		if err := readQuery(ctx, tx, q, names, sink); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readQuery(ctx context.Context, tx pgx.Tx, q string, schemas []string, sink func(schema, qschema string, o Object, raw map[string]json.RawMessage)) error {
	rows, err := tx.Query(ctx, q, schemas)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInspect, err)
	}
	defer rows.Close()
	for rows.Next() {
		var schema, qschema string
		var o Object
		var raw map[string]json.RawMessage
		if err := rows.Scan(&schema, &qschema, &o.Kind, &o.Name, &o.Table, &raw); err != nil {
			return fmt.Errorf("%w: %w", ErrInspect, err)
		}
		sink(schema, qschema, o, raw)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrInspect, err)
	}
	return nil
}

// attrs normalises one object's attributes: roles abstracted in owner,
// grants and policy roles, the schema's name dropped from the rest.
func (n normaliser) attrs(raw map[string]json.RawMessage) map[string]string {
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			if k == "owner" {
				out[k] = n.role(s)
			} else {
				out[k] = n.text(s)
			}
			continue
		}
		var list []string
		_ = json.Unmarshal(v, &list)
		switch k {
		case "grants":
			out[k] = n.grants(list)
		default:
			for i := range list {
				list[i] = n.role(list[i])
			}
			slices.Sort(list)
			out[k] = strings.Join(list, ", ")
		}
	}
	return out
}
