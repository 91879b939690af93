// Package plan computes what apply would do: for each server, every change
// outside tenant schemas (control and extensions schemas, extensions,
// roles, grants, schema public); for each tenant, the schema
// and roles to create, the migrations to run, services to turn on or off,
// settings that change and checks to run. A plan is a value computed from
// the files and the state snapshots without side effects; it holds no
// secret (sensitive settings appear as "(sensitive)").
package plan

import (
	"encoding/json"
	"time"

	"github.com/jo-water/rollout/internal/state"
)

// FormatVersion versions the JSON form of a plan (rollout plan --json and
// plan files). It changes only when a field is removed or changes meaning.
const FormatVersion = "1"

// Plan is the whole plan.
type Plan struct {
	FormatVersion string    `json:"format_version"`
	CreatedAt     time.Time `json:"created_at"`
	Reference     string    `json:"reference_tenant"`
	// Fingerprints of each server's state when the plan was made; a saved
	// plan is refused if any of them moved.
	Fingerprints map[string]string `json:"fingerprints"`
	// Digest of the actions below; a saved plan is refused if planning
	// again from the files gives other actions.
	Digest string `json:"digest"`
	// Servers: per database, every change outside tenant schemas.
	Servers  []Server `json:"servers"`
	Waves    []Wave   `json:"waves"`
	Warnings []string `json:"warnings,omitempty"`
	Orphans  []Orphan `json:"orphans,omitempty"` // in the database, not in the files
	Summary  Summary  `json:"summary"`
}

// Wave is a group of tenants that run in parallel; the reference tenant
// runs alone, first.
type Wave struct {
	Number    int      `json:"number"`
	Reference bool     `json:"reference"`
	Tenants   []Tenant `json:"tenants"`
	Halt      *Halt    `json:"halt,omitempty"` // halted by its failure limit; only its failed tenants retry
}

// Tenant is what happens to one tenant.
type Tenant struct {
	Name     string `json:"name"`
	NameEN   string `json:"name_en"`
	NameAR   string `json:"name_ar"`
	Schema   string `json:"schema"`
	Database string `json:"database"`
	Wave     int    `json:"wave"`
	Create   bool   `json:"create"` // schema and roles to create
	// CreateWaits: the tenant does not exist yet and every version it asks
	// for waits (rollout policy), so neither its schema nor its roles are
	// made in this run.
	CreateWaits  bool      `json:"create_waits,omitempty"`
	OwnerRole    string    `json:"owner_role"`
	AppRole      string    `json:"app_role"`
	UpdateRecord bool      `json:"update_record"` // wave or names changed
	ConfigHash   string    `json:"-"`             // depends on the secrets digest key: not part of the digest
	Services     []Service `json:"services"`
	Extensions   []string  `json:"extensions,omitempty"`
	// Waits are the versions the rollout policy holds back for now.
	Waits []Wait `json:"waits,omitempty"`
	// Verify: its checks run even without changes, because a later wave
	// soaks on it (a failing check restarts the soak).
	Verify bool            `json:"verify,omitempty"`
	Caps   map[string]uint `json:"-"`              // the policy's limits, kept for planning again under the lock
	Move   *Move           `json:"move,omitempty"` // the tenant changes servers
}

// Move steps.
const (
	MoveCopy = "copy" // the whole move: freeze, copy, verify, switch, park the source
	MovePark = "park" // the target already serves the tenant: park the source copy
	MoveThaw = "thaw" // a move was called off: give the application its writes back
)

// Move is a tenant changing servers: its file names a server other than
// the one that holds it.
type Move struct {
	From string `json:"from"`
	To   string `json:"to"`
	Step string `json:"step"`
	// Measured on the source after planning (exact counts); not part of
	// the plan's digest.
	Tables int   `json:"tables"`
	Rows   int64 `json:"rows"`
}

