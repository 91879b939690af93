package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/migrator"
)

// A version table no services row accounts for: empty, it is what a run
// stopped before its first file committed leaves (nothing ran, plan goes
// on); holding a version, the control rows were deleted by hand (plan
// refuses and names repair or adopt).
func TestCheckControlTellsEmptyVersionTables(t *testing.T) {
	p := project(t)
	var karak *config.Tenant
	for _, tn := range p.Tenants {
		if tn.Name == "karak" {
			karak = tn
		}
	}
	table := migrator.VersionTable("complaints")
	tests := []struct {
		name    string
		noRow   bool // rollout.tenants has no row for karak either
		empty   bool
		wantErr string
	}{
		{name: "services row gone, table holds a version", wantErr: "complaints: rollout.services has no row, but the schema's version table for it holds a version"},
		{name: "services row never written, table empty", empty: true},
		{name: "tenants row gone, table holds a version", noRow: true, wantErr: "rollout adopt --tenant karak"},
		{name: "tenants row never written, table empty", noRow: true, empty: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := applied(p)
			tables := map[string]bool{}
			for m, sv := range s.Tenants["karak"].Services {
				sv.Recorded, tables[migrator.VersionTable(m)] = true, true
			}
			delete(s.Tenants["karak"].Services, "complaints")
			if tt.noRow {
				delete(s.Tenants, "karak")
				tables = map[string]bool{table: true}
			}
			s.VersionTables = map[string]map[string]bool{karak.Schema: tables}
			s.EmptyVersionTables = map[string]map[string]bool{}
			if tt.empty {
				s.EmptyVersionTables[karak.Schema] = map[string]bool{table: true}
			}
			err := checkControl(p, karak, s)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("refused an empty version table: %v", err)
			case tt.wantErr != "" && (!errors.Is(err, ErrControl) || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want ErrControl with %q", err, tt.wantErr)
			}
		})
	}
}
