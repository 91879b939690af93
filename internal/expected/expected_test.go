package expected_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/expected"
	"github.com/jo-water/rollout/internal/inspect"
	"github.com/jo-water/rollout/internal/pgtest"
	"github.com/jo-water/rollout/internal/sqlfile"
)

func project(t *testing.T) *config.Project {
	t.Helper()
	p, diags := config.Load(config.Options{TenantsDir: "../../tenants", ModulesDir: "../../modules", ReferenceTenant: "balqa",
		LookupEnv: func(string) (string, bool) { return "k", true }})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return p
}

// handBuilt runs the modules' up files through the given versions in a
// schema, as an admin would by hand: no roles, no rollout state.
func handBuilt(t *testing.T, pool *pgxpool.Pool, p *config.Project, schema string, v expected.Versions) {
	t.Helper()
	sql := "CREATE SCHEMA " + schema + "; SET search_path = " + schema + ";\n"
	for _, name := range p.ModuleOrder {
		for _, mg := range p.Modules[name].Migrations {
			if mg.Version <= v[name] {
				sql += string(mg.Up) + "\n;\n"
			}
		}
	}
	if _, err := pool.Exec(context.Background(), sql+"RESET search_path;", pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatal(err)
	}
}

func TestExpectedStructureMatchesTheFilesRunByHand(t *testing.T) {
	ctx := context.Background()
	p := project(t)
	pool := pgtest.NewPool(t)
	latest := expected.Versions{"account_inquiry": 3, "complaints": 2, "follow_up": 2}
	handBuilt(t, pool, p, "balqa", latest)
	live, err := inspect.Read(ctx, pool, []inspect.Target{{Schema: "balqa"}}, expected.NewBuilder(p).Ignore())
	if err != nil {
		t.Fatal(err)
	}
	b := expected.NewBuilder(p)
	want, err := b.Structure(ctx, "default", pool, latest)
	if err != nil {
		t.Fatal(err)
	}
	if d := inspect.Diff(want, live["balqa"], inspect.DiffOptions{IgnorePrivileges: true}); len(d) != 0 {
		t.Fatalf("the files run by hand differ from the expected structure: %v", d)
	}
	if len(want.Objects) < 50 {
		t.Fatalf("expected structure has only %d objects", len(want.Objects))
	}
	if _, err := b.Structure(ctx, "default", pool, expected.Versions{"complaints": 2, "account_inquiry": 3, "follow_up": 2}); err != nil || b.Builds != 1 {
		t.Fatalf("the same files were built again (builds %d, err %v)", b.Builds, err)
	}
	older, err := b.Structure(ctx, "default", pool, expected.Versions{"account_inquiry": 3, "complaints": 1, "follow_up": 2})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range inspect.Diff(older, live["balqa"], inspect.DiffOptions{IgnorePrivileges: true}) {
		lines = append(lines, c.String("balqa"))
	}
	if len(lines) == 0 || !strings.Contains(strings.Join(lines, "\n"), "complaint") {
		t.Fatalf("complaints 000002 is not seen: %v", lines)
	}
	// Roles are cluster-wide, and other tests build in other databases at
	// the same time: only this database's scratch roles count.
	var left int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rollout\_scratch\_%')
		+ (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'rollout\_scratch\_%'
			AND shobj_description(oid, 'pg_authid') = 'rollout: scratch role in database ' || current_database())`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("scratch schemas or roles left behind: %d (%v)", left, err)
	}
}

func TestAFailingFileIsNamed(t *testing.T) {
	ctx := context.Background()
	p := project(t)
	mg := p.Modules["complaints"].Migrations[1]
	f, err := sqlfile.Parse([]byte("ALTER TABLE no_such_table ADD COLUMN x int;"))
	if err != nil {
		t.Fatal(err)
	}
	mg.Up, mg.UpSQL = f.Body, f
	pool := pgtest.NewPool(t)
	_, err = expected.NewBuilder(p).Structure(ctx, "default", pool, expected.Versions{"account_inquiry": 3, "complaints": 2})
	if err == nil || !strings.Contains(err.Error(), mg.UpPath) || !strings.Contains(err.Error(), "no_such_table") {
		t.Fatalf("err = %v, want the file and the problem named", err)
	}
}
