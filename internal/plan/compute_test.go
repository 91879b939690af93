package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/fingerprint"
	"github.com/jo-water/rollout/internal/state"
)

func project(t *testing.T) *config.Project {
	t.Helper()
	p, diags := config.Load(config.Options{TenantsDir: "../../tenants", ModulesDir: "../../modules", ReferenceTenant: "balqa",
		LookupEnv: func(string) (string, bool) { return "key", true }})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return p
}

// applied is a snapshot where every tenant runs every module at the
// files' versions, with the files' checksums and passing checks.
func applied(p *config.Project) *state.Snapshot {
	secrets, _ := fingerprint.Shared(fingerprint.NewSalt())
	s := &state.Snapshot{Exists: true, Tenants: map[string]*state.TenantState{}, Schemas: map[string]bool{}, Secrets: secrets}
	ok := true
	for _, t := range p.Tenants {
		ts := &state.TenantState{Name: t.Name, Schema: t.Schema, Wave: t.Wave, Services: map[string]*state.ServiceState{}}
		for _, sv := range t.Services {
			m := p.Modules[sv.Module]
			rec := &state.ServiceState{Module: sv.Module, Version: sv.Version, Enabled: true, LastCheckOK: &ok, Applied: map[uint]string{}}
			for _, mg := range m.Migrations {
				rec.Applied[mg.Version] = mg.UpSum
			}
			planned := Service{}
			planned.StoredSettings, _ = settingsToStore(t, sv, secrets)
			rec.Settings = planned.StoredJSON()
			ts.Services[sv.Module] = rec
		}
		s.Tenants[t.Name], s.Schemas[t.Schema] = ts, true
	}
	return s
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		change  func(*config.Project, *state.Snapshot)
		wantErr error
		check   func(*testing.T, *Plan)
	}{
		{name: "fresh database: everything to create, reference first",
			change: func(p *config.Project, s *state.Snapshot) {
				*s = state.Snapshot{Tenants: map[string]*state.TenantState{}, Schemas: map[string]bool{}}
			},
			check: func(t *testing.T, p *Plan) {
				if p.Summary.ToCreate != 4 || p.Summary.TurnOn != 12 || p.Summary.Migrations != 28 {
					t.Errorf("summary %+v", p.Summary)
				}
				if !p.Waves[0].Reference || p.Waves[0].Tenants[0].Name != "balqa" || p.Waves[1].Number != 2 {
					t.Errorf("waves %+v", p.Waves)
				}
			}},
		{name: "in sync: no changes", check: func(t *testing.T, p *Plan) {
			if p.HasChanges() {
				t.Errorf("changes in %+v", p.Summary)
			}
		}},
		{name: "only the named tenant", opts: Options{Only: []string{"karak"}},
			change: func(p *config.Project, s *state.Snapshot) { delete(s.Tenants, "karak"); delete(s.Schemas, "karak") },
			check: func(t *testing.T, p *Plan) {
				if all := p.AllTenants(); len(all) != 1 || all[0].Name != "karak" || !all[0].Create {
					t.Errorf("tenants %+v", all)
				}
			}},
		{name: "an edited applied file is drift",
			change: func(p *config.Project, s *state.Snapshot) {
				s.Tenants["tafila"].Services["complaints"].Applied[1] = strings.Repeat("0", 64)
			}, wantErr: ErrDrift},
		{name: "a lower pinned version is a downgrade",
			change:  func(p *config.Project, s *state.Snapshot) { s.Tenants["maan"].Services["follow_up"].Version = 9 },
			wantErr: ErrDowngrade},
		{name: "a never-applied older file is out of order",
			change: func(p *config.Project, s *state.Snapshot) {
				delete(s.Tenants["karak"].Services["account_inquiry"].Applied, 2)
			},
			wantErr: ErrOutOfOrder},
		{name: "a version the reference has not proven", opts: Options{Only: []string{"karak"}},
			change: func(p *config.Project, s *state.Snapshot) {
				s.Tenants["balqa"].Services["complaints"].Version = 1
				s.Tenants["karak"].Services["complaints"].Version = 1
				delete(s.Tenants["karak"].Services["complaints"].Applied, 2)
			}, wantErr: ErrUnproven},
		{name: "a secret that changed shows only as (sensitive)",
			change: func(p *config.Project, s *state.Snapshot) {
				s.Tenants["maan"].Services["follow_up"].Settings["sms_api_key"] = []byte(`{"sensitive":"hmac-sha256:old"}`)
			},
			check: func(t *testing.T, p *Plan) {
				c := p.AllTenants()[3].Services[2].SettingChanges
				if len(c) != 1 || c[0].Before != "(sensitive)" || c[0].After != "(sensitive)" || !c[0].Sensitive {
					t.Errorf("changes %+v", c)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := project(t)
			snap := applied(p)
			if tc.change != nil {
				tc.change(p, snap)
			}
			tc.opts.Reference, tc.opts.Now = "balqa", time.Now()
			pl, err := Compute(p, map[string]*state.Snapshot{"default": snap}, tc.opts)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("want %v, got %v", tc.wantErr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, pl)
			}
		})
	}
}

