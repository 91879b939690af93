package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"time"

	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/fingerprint"
	"github.com/jo-water/rollout/internal/state"
)

// Options narrow and tune a plan.
type Options struct {
	Reference     string
	Only          []string // --tenant; empty means all
	Exclude       []string // --exclude
	AllowUnproven bool
	Now           time.Time
	// IsolatePublic is each server's isolate_public setting: "true",
	// "false", or "auto" / absent.
	IsolatePublic map[string]string
}

// Compute plans every selected tenant against the snapshot of its server.
// All refusals (drift, out of order, downgrade, unproven) are returned
// together, joined.
func Compute(p *config.Project, snaps map[string]*state.Snapshot, opts Options) (*Plan, error) {
	if err := checkSelection(p, opts); err != nil {
		return nil, err
	}
	out := &Plan{FormatVersion: FormatVersion, CreatedAt: opts.Now.UTC(), Reference: opts.Reference,
		Fingerprints: map[string]string{}}
	var errs []error
	var tenants []Tenant
	g := newGates(p, snaps, opts.Now)
	lims, waits := map[string]limits{}, map[string][]Wait{}
	for _, t := range p.Tenants {
		lims[t.Name], waits[t.Name] = g.tenantLimits(t)
	}
	verify := g.soakSources(waits)
	shared := newSharing()
	for _, name := range slices.Sorted(maps.Keys(snaps)) {
		errs = append(errs, checkSalt(name, snaps[name]))
	}
	for _, t := range p.Tenants {
		if !selected(t.Name, opts) {
			continue
		}
		if err := checkControl(p, t, snaps[t.Database]); err != nil {
			errs = append(errs, err)
			continue
		}
		lim := lims[t.Name]
		lim.verify = verify[t.Name]
		tp, err := planPlaced(p, t, snaps, lim)
		tp.Waits = waits[t.Name]
		tp.dropSettings()
		shared.tenant(&tp)
		errs = append(errs, err)
		tenants = append(tenants, tp)
	}
	errs = append(errs, checkProven(p, snaps, tenants, opts, &out.Warnings)...)
	out.Orphans = orphans(p, snaps, opts)
	errs = append(errs, EmptyFolderError(p, out.Orphans))
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out.Waves = groupWaves(tenants, opts.Reference)
	planServers(p, snaps, out, opts.IsolatePublic)
	for i := range out.Waves {
		out.Waves[i].Halt = g.halt(out.Waves[i].Number)
	}
	out.Summary = summarise(out)
	for name, s := range snaps {
		out.Fingerprints[name] = s.Fingerprint(schemasOn(p, name))
	}
	out.Digest = digest(out.Waves)
	return out, nil
}

func checkSelection(p *config.Project, opts Options) error {
	var errs []error
	for _, n := range append(slices.Clone(opts.Only), opts.Exclude...) {
		if p.Tenant(n) == nil {
			errs = append(errs, fmt.Errorf("%w %q: no file in the tenants folder declares it", ErrUnknownTenant, n))
		}
	}
	return errors.Join(errs...)
}

func selected(name string, opts Options) bool { return opts.Selects(name) }

// Selects reports whether --tenant and --exclude keep a tenant.
func (o Options) Selects(name string) bool {
	if slices.Contains(o.Exclude, name) {
		return false
	}
	return len(o.Only) == 0 || slices.Contains(o.Only, name)
}

// schemasOn lists the tenant schemas placed on a server: the fingerprint
// covers whether each exists.
func schemasOn(p *config.Project, server string) []string {
	var out []string
	for _, t := range p.Tenants {
		if t.Database == server {
			out = append(out, t.Schema)
		}
	}
	return out
}

// limits narrow what a tenant takes now: the rollout policy's highest
// version per module, and whether its checks run even without changes.
type limits struct {
	caps   map[string]uint
	verify bool
}

