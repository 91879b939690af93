package state

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// controlPool is a pool on a fresh test database with the control schema.
func controlPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := pgtest.NewPool(t)
	if err := Ensure(context.Background(), pool); err != nil {
		t.Fatal(err)
	}
	return pool
}
