// Package config loads tenants/*.hcl and modules/*/ into a Project. Every
// mistake in them is an hcl.Diagnostic with a Subject, collected across all
// files by one hclparse.Parser and printed in one place by the caller.
package config

import (
	"slices"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/jo-water/rollout/internal/sqlfile"
	"github.com/zclconf/go-cty/cty"
)

// ControlSchema is where rollout keeps its own state in each database; no
// tenant may use it.
const ControlSchema = "rollout"

// ExtensionsSchema is where PostgreSQL extensions live, shared by tenants.
const ExtensionsSchema = "extensions"

// Project is everything the files describe.
type Project struct {
	Tenants []*Tenant          // sorted by wave, then name
	Modules map[string]*Module // by name
	// ModuleOrder lists the modules, each after the modules it requires.
	ModuleOrder []string
	Files       map[string]*hcl.File
	Policy      *Policy // the rollout block; nil: no gates between waves
	// byName indexes Tenants for Tenant; built on first use.
	byName atomic.Pointer[map[string]int]
}

// Tenant returns the tenant named so, or nil. Apply looks up every tenant
// it runs (to plan it again under its lock): a scan of Tenants each time
// was quadratic in the fleet, a hundred million comparisons at 10,000.
// The index is checked on each use and built again if Tenants changed.
func (p *Project) Tenant(name string) *Tenant {
	if m := p.byName.Load(); m != nil {
		if i, ok := (*m)[name]; ok && i < len(p.Tenants) && p.Tenants[i].Name == name {
			return p.Tenants[i]
		}
	}
	m := make(map[string]int, len(p.Tenants))
	for i, t := range p.Tenants {
		if _, dup := m[t.Name]; !dup {
			m[t.Name] = i
		}
	}
	p.byName.Store(&m)
	if i, ok := m[name]; ok {
		return p.Tenants[i]
	}
	return nil
}

// Tenant is one governorate.
type Tenant struct {
	Name      string
	NameAR    string
	NameEN    string
	Wave      int
	Schema    string
	Database  string // named server; "default" when the file names none
	Services  []*Service
	Extras    []Extra // objects the tenant adds on purpose: not drift
	File      string
	DeclRange hcl.Range
}

// Service is one module as a tenant runs it.
type Service struct {
	Module        string
	Version       uint // resolved: pinned, or the module's newest
	VersionPinned bool
	Enabled       bool
	Settings      map[string]cty.Value // every declared setting, defaults applied; unmarked
	Sensitive     map[string]bool      // settings whose value must never be shown or stored (nil: none)
	// JSON holds each wholly known setting's value as cty's JSON, made once
	// per distinct set of settings and shared like Settings: plan writes
	// every tenant's settings as JSON, and formatting the same numbers in
	// decimal for each tenant was a third of a fleet's no-op plan. nil:
	// not made (then the caller marshals).
	JSON      map[string][]byte
	DeclRange hcl.Range
}

// Service returns the tenant's service for a module, or nil.
func (t *Tenant) Service(module string) *Service {
	for _, s := range t.Services {
		if s.Module == module {
			return s
		}
	}
	return nil
}

// Module is one e-service: its settings, checks and migrations.
type Module struct {
	Name            string
	TitleAR         string
	TitleEN         string
	Description     string
	Requires        []string
	Extensions      []string
	AllowOutOfOrder bool
	// OwnSchema: the module's objects live in a schema of its own per
	// tenant (ModuleSchema), not in the tenant schema with the others.
	OwnSchema bool
	// Irreversible: up files may come without a down file (golang-migrate
	// sets that never roll back); rollback below such a version is refused.
	Irreversible bool
	// LockTimeout is how long each statement of the module's files may
	// wait for a lock (nil: the migration_lock_timeout setting; 0: no limit).
	LockTimeout *time.Duration
	LintIgnores []LintIgnore
	Settings    []*SettingDecl
	Checks      []*Check
	Migrations  []*Migration // ascending by version
	Dir         string
	DeclRange   hcl.Range
}

// Latest is the newest migration version, 0 for a module without any.
func (m *Module) Latest() uint {
	if len(m.Migrations) == 0 {
		return 0
	}
	return m.Migrations[len(m.Migrations)-1].Version
}

// HasVersion reports whether v is one of the module's versions (0 = none).
func (m *Module) HasVersion(v uint) bool { return v == 0 || m.Migration(v) != nil }

// Migration returns version v's files, or nil.
func (m *Module) Migration(v uint) *Migration {
	for _, mg := range m.Migrations {
		if mg.Version == v {
			return mg
		}
	}
	return nil
}

// Check returns a declared check by name, or nil.
func (m *Module) Check(name string) *Check {
	for _, c := range m.Checks {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Setting returns a declared setting by name, or nil.
func (m *Module) Setting(name string) *SettingDecl {
	for _, s := range m.Settings {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// SettingDecl is a module's typed setting.
type SettingDecl struct {
	Name        string
	Type        cty.Type
	Default     cty.Value // cty.NilVal when the setting is required
	Description string
	Sensitive   bool
	Validations []Validation
	DeclRange   hcl.Range
}

// Validation is a condition over `value` that must hold.
type Validation struct {
	Condition    hcl.Expression
	ErrorMessage string
}

// Check is SQL that must return true once the service is on.
type Check struct {
	Name        string
	Description string
	SQL         string
	MinVersion  uint // the check applies from this module version on
	DeclRange   hcl.Range
}

// Migration is one version of a module's migrations: both files.
type Migration struct {
	Version       uint
	Name          string
	UpPath        string
	DownPath      string
	Up            []byte
	Down          []byte
	UpSum         string // hex sha256 of Up
	DownSum       string
	NoTransaction bool // the up file asks to run outside a transaction
	UpSQL         *sqlfile.File
	DownSQL       *sqlfile.File
}

// File is the parsed file of one direction, and its path.
func (m *Migration) File(up bool) (*sqlfile.File, string) {
	if up {
		return m.UpSQL, m.UpPath
	}
	return m.DownSQL, m.DownPath
}

// ModuleSchema is the schema a module's files create their objects in,
// for a tenant whose schema is tenantSchema.
func (m *Module) ModuleSchema(tenantSchema string) string {
	if m.OwnSchema {
		return tenantSchema + "_" + m.Name
	}
	return tenantSchema
}

// SearchPath is the search_path a module's files and checks run with in a
// tenant: its own schema, then the schemas of the modules it requires (the
// tenant schema for modules that share it), then the shared extensions.
func (p *Project) SearchPath(tenantSchema string, m *Module) []string {
	out := []string{m.ModuleSchema(tenantSchema)}
	for _, r := range m.Requires {
		if rm := p.Modules[r]; rm != nil && !slices.Contains(out, rm.ModuleSchema(tenantSchema)) {
			out = append(out, rm.ModuleSchema(tenantSchema))
		}
	}
	return append(out, ExtensionsSchema)
}