func planTenant(p *config.Project, t *config.Tenant, snap *state.Snapshot, lim limits) (Tenant, error) {
	owner, app := Roles(snap.Database, t.Schema)
	if ts := snap.Tenants[t.Name]; ts != nil && ts.OwnerRole != "" {
		// The roles rollout created and recorded stay the tenant's, even
		// those named before roles carried the database's prefix.
		owner, app = ts.OwnerRole, ts.AppRole
	}
	tp := Tenant{Name: t.Name, NameEN: t.NameEN, NameAR: t.NameAR, Schema: t.Schema, Database: t.Database,
		Wave: t.Wave, OwnerRole: owner, AppRole: app, Caps: lim.caps, Verify: lim.verify}
	ts := snap.Tenants[t.Name]
	tp.Create = ts == nil || !snap.Schemas[t.Schema]
	var errs []error
	if ts != nil && ts.Schema != t.Schema {
		errs = append(errs, fmt.Errorf("tenant %q: its schema is %q in the database and %q in %s; renaming a schema is not supported",
			t.Name, ts.Schema, t.Schema, t.File))
	}
	tp.UpdateRecord = ts != nil && ts.Wave != t.Wave
	if len(t.Services) > 0 {
		tp.Services = make([]Service, 0, len(t.Services))
	}
	for _, s := range t.Services {
		var recorded *state.ServiceState
		if ts != nil {
			recorded = ts.Services[s.Module]
		}
		sp, err := planService(p.Modules[s.Module], t, capped(s, lim.caps), recorded, snap.Secrets)
		sp.Held = sp.ToVersion < s.Version && sp.ToVersion == sp.FromVersion
		if sp.Held {
			hold(&sp)
		}
		sp.Problems = messages(err)
		errs = append(errs, err)
		tp.Services = append(tp.Services, sp)
		if s.Enabled {
			tp.Extensions = append(tp.Extensions, p.Modules[s.Module].Extensions...)
		}
	}
	tp.Services = append(tp.Services, removedServices(t, ts)...)
	// Only a tenant that exists has checks to run again.
	tp.Verify = tp.Verify && !tp.Create
	if tp.Create && allHeld(tp.Services) {
		tp.Create, tp.CreateWaits = false, true // a tenant that only waits is not created yet
	}
	if tp.Changes() || tp.Verify {
		addChecks(p, &tp)
	}
	tp.ConfigHash = configHash(tp)
	return tp, errors.Join(errs...)
}

// dropSettings lets go of the settings values a tenant's services would
// write: the whole plan shows their changes (SettingChanges) and counts
// them in ConfigHash, and apply plans each tenant again under its lock
// (Again), which computes them afresh. Two maps per service, kept for
// every tenant, were half the memory of a plan of 10,000 governorates.
func (t *Tenant) dropSettings() {
	for i := range t.Services {
		t.Services[i].StoredSettings, t.Services[i].PublicSettings = nil, nil
	}
}

// capped is the service as the policy lets it move now.
func capped(s *config.Service, caps map[string]uint) *config.Service {
	if c, ok := caps[s.Module]; ok && c < s.Version {
		sc := *s
		sc.Version = c
		return &sc
	}
	return s
}

// hold leaves a service that may not move at all exactly as it is: its
// new settings and switch wait with its version.
func hold(s *Service) {
	s.Enabled, s.SettingChanges, s.OutOfOrder = s.EnabledBefore, []SettingChange{}, nil
}

func allHeld(services []Service) bool {
	for _, s := range services {
		if !s.Held {
			return false
		}
	}
	return len(services) > 0
}

// messages lists the errors joined in err, one message each.
func messages(err error) []string {
	out := []string{}
	if err == nil {
		return out
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, messages(e)...)
		}
		return out
	}
	return append(out, err.Error())
}

// removedServices turns off what the database runs but the files dropped;
// the data stays.
func removedServices(t *config.Tenant, ts *state.TenantState) []Service {
	if ts == nil {
		return nil
	}
	var out []Service
	for _, m := range sortedKeys(ts.Services) {
		rec := ts.Services[m]
		if t.Service(m) == nil && rec.Enabled {
			out = append(out, Service{Module: m, FromVersion: rec.Version, ToVersion: rec.Version,
				EnabledBefore: true, Removed: true, SettingChanges: []SettingChange{}, Checks: []string{}, Migrations: []Migration{}})
		}
	}
	return out
}

func planService(m *config.Module, t *config.Tenant, s *config.Service, rec *state.ServiceState, secrets *fingerprint.Hasher) (Service, error) {
	sp := Service{Module: s.Module, ToVersion: s.Version, Enabled: s.Enabled, Migrations: []Migration{},
		SettingChanges: []SettingChange{}, Checks: []string{}}
	applied := map[uint]string{}
	var recorded map[string]json.RawMessage
	if rec != nil {
		sp.FromVersion, sp.EnabledBefore, applied, recorded = rec.Version, rec.Enabled, rec.Applied, rec.Settings
	}
	late, orderErr := checkOrder(m, t, sp.FromVersion, applied)
	sp.OutOfOrder = late
	err := errors.Join(checkApplied(m, t, applied), orderErr)
	if s.Version < sp.FromVersion {
		err = errors.Join(err, fmt.Errorf("%w: tenant %q runs %s at version %d and its file asks for %d; go down with: rollout rollback --tenant %s --service %s --to %d",
			ErrDowngrade, t.Name, m.Name, sp.FromVersion, s.Version, t.Name, m.Name, s.Version))
	}
	for _, mg := range m.Migrations {
		if mg.Version > sp.FromVersion && mg.Version <= s.Version {
			sp.Migrations = append(sp.Migrations, Migration{Version: mg.Version, Name: mg.Name, File: mg.UpPath, Checksum: mg.UpSum})
		}
	}
	sp.StoredSettings, sp.PublicSettings = settingsToStore(t, s, secrets)
	sp.SettingChanges = settingChanges(s, sp.StoredSettings, recorded)
	sp.SecretPins = secretPins(s, sp.StoredSettings)
	return sp, err
}

