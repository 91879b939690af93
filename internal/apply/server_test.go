package apply

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/plan"
	"github.com/jo-water/rollout/internal/state"
)

// serverPlan is a plan of one tenant on a fresh database, with the server
// changes a planner shows for it (or, cut, fewer).
func serverPlan(t *testing.T, pool *pgxpool.Pool, schema string, cut func([]plan.ServerChange) []plan.ServerChange) *plan.Plan {
	t.Helper()
	owner, app := plan.Roles("db", schema)
	p := &plan.Plan{Waves: []plan.Wave{{Tenants: []plan.Tenant{{Name: schema, Schema: schema, Database: "default", OwnerRole: owner, AppRole: app}}}},
		Servers: []plan.Server{{Name: "default", IsolatePublic: true}}}
	ss, err := state.ReadServer(context.Background(), pool)
	if err != nil {
		t.Fatal(err)
	}
	p.Servers[0].Changes = cut(plan.ServerChanges(ss, plan.NeedsOf(p, "default")))
	return p
}

func freshPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func exists(t *testing.T, pool *pgxpool.Pool, sql string) bool {
	t.Helper()
	var ok bool
	if err := pool.QueryRow(context.Background(), sql).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

// Apply makes nothing outside tenant schemas that its plan did not show:
// a plan that leaves out the public revocation changes nothing at all.
func TestPrepareRefusesWhatThePlanDidNotShow(t *testing.T) {
	pool := freshPool(t)
	schema := pgtest.RandomName("unshown")
	p := serverPlan(t, pool, schema, func(cs []plan.ServerChange) []plan.ServerChange { return cs[:len(cs)-1] })
	e := &Executor{Pools: map[string]*pgxpool.Pool{"default": pool}}
	err := e.prepareServer(context.Background(), p, "default")
	if !errors.Is(err, ErrUnplanned) || !strings.Contains(err.Error(), "revoke public public") {
		t.Fatalf("err = %v, want the unshown revocation refused", err)
	}
	if exists(t, pool, `SELECT to_regnamespace('rollout') IS NOT NULL OR to_regnamespace('extensions') IS NOT NULL`) ||
		exists(t, pool, `SELECT count(*) > 0 FROM pg_roles WHERE rolname LIKE '`+schema+`%'`) ||
		!exists(t, pool, `SELECT has_schema_privilege('public', 'public', 'USAGE')`) {
		t.Fatal("something changed although apply refused")
	}
}

// A planned role that someone else created meanwhile is not taken over;
// what another rollout run made is simply done. (Roles themselves are
// made by each tenant's provisioning, with rollout's marker.)
func TestPrepareTakesOverNothing(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	schema := pgtest.RandomName("foreign")
	owner, app := plan.Roles("db", schema)
	p := serverPlan(t, pool, schema, func(cs []plan.ServerChange) []plan.ServerChange { return cs })
	if _, err := pool.Exec(ctx, "CREATE ROLE "+owner); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Exec(context.Background(), "DROP OWNED BY "+owner+", "+app+"; DROP ROLE IF EXISTS "+owner+", "+app)
	})
	e := &Executor{Pools: map[string]*pgxpool.Pool{"default": pool}, RunID: "test"}
	err := e.prepareServer(ctx, p, "default")
	if !errors.Is(err, ErrUnplanned) || !strings.Contains(err.Error(), `role "`+owner+`" was created by someone else`) {
		t.Fatalf("err = %v, want the foreign role refused", err)
	}
	if _, err := pool.Exec(ctx, "DROP ROLE "+owner); err != nil {
		t.Fatal(err)
	}
	// Two runs from the same plan: the second finds the work done.
	for i := range 2 {
		if err := e.prepareServer(ctx, p, "default"); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	if !exists(t, pool, `SELECT count(*) = 2 FROM rollout.server_objects WHERE kind IN ('schema', 'public')`) ||
		exists(t, pool, `SELECT has_schema_privilege('public', 'public', 'USAGE')`) {
		t.Fatal("the planned changes were not all made and recorded")
	}
}
