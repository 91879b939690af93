package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"time"
)

// viaPsqlEach is the floor again with what rollout keeps on purpose: a
// fresh session for each governorate (one psql process each, the same
// SQL). rollout runs a tenant's files on a session whose session user is
// the tenant's owner role, and a PostgreSQL session cannot be handed from
// one such role to another, so a new backend per governorate is part of
// apply's price; this row shows what that costs the server by itself.
func (e *env) viaPsqlEach(ctx context.Context, n int, names []string) (float64, error) {
	db := fmt.Sprintf("bench_psql_each_%d", n)
	url, err := e.database(ctx, 0, db)
	if err != nil {
		return 0, err
	}
	defer e.dropDatabase(context.WithoutCancel(ctx), 0, db)
	scripts := make([][]byte, len(names))
	for i, t := range names {
		var sql bytes.Buffer
		e.governorateSQL(&sql, t)
		scripts[i] = sql.Bytes()
	}
	start := time.Now()
	for i, t := range names {
		cmd := exec.CommandContext(ctx, "psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", url)
		cmd.Stdin = bytes.NewReader(scripts[i])
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("governorate %s: %v: %s", t, err, tail(string(out)))
		}
	}
	return time.Since(start).Seconds(), nil
}