// checkApplied refuses drift: an applied file edited or removed since.
func checkApplied(m *config.Module, t *config.Tenant, applied map[uint]string) error {
	var errs []error
	for v, sum := range applied {
		mg := m.Migration(v)
		switch {
		case mg == nil:
			errs = append(errs, fmt.Errorf("%w: tenant %q applied %s version %d, which is no longer in %s/migrations; restore the file",
				ErrDrift, t.Name, m.Name, v, m.Dir))
		case mg.UpSum != sum:
			errs = append(errs, fmt.Errorf("%w: %s was edited after tenant %q applied it (applied checksum %s, file checksum %s); restore the applied text and put the change in a new migration",
				ErrDrift, mg.UpPath, t.Name, sum, mg.UpSum))
		}
	}
	return errors.Join(errs...)
}

// checkOrder finds files older than the applied version that never ran (a
// branch merged late): golang-migrate would skip them silently. They are
// refused, or returned to be applied when the module allows out of order.
func checkOrder(m *config.Module, t *config.Tenant, current uint, applied map[uint]string) ([]Migration, error) {
	if len(applied) == 0 {
		return nil, nil
	}
	var late []Migration
	var errs []error
	for _, mg := range m.Migrations {
		if _, ok := applied[mg.Version]; mg.Version >= current || ok {
			continue
		}
		if m.AllowOutOfOrder {
			late = append(late, Migration{Version: mg.Version, Name: mg.Name, File: mg.UpPath, Checksum: mg.UpSum})
			continue
		}
		errs = append(errs, fmt.Errorf("%w: %s (version %d) was never applied to tenant %q, which is already at %d; renumber it after %d, or set allow_out_of_order = true in %s/module.hcl",
			ErrOutOfOrder, mg.UpPath, mg.Version, t.Name, current, m.Latest(), m.Dir))
	}
	return late, errors.Join(errs...)
}

// settingsToStore: what the control schema records (secrets as
// fingerprints) and what the tenant's own schema shows its application (no
// secrets). Without a control schema yet there is nothing to compare
// with: apply plans again, with the salt, once it has created it.
func settingsToStore(t *config.Tenant, s *config.Service, secrets *fingerprint.Hasher) (stored, public map[string]any) {
	stored, public = map[string]any{}, map[string]any{}
	for name, v := range s.Settings {
		if !v.IsWhollyKnown() {
			continue // a secret left unread (status): neither stored nor compared
		}
		js, ok := s.JSON[name] // made once per distinct set at loading
		if !ok {
			js, _ = ctyjson.Marshal(v, v.Type())
		}
		if s.Sensitive[name] {
			fp := "(not recorded yet)"
			if secrets != nil {
				fp = secrets.Sum(string(js), t.Name, s.Module, name)
			}
			stored[name] = map[string]string{"sensitive": fp}
			continue
		}
		stored[name], public[name] = json.RawMessage(js), json.RawMessage(js)
	}
	return stored, public
}

// secretPins are the stored digests of the sensitive settings.
func secretPins(s *config.Service, stored map[string]any) map[string]string {
	var pins map[string]string
	for name := range s.Sensitive {
		if d, ok := stored[name].(map[string]string); ok && s.Sensitive[name] {
			if pins == nil {
				pins = map[string]string{}
			}
			pins[name] = d["sensitive"]
		}
	}
	return pins
}

func settingChanges(s *config.Service, stored map[string]any, recorded map[string]json.RawMessage) []SettingChange {
	out := make([]SettingChange, 0, len(stored))
	for _, name := range sortedKeys(stored) {
		after, _ := json.Marshal(stored[name])
		before, had := recorded[name]
		if had && jsonEqual(before, after) {
			continue
		}
		c := SettingChange{Name: name, Before: "(none)", After: string(after), Sensitive: s.Sensitive[name]}
		if had {
			c.Before = string(before)
		}
		if c.Sensitive {
			c.After = "(sensitive)"
			if had {
				c.Before = "(sensitive)"
			}
		}
		out = append(out, c)
	}
	return out
}

