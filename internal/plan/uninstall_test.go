package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/jo-water/rollout/internal/state"
)

func TestPlanUninstall(t *testing.T) {
	snapshot := func() *state.Snapshot {
		ss := installed()
		ss.PublicPrivileges = ""
		ss.Created[KindRole] = map[string]string{"a_owner": "", "a_app": ""}
		ss.Created[KindExtension] = map[string]string{"pgcrypto": ""}
		ss.Created[KindSchema] = map[string]string{"extensions": ""}
		return &state.Snapshot{Tenants: map[string]*state.TenantState{"a": {Name: "a", Schema: "a"}}, Schemas: map[string]bool{}, Server: ss}
	}
	tests := []struct {
		name      string
		change    func(*state.Snapshot, Elsewhere)
		want      []string
		kept      string
		blockedBy string
	}{
		{"everything rollout created, in order", func(*state.Snapshot, Elsewhere) {}, []string{
			"extension drop pgcrypto ", "schema drop extensions ", "public restore public U to PUBLIC",
			"control_schema drop rollout rollout's state and audit trail", "role drop a_app ", "role drop a_owner "}, "", ""},
		{"a tenant schema left blocks it", func(s *state.Snapshot, _ Elsewhere) { s.Schemas["a"] = true }, nil, "", `tenant "a" still has its schema "a"`},
		{"a role used in another database stays", func(_ *state.Snapshot, e Elsewhere) { e["a_owner"] = []string{`database "d2"`} }, []string{
			"extension drop pgcrypto ", "schema drop extensions ", "public restore public U to PUBLIC",
			"control_schema drop rollout rollout's state and audit trail", "role drop a_app "}, `a_owner: it owns or may use database "d2"`, ""},
		{"what rollout did not create stays", func(s *state.Snapshot, _ Elsewhere) {
			s.Server.Created = map[string]map[string]string{}
		}, []string{"control_schema drop rollout rollout's state and audit trail"}, "", ""},
		{"not installed: nothing", func(s *state.Snapshot, _ Elsewhere) { s.Server.ControlVersion = 0 }, nil, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, e := snapshot(), Elsewhere{}
			tc.change(s, e)
			u := PlanUninstall("default", s, e)
			var got []string
			for _, c := range u.Changes {
				got = append(got, c.Key())
			}
			if tc.blockedBy != "" {
				if len(u.Blockers) != 1 || u.Blockers[0] != tc.blockedBy {
					t.Errorf("blockers %q, want %q", u.Blockers, tc.blockedBy)
				}
				return
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			if tc.kept != "" && (len(u.Kept) != 1 || u.Kept[0].Name+": "+u.Kept[0].Why != tc.kept) {
				t.Errorf("kept %+v, want %s", u.Kept, tc.kept)
			}
		})
	}
}