// A refusal belongs to the service it concerns, for status to show.
func TestProblemsStayWithTheirService(t *testing.T) {
	p := project(t)
	snap := applied(p)
	snap.Tenants["tafila"].Services["complaints"].Applied[1] = strings.Repeat("0", 64)
	tp, err := ForTenant(p, "tafila", snap)
	if !errors.Is(err, ErrDrift) {
		t.Fatalf("want drift, got %v", err)
	}
	for _, s := range tp.Services {
		switch {
		case s.Module == "complaints" && (len(s.Problems) != 1 || !strings.Contains(s.Problems[0], "000001_complaints.up.sql")):
			t.Errorf("complaints problems: %v", s.Problems)
		case s.Module != "complaints" && len(s.Problems) != 0:
			t.Errorf("%s has problems that are not its own: %v", s.Module, s.Problems)
		}
	}
}

// A whole plan keeps no settings values (apply plans each tenant again
// under its lock); a tenant planned alone, as apply runs it, has them.
func TestWholePlanKeepsNoSettingsValues(t *testing.T) {
	p, fresh, pl := freshPlan(t)
	for _, tn := range pl.AllTenants() {
		for _, s := range tn.Services {
			if s.StoredSettings != nil || s.PublicSettings != nil {
				t.Errorf("%s %s keeps its settings values in the whole plan", tn.Name, s.Module)
			}
			if len(s.SettingChanges) == 0 {
				t.Errorf("%s %s shows no setting to write", tn.Name, s.Module)
			}
		}
		again, err := Again(p, *tn, fresh)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range again.Services {
			if len(s.StoredSettings) == 0 || s.PublicSettings == nil {
				t.Errorf("%s %s planned again has no settings to write", tn.Name, s.Module)
			}
		}
	}
}

// The digest, written a tenant at a time, is the hash of the whole list
// marshalled at once (what saved plans made before carry).
func TestDigestStreamsTheSameBytes(t *testing.T) {
	_, _, pl := freshPlan(t)
	pl.Waves[1].Halt = &Halt{Reason: "left out of the digest"}
	pl.Waves[1].Tenants[0].Waits = []Wait{{Module: "complaints", Message: "left out too"}}
	actions := slices.Clone(pl.Waves)
	for i := range actions {
		actions[i].Halt = nil
		actions[i].Tenants = slices.Clone(actions[i].Tenants)
		for j := range actions[i].Tenants {
			actions[i].Tenants[j].Waits = nil
		}
	}
	whole, _ := json.Marshal(actions)
	sum := sha256.Sum256(whole)
	if got, want := digest(pl.Waves), hex.EncodeToString(sum[:]); got != want {
		t.Errorf("digest %s, want %s (the whole list's)", got, want)
	}
	if pl.Waves[1].Halt == nil || pl.Waves[1].Tenants[0].Waits == nil {
		t.Error("digest changed the plan")
	}
	if len(pl.Waves) < 2 || len(pl.Waves[1].Tenants) < 2 {
		t.Fatalf("want two waves, the second with two tenants: %d waves", len(pl.Waves))
	}
}

// Tenants of a whole plan with the same files, setting changes and checks
// share those slices; an append to one never reaches another.
func TestTenantsShareEqualSlices(t *testing.T) {
	_, _, pl := freshPlan(t)
	ts := pl.AllTenants()
	a, b := ts[1].Services[0], ts[2].Services[0]
	if a.Module != b.Module || len(a.Migrations) == 0 || len(a.Checks) == 0 {
		t.Fatalf("want two tenants running %s's files and checks", a.Module)
	}
	if &a.Migrations[0] != &b.Migrations[0] || &a.Checks[0] != &b.Checks[0] {
		t.Errorf("%s and %s keep their own copies of %s's files and checks", ts[1].Name, ts[2].Name, a.Module)
	}
	// Clipped: an append copies rather than writing where another
	// tenant's slice (of the same array) might be extended.
	if cap(a.Migrations) != len(a.Migrations) || cap(a.Checks) != len(a.Checks) || cap(a.SettingChanges) != len(a.SettingChanges) {
		t.Errorf("shared slices have room to append in place")
	}
	if _, err := json.Marshal(pl); err != nil {
		t.Fatal(err)
	}
}

// freshPlan is the whole plan of the repository's tenants against a
// database that has nothing yet.
func freshPlan(t *testing.T) (*config.Project, *state.Snapshot, *Plan) {
	t.Helper()
	p := project(t)
	fresh := &state.Snapshot{Tenants: map[string]*state.TenantState{}, Schemas: map[string]bool{}}
	pl, err := Compute(p, map[string]*state.Snapshot{"default": fresh}, Options{Reference: "balqa"})
	if err != nil {
		t.Fatal(err)
	}
	return p, fresh, pl
}
