package plan

import (
	"fmt"
	"slices"

	"github.com/jo-water/rollout/internal/state"
)

// Forget is what `rollout forget` does to a governorate the database holds
// and no file declares: it removes rollout's records of it (and, only when
// asked, its schema and roles). A value computed without side effects.
type Forget struct {
	FormatVersion string   `json:"format_version"`
	Tenant        string   `json:"tenant"`
	Server        string   `json:"server"`
	Schema        string   `json:"schema"`
	Services      []string `json:"services"` // "module version N (on|off)"
	DropSchema    bool     `json:"drop_schema"`
	Roles         []string `json:"roles"` // the tenant's roles; dropped with the schema
}

// PlanForget computes what forgetting a tenant does; it refuses a tenant
// that a file still declares, or that a move between servers holds.
func PlanForget(inFiles bool, server string, ts *state.TenantState, snap *state.Snapshot, dropSchema bool) (*Forget, error) {
	if inFiles {
		return nil, fmt.Errorf("%w: tenant %q has a file in the tenants folder, so rollout manages it; delete its file first (plan then lists it under \"Not in the files\")",
			ErrForget, ts.Name)
	}
	for _, m := range snap.Moves {
		if m.Tenant == ts.Name {
			return nil, fmt.Errorf("%w: tenant %q is in a move between servers (%s); finish it with rollout move --finalize or call it off first",
				ErrForget, ts.Name, m.State)
		}
	}
	f := &Forget{FormatVersion: FormatVersion, Tenant: ts.Name, Server: server, Schema: ts.Schema, Services: []string{},
		DropSchema: dropSchema, Roles: []string{}}
	for _, name := range sortedKeys(ts.Services) {
		s := ts.Services[name]
		f.Services = append(f.Services, fmt.Sprintf("%s version %d (%s)", name, s.Version, onOff(s.Enabled)))
	}
	for _, r := range []string{ts.OwnerRole, ts.AppRole} {
		if r != "" && !slices.Contains(f.Roles, r) {
			f.Roles = append(f.Roles, r)
		}
	}
	return f, nil
}
