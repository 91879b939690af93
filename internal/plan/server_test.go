package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jo-water/rollout/internal/state"
)

// installed is a server where rollout already made every change for
// tenant "a" with extension pgcrypto, and isolated public.
func installed() *state.ServerState {
	return &state.ServerState{ConnectingRole: "deployer", ControlVersion: state.ControlLatest(), ExtensionsExist: true,
		Extensions: map[string]string{"pgcrypto": "extensions", "plpgsql": "pg_catalog"},
		Roles:      map[string]bool{"a_owner": true, "a_app": true, "deployer": true},
		MemberOf:   map[string]bool{"a_owner": true}, ExtensionsUsage: map[string]bool{"a_owner": true, "a_app": true},
		PublicExists: true, Created: map[string]map[string]string{KindPublic: {"public": "U"}}}
}

func TestServerChanges(t *testing.T) {
	latest := fmt.Sprint(state.ControlLatest()) // grows with every control migration
	needs := ServerNeeds{Roles: [][2]string{{"a_owner", "a_app"}}, Extensions: []string{"pgcrypto"}, Isolate: true}
	tests := []struct {
		name   string
		change func(*state.ServerState, *ServerNeeds)
		want   []string
	}{
		{"nothing to do", func(*state.ServerState, *ServerNeeds) {}, nil},
		{"fresh database", func(s *state.ServerState, _ *ServerNeeds) {
			*s = state.ServerState{ConnectingRole: "deployer", Extensions: map[string]string{}, Roles: map[string]bool{},
				MemberOf: map[string]bool{}, ExtensionsUsage: map[string]bool{}, PublicExists: true, PublicPrivileges: "U"}
		}, []string{"control_schema create rollout version " + latest, "schema create extensions ", "extension create pgcrypto ",
			"role create a_owner ", "role create a_app ", "role_membership grant a_owner deployer",
			"grant grant a_owner USAGE ON SCHEMA extensions", "grant grant a_app USAGE ON SCHEMA extensions",
			"public revoke public U from PUBLIC"}},
		{"older control schema", func(s *state.ServerState, _ *ServerNeeds) { s.ControlVersion = 1 },
			[]string{"control_schema upgrade rollout version 1 → " + latest}},
		{"a superuser needs no membership", func(s *state.ServerState, _ *ServerNeeds) { s.Superuser, s.MemberOf = true, nil }, nil},
		{"not isolating gives back what rollout took", func(_ *state.ServerState, n *ServerNeeds) { n.Isolate = false },
			[]string{"public restore public U to PUBLIC"}},
		{"not isolating leaves alone what others revoked", func(s *state.ServerState, n *ServerNeeds) {
			n.Isolate, s.Created = false, map[string]map[string]string{}
		}, nil},
		{"isolating takes CREATE too where PUBLIC has it", func(s *state.ServerState, _ *ServerNeeds) { s.PublicPrivileges = "UC" },
			[]string{"public revoke public UC from PUBLIC"}},
		{"an extension elsewhere is not installed again", func(s *state.ServerState, _ *ServerNeeds) { s.Extensions["pgcrypto"] = "public" }, nil},
		{"no public schema, nothing to isolate", func(s *state.ServerState, _ *ServerNeeds) { s.PublicExists, s.PublicPrivileges = false, "U" }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ss, n := installed(), needs
			tc.change(ss, &n)
			var got []string
			for _, c := range ServerChanges(ss, n) {
				got = append(got, c.Key())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

func TestDecideIsolation(t *testing.T) {
	fresh := func() *state.Snapshot {
		return &state.Snapshot{Schemas: map[string]bool{"public": true, "pg_catalog": true, "pg_toast": true, "information_schema": true},
			Server: &state.ServerState{ConnectingRole: "deployer", Created: map[string]map[string]string{}}}
	}
	ours := map[string]bool{"karak": true, "role:karak_owner": true}
	tests := []struct {
		name    string
		setting string
		change  func(*state.Snapshot)
		want    bool
		why     string
	}{
		{"empty database: isolate", "auto", func(*state.Snapshot) {}, true, "nothing but rollout's own"},
		{"our tenant schemas and roles only", "", func(s *state.Snapshot) {
			s.Schemas["karak"], s.Server.RolesHere = true, []string{"karak_owner", "deployer"}
		}, true, "nothing but rollout's own"},
		{"another schema", "auto", func(s *state.Snapshot) { s.Schemas["billing"] = true }, false, "schemas billing"},
		{"objects in public", "auto", func(s *state.Snapshot) { s.Server.PublicObjects = []string{"customers"} }, false, "in public: customers"},
		{"another role with rights here", "auto", func(s *state.Snapshot) { s.Server.RolesHere = []string{"billing_app"} }, false, "roles billing_app"},
		{"explicit true wins", "true", func(s *state.Snapshot) { s.Schemas["billing"] = true }, true, "isolate_public = true"},
		{"explicit false wins", "false", func(*state.Snapshot) {}, false, "isolate_public = false"},
		{"installed and isolated: kept", "auto", func(s *state.Snapshot) {
			s.Server.ControlVersion, s.Schemas["billing"] = 2, true
			s.Server.Created[KindPublic] = map[string]string{"public": "U"}
		}, true, "kept"},
		{"installed, not isolated: kept", "auto", func(s *state.Snapshot) { s.Server.ControlVersion = 2 }, false, "left public as it was"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := fresh()
			tc.change(s)
			got, why := decideIsolation(tc.setting, s, ours)
			if got != tc.want || !strings.Contains(why, tc.why) {
				t.Errorf("got %v (%s), want %v (%s)", got, why, tc.want, tc.why)
			}
		})
	}
}
