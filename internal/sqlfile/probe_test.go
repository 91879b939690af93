package sqlfile

import (
	"errors"
	"strings"
	"testing"
)

// Health probes run as the role rollout connects with: whatever a tenant
// owns (a view, a function, a type, an operator) would run with that
// role's rights, so a probe may reach the system catalog only.
func TestCheckProbe(t *testing.T) {
	tests := []struct {
		name, sql string
		want      string // "" accepted; else in the error
	}{
		{"replication lag", "SELECT coalesce(max(extract(epoch FROM replay_lag)), 0) < 60 FROM pg_stat_replication", ""},
		{"long locks, qualified", "SELECT count(*) = 0 FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a USING (pid)\nWHERE NOT l.granted AND a.query_start < now() - interval '5 minutes'", ""},
		{"information_schema", "SELECT count(*) > 0 FROM information_schema.schemata", ""},
		{"a catalog lookup by name", "SELECT to_regclass('public.rollout_pause') IS NULL", ""},
		{"cte", "WITH w AS (SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock') SELECT n < 10 FROM w", ""},
		{"cast to a system type", "SELECT '1'::pg_catalog.int4 = 1", ""},
		{"tenant table", "SELECT count(*) < 100 FROM balqa.complaints", `the SQL names balqa.complaints in schema "balqa"; probes run as the role rollout connects with, so they may read only pg_catalog and information_schema (line 1, column 28)`},
		{"tenant table in a subquery", "SELECT NOT EXISTS (SELECT FROM pg_class c WHERE c.oid IN (SELECT x FROM karak.t))", `names karak.t in schema "karak"`},
		{"tenant function", "SELECT karak.healthy()", `names karak.healthy in schema "karak"`},
		{"tenant type", "SELECT NULL::maan.mood IS NULL", `names maan.mood in schema "maan"`},
		{"tenant operator", "SELECT 1 OPERATOR(tafila.===) 1", `names OPERATOR(tafila.===) in schema "tafila"`},
		{"tenant collation", `SELECT 'a' < 'b' COLLATE balqa."x"`, `names balqa.x in schema "balqa"`},
		{"public", "SELECT count(*) = 0 FROM public.rollout_pause", `in schema "public"`},
		{"sql in a string", "SELECT query_to_xml('SELECT * FROM balqa.complaints', true, false, '') IS NOT NULL", "calls query_to_xml()"},
		{"whole schema", "SELECT pg_catalog.schema_to_xml('balqa', true, false, '') IS NOT NULL", "calls schema_to_xml()"},
		{"search_path moved", "SELECT set_config('search_path', 'balqa', true) <> ''", "calls set_config()"},
		{"two statements", "SELECT true; SELECT true", "is 2 statements"},
		{"a write", "UPDATE pg_catalog.pg_class SET relname = relname", "is not a SELECT"},
		{"select into", "SELECT true INTO healthy", "no SELECT INTO"},
		{"for update", "SELECT true FROM pg_class FOR UPDATE", "no FOR UPDATE"},
		{"syntax", "SELEC true", "syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckProbe(tt.sql)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want == "":
				return
			case err == nil:
				t.Fatalf("accepted; want an error with %q", tt.want)
			case !strings.Contains(err.Error(), tt.want):
				t.Fatalf("error %q; want %q in it", err, tt.want)
			}
			var pe *ParseError
			if !errors.Is(err, ErrProbe) && !errors.As(err, &pe) {
				t.Fatalf("error %v is neither ErrProbe nor a ParseError", err)
			}
		})
	}
}