// jsonEqual compares JSON by value: the database returns jsonb with its
// own key order and spacing.
func jsonEqual(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true // most values: a string or a number, the same bytes
	}
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// addChecks: a tenant that changes runs the checks of its enabled services.
func addChecks(p *config.Project, tp *Tenant) {
	for i := range tp.Services {
		s := &tp.Services[i]
		m := p.Modules[s.Module]
		if !s.Enabled || m == nil {
			continue
		}
		for _, c := range m.Checks {
			if c.MinVersion <= s.ToVersion {
				s.Checks = append(s.Checks, c.Name)
			}
		}
	}
}

func configHash(tp Tenant) string {
	type svc struct {
		Module   string
		Version  uint
		Enabled  bool
		Settings map[string]any
	}
	var svcs []svc
	for _, s := range tp.Services {
		if !s.Held {
			svcs = append(svcs, svc{s.Module, s.ToVersion, s.Enabled, s.StoredSettings})
		}
	}
	b, _ := json.Marshal(struct {
		Schema   string
		Wave     int
		Services []svc
	}{tp.Schema, tp.Wave, svcs})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func groupWaves(tenants []Tenant, ref string) []Wave {
	var waves []Wave
	for _, t := range tenants {
		if t.Name == ref {
			waves = append(waves, Wave{Number: t.Wave, Reference: true, Tenants: []Tenant{t}})
		}
	}
	byWave := map[int][]Tenant{}
	for _, t := range tenants {
		if t.Name != ref {
			byWave[t.Wave] = append(byWave[t.Wave], t)
		}
	}
	nums := make([]int, 0, len(byWave))
	for n := range byWave {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		waves = append(waves, Wave{Number: n, Tenants: byWave[n]})
	}
	return waves
}

func summarise(p *Plan) Summary {
	var s Summary
	for _, sv := range p.Servers {
		s.ServerChanges += len(sv.Changes)
	}
	for _, t := range p.AllTenants() {
		s.Tenants++
		if t.Create {
			s.ToCreate++
		}
		if t.Changes() {
			s.TenantsChanging++
		}
		if t.Move != nil {
			s.Moves++
		}
		for _, sv := range t.Services {
			s.Migrations += len(sv.Migrations) + len(sv.OutOfOrder)
			s.SettingsChanged += len(sv.SettingChanges)
			s.Checks += len(sv.Checks)
			if sv.TurnsOn() {
				s.TurnOn++
			}
			if !sv.Enabled && sv.EnabledBefore {
				s.TurnOff++
			}
		}
	}
	return s
}

// digest covers the actions only: not the time, not secrets' digests, not
// the waits (their messages count the time). It hashes the JSON of the
// waves without their halts and the tenants without their waits, written
// into the hash a tenant at a time: the same bytes as marshalling the
// whole list, which at 10,000 governorates was a buffer of 30 MiB that
// grew by doubling (96 MiB at its peak).
func digest(waves []Wave) string {
	h := sha256.New()
	h.Write([]byte("["))
	for i, w := range waves {
		if i > 0 {
			h.Write([]byte(","))
		}
		w.Halt, w.Tenants = nil, []Tenant{}
		head, _ := json.Marshal(w)
		// The tenants are the last field written: {…,"tenants":[]}.
		open := bytes.LastIndex(head, []byte("[]"))
		h.Write(head[:open+1])
		for j, t := range waves[i].Tenants {
			if j > 0 {
				h.Write([]byte(","))
			}
			t.Waits = nil
			b, _ := json.Marshal(t)
			h.Write(b)
		}
		h.Write(head[open+1:])
	}
	h.Write([]byte("]"))
	return hex.EncodeToString(h.Sum(nil))
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// ForTenant plans one tenant against a snapshot of its server, with no
// rollout policy: what its files ask for.
func ForTenant(p *config.Project, name string, snap *state.Snapshot) (Tenant, error) {
	return forTenant(p, name, snap, limits{})
}

// Again plans a planned tenant again against a fresh snapshot of it,
// within the limits the policy set when it was planned; apply does this
// once it holds the tenant's lock, so that a run that waited for another
// converges instead of repeating its work.
func Again(p *config.Project, planned Tenant, snap *state.Snapshot) (Tenant, error) {
	t, err := forTenant(p, planned.Name, snap, limits{caps: planned.Caps, verify: planned.Verify})
	t.Waits = planned.Waits
	return t, err
}

func forTenant(p *config.Project, name string, snap *state.Snapshot, lim limits) (Tenant, error) {
	if t := p.Tenant(name); t != nil {
		return planTenant(p, t, snap, lim)
	}
	return Tenant{}, fmt.Errorf("%w %q", ErrUnknownTenant, name)
}
