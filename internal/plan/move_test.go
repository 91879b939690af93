package plan

import (
	"errors"
	"testing"

	"github.com/jo-water/rollout/internal/state"
)

// TestMoves plans Karak, whose file names server "south", against what
// the two servers hold.
func TestMoves(t *testing.T) {
	tests := []struct {
		name     string
		fileOn   string // the server Karak's file names
		change   func(def, south *state.Snapshot)
		wantErr  error
		wantStep string // "" for no move
		wantFrom string
	}{
		{name: "held by default, file says south: move", fileOn: "south",
			change: func(def, south *state.Snapshot) {}, wantStep: MoveCopy, wantFrom: "default"},
		{name: "a pending upgrade where it lives: refused", fileOn: "south",
			change: func(def, south *state.Snapshot) {
				for _, sv := range def.Tenants["karak"].Services {
					delete(sv.Applied, sv.Version)
					sv.Version--
				}
			}, wantErr: ErrMoveBehind},
		{name: "south switched, default not parked yet: finish", fileOn: "south",
			change: func(def, south *state.Snapshot) {
				south.Tenants["karak"], south.Schemas["karak"] = def.Tenants["karak"], true
				south.Moves = map[string]*state.MoveState{"karak/in": {Tenant: "karak", Direction: state.MoveIn, Peer: "default", State: state.MoveLive}}
			}, wantStep: MovePark, wantFrom: "default"},
		{name: "recorded on both, no move between them: refused", fileOn: "south",
			change: func(def, south *state.Snapshot) {
				south.Tenants["karak"], south.Schemas["karak"] = def.Tenants["karak"], true
			}, wantErr: ErrPlacement},
		{name: "frozen by a move, file back on default: thaw", fileOn: "default",
			change: func(def, south *state.Snapshot) {
				def.Moves = map[string]*state.MoveState{"karak/out": {Tenant: "karak", Direction: state.MoveOut, Peer: "south", State: state.MoveFrozen}}
			}, wantStep: MoveThaw, wantFrom: "default"},
		{name: "held by nobody: created where the file says", fileOn: "south",
			change: func(def, south *state.Snapshot) {
				delete(def.Tenants, "karak")
				delete(def.Schemas, "karak")
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := project(t)
			def := applied(p)
			south := &state.Snapshot{Exists: true, Tenants: map[string]*state.TenantState{}, Schemas: map[string]bool{}, Secrets: def.Secrets}
			for _, tn := range p.Tenants {
				if tn.Name == "karak" {
					tn.Database = tc.fileOn
				}
			}
			tc.change(def, south)
			pl, err := Compute(p, map[string]*state.Snapshot{"default": def, "south": south}, Options{Reference: "balqa"})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			k := find(pl, "karak")
			switch {
			case tc.wantStep == "" && k.Move != nil:
				t.Fatalf("unexpected move %+v", k.Move)
			case tc.wantStep == "":
				if !k.Create {
					t.Fatal("karak should be created")
				}
			case k.Move == nil || k.Move.Step != tc.wantStep || k.Move.From != tc.wantFrom:
				t.Fatalf("move %+v, want step %s from %s", k.Move, tc.wantStep, tc.wantFrom)
			case tc.wantStep == MoveCopy && (k.Create || len(k.Services) == 0 || anyChanges(k.Services)):
				t.Fatalf("a move carries the tenant as it is: %+v", k)
			}
			if pl.Summary.Moves != btoi(tc.wantStep != "") {
				t.Fatalf("summary counts %d moves", pl.Summary.Moves)
			}
		})
	}
}

func find(p *Plan, name string) *Tenant {
	for _, t := range p.AllTenants() {
		if t.Name == name {
			return t
		}
	}
	return nil
}

func anyChanges(ss []Service) bool {
	for _, s := range ss {
		if s.Changes() {
			return true
		}
	}
	return false
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