// Service is what happens to one service of a tenant.
type Service struct {
	Module         string          `json:"module"`
	FromVersion    uint            `json:"from_version"`
	ToVersion      uint            `json:"to_version"`
	Migrations     []Migration     `json:"migrations"`
	OutOfOrder     []Migration     `json:"out_of_order,omitempty"` // older than the version, allowed by the module
	EnabledBefore  bool            `json:"enabled_before"`
	Enabled        bool            `json:"enabled"`
	Removed        bool            `json:"removed,omitempty"` // in the database, not in the files
	SettingChanges []SettingChange `json:"setting_changes"`
	Checks         []string        `json:"checks"`
	// SecretPins: each sensitive setting's keyed fingerprint (the digest
	// the control schema stores, never the value), so a saved plan is
	// refused when a secret differs at apply time.
	SecretPins map[string]string `json:"secret_fingerprints,omitempty"`
	// DirtyAt: a no-transaction file failed part way at this version;
	// apply refuses the service until it is repaired.
	DirtyAt *uint `json:"dirty_version,omitempty"`
	// LastFailure: the last apply's upgrade of this service failed (at
	// LastFailure.To) and nothing of it succeeded since; read from the
	// audit trail for services with migrations to run.
	LastFailure *state.Failure `json:"last_failure,omitempty"`
	Problems    []string       `json:"-"` // why planning refuses this service (drift, out of order…)
	// What to record (secrets as digests), and what the tenant schema
	// sees (no secrets): only in a tenant planned alone (ForTenant, Again),
	// which is what apply executes; a whole plan (Compute) leaves them out.
	StoredSettings map[string]any `json:"-"`
	PublicSettings map[string]any `json:"-"`
	// Held: the policy lets it take no version now; it stays as it is.
	Held bool `json:"held,omitempty"`
}

// Migration is one file to run.
type Migration struct {
	Version  uint   `json:"version"`
	Name     string `json:"name"`
	File     string `json:"file"`
	Checksum string `json:"checksum"`
}

// SettingChange is one setting's old and new value, as JSON text, or
// "(sensitive)".
type SettingChange struct {
	Name      string `json:"name"`
	Before    string `json:"before"`
	After     string `json:"after"`
	Sensitive bool   `json:"sensitive"`
}

// Summary counts the plan's actions.
type Summary struct {
	Tenants         int `json:"tenants"`
	ToCreate        int `json:"to_create"`
	TurnOn          int `json:"services_to_turn_on"`
	TurnOff         int `json:"services_to_turn_off"`
	Migrations      int `json:"migrations_to_run"`
	SettingsChanged int `json:"settings_to_change"`
	Checks          int `json:"checks_to_run"`
	TenantsChanging int `json:"tenants_changing"`
	Moves           int `json:"tenants_to_move"`
	ServerChanges   int `json:"server_changes"` // outside tenant schemas
}

// HasChanges reports whether applying the plan would change anything.
func (p *Plan) HasChanges() bool { return p.Summary.TenantsChanging > 0 || p.Summary.ServerChanges > 0 }

// Changes reports whether this tenant has anything to do.
func (t *Tenant) Changes() bool {
	if t.Create || t.UpdateRecord || t.Move != nil {
		return true
	}
	for _, s := range t.Services {
		if s.Changes() {
			return true
		}
	}
	return false
}

// StoredJSON is the settings as the control schema records them: each as
// JSON, secrets as their digests.
func (s *Service) StoredJSON() map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(s.StoredSettings))
	for k, v := range s.StoredSettings {
		out[k], _ = json.Marshal(v)
	}
	return out
}

// Steps counts what progress counts for a tenant: provisioning, each
// migration file, each service switch and each check.
func (t *Tenant) Steps() int {
	n := 1
	if t.Move != nil {
		n++
	}
	for _, s := range t.Services {
		n += len(s.Migrations) + len(s.OutOfOrder) + len(s.Checks) + 1
	}
	return n
}

// Changes reports whether this service has anything to do.
func (s *Service) Changes() bool {
	if s.Held {
		return false
	}
	return len(s.Migrations) > 0 || len(s.OutOfOrder) > 0 || s.Enabled != s.EnabledBefore || len(s.SettingChanges) > 0
}

// TurnsOn reports whether the service goes from off to on.
func (s *Service) TurnsOn() bool { return s.Enabled && !s.EnabledBefore }

// Verifies reports whether apply has checks to run even without changes.
func (p *Plan) Verifies() bool {
	for _, t := range p.AllTenants() {
		if t.Verify {
			return true
		}
	}
	return false
}

// Waiting reports whether the policy holds anything back.
func (p *Plan) Waiting() bool {
	for _, t := range p.AllTenants() {
		if len(t.Waits) > 0 {
			return true
		}
	}
	return false
}

// AllTenants lists every tenant of the plan in execution order.
func (p *Plan) AllTenants() []*Tenant {
	var out []*Tenant
	for i := range p.Waves {
		for j := range p.Waves[i].Tenants {
			out = append(out, &p.Waves[i].Tenants[j])
		}
	}
	return out
}
