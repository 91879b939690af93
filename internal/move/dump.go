package move

import (
	"bytes"
	"context"
	"errors"

	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/embeddedpg"
)

// structure is the tenant schema's DDL as pg_dump writes it: what comes
// before the data (schema, types, functions, tables, sequences, grants)
// and what after (indexes, constraints, foreign keys, triggers), so the
// data loads without firing triggers or checking keys row by row.
type structure struct{ pre, post string }

// dumpStructure runs pg_dump --schema-only for one schema, twice (one per
// section). The password goes in the environment, never on the command
// line where ps would show it.
func dumpStructure(ctx context.Context, bin string, pool *pgxpool.Pool, schema string) (structure, error) {
	// Side by side: each pg_dump spends most of its time reading the catalog.
	var s structure
	var postErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.post, postErr = pgDump(ctx, bin, pool, schema, "post-data")
	}()
	var err error
	s.pre, err = pgDump(ctx, bin, pool, schema, "pre-data")
	<-done
	return s, errors.Join(err, postErr)
}

func pgDump(ctx context.Context, bin string, pool *pgxpool.Pool, schema, section string) (string, error) {
	cc := pool.Config().ConnConfig
	// Without owners and grants: the target's roles are its own (named
	// after its database); the copy sets owner and grants itself.
	cmd := exec.CommandContext(ctx, bin, "--schema-only", "--no-owner", "--no-privileges", "--no-password", "--section="+section,
		"--schema="+quoteForDump(schema))
	cmd.Env = append(os.Environ(), "PGHOST="+cc.Host, "PGPORT="+strconv.Itoa(int(cc.Port)), "PGUSER="+cc.User,
		"PGPASSWORD="+cc.Password, "PGDATABASE="+cc.Database, "PGAPPNAME=rollout move (pg_dump)", "PGSSLMODE="+sslMode(pool))
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if cc.Password != "" {
			msg = strings.ReplaceAll(msg, cc.Password, "***")
		}
		return "", fmt.Errorf("read the structure of schema %q with pg_dump: %w: %s", schema, err, msg)
	}
	d, err := stripMeta(out.String())
	return stripSchema(d, schema, err)
}

// stripSchema drops pg_dump's CREATE SCHEMA statement: provisioning has
// created the schema on the target, owned by the target's owner role.
// pg_dump writes it on a line of its own, the name quoted only when needed.
func stripSchema(dump, schema string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	lines := strings.Split(dump, "\n")
	for i, l := range lines {
		if l == "CREATE SCHEMA "+schema+";" || l == "CREATE SCHEMA "+quoteForDump(schema)+";" {
			lines[i] = "-- (rollout: the schema exists) " + l
		}
	}
	return strings.Join(lines, "\n"), nil
}

// quoteForDump: pg_dump reads --schema as a pattern; the quoted name
// matches exactly that schema.
func quoteForDump(schema string) string { return `"` + strings.ReplaceAll(schema, `"`, `""`) + `"` }

func sslMode(pool *pgxpool.Pool) string {
	if pool.Config().ConnConfig.TLSConfig != nil {
		return "require"
	}
	return "disable"
}

// stripMeta drops the psql meta-commands recent pg_dump versions write
// around a plain dump (\restrict and \unrestrict): they are not SQL.
// Any other meta-command is refused rather than guessed at.
func stripMeta(dump string) (string, error) {
	lines := strings.Split(dump, "\n")
	out := lines[:0]
	for _, l := range lines {
		if strings.HasPrefix(l, `\`) {
			if strings.HasPrefix(l, `\restrict `) || strings.HasPrefix(l, `\unrestrict `) {
				continue
			}
			return "", fmt.Errorf("pg_dump wrote a psql command rollout does not run: %.40q", l)
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n"), nil
}

// findPgDump: the explicit path, then PATH, then beside the server binaries.
func findPgDump(explicit, postgresBin string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	if dir, err := embeddedpg.FindBinaries(postgresBin); err == nil {
		if p := filepath.Join(dir, "pg_dump"); isExec(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath("pg_dump"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%w: moving a tenant reads its schema's structure with pg_dump; install the PostgreSQL client (apt-get install postgresql-client) or set ROLLOUT_POSTGRES_BIN to the folder that holds it",
		ErrNoPgDump)
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}
