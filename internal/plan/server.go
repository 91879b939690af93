package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// Server is what a plan changes on one database outside tenant schemas:
// rollout's control and extensions schemas, extensions, cluster-wide
// roles, grants and schema public. Apply runs exactly these; a database
// shared with other applications sees each one before it happens.
type Server struct {
	Name string `json:"name"`
	// IsolatePublic: whether PUBLIC (so every tenant role) is kept out of
	// schema public; Why says where that came from.
	IsolatePublic bool           `json:"isolate_public"`
	Why           string         `json:"isolate_public_reason"`
	Changes       []ServerChange `json:"changes"`
	Warnings      []string       `json:"warnings,omitempty"`
}

// ServerChange is one change outside tenant schemas and the statement
// that makes it.
type ServerChange struct {
	Kind   string `json:"kind"`   // control_schema, schema, extension, role, role_membership, grant, public
	Action string `json:"action"` // create, upgrade, grant, revoke, restore, drop
	Name   string `json:"name"`
	Detail string `json:"detail,omitempty"`
	SQL    string `json:"sql"`
}

// Kinds of server changes.
const (
	KindControl    = "control_schema"
	KindSchema     = "schema"
	KindExtension  = "extension"
	KindRole       = "role"
	KindMembership = "role_membership"
	KindGrant      = "grant"
	KindPublic     = "public"
)

// Isolation settings of a server: "true", "false" or "auto" ("" is auto).
const (
	IsolateAuto = "auto"
	IsolateOn   = "true"
	IsolateOff  = "false"
)

// Key identifies a change for comparing a saved plan with a fresh one.
func (c ServerChange) Key() string { return c.Kind + " " + c.Action + " " + c.Name + " " + c.Detail }

// ServerNeeds is what a server's tenants need outside their schemas.
type ServerNeeds struct {
	Roles      [][2]string // owner, application role
	Extensions []string
	Isolate    bool
}

// NeedsOf gathers what a plan's tenants on one server need; a tenant
// whose creation waits for the rollout policy needs nothing yet.
func NeedsOf(p *Plan, server string) ServerNeeds {
	var n ServerNeeds
	for _, t := range p.AllTenants() {
		if t.Database != server || t.CreateWaits {
			continue
		}
		n.Roles = append(n.Roles, [2]string{t.OwnerRole, t.AppRole})
		for _, e := range t.Extensions {
			if !slices.Contains(n.Extensions, e) {
				n.Extensions = append(n.Extensions, e)
			}
		}
	}
	slices.Sort(n.Extensions)
	if s := p.Server(server); s != nil {
		n.Isolate = s.IsolatePublic
	}
	return n
}

// Server returns the plan's section for a server, or nil.
func (p *Plan) Server(name string) *Server {
	for i := range p.Servers {
		if p.Servers[i].Name == name {
			return &p.Servers[i]
		}
	}
	return nil
}

// ServerChanges lists what must change outside tenant schemas for these
// needs, given the server as it is: a pure function, so apply can compute
// it again under its lock and run only what the plan showed.
func ServerChanges(ss *state.ServerState, n ServerNeeds) []ServerChange {
	var out []ServerChange
	add := func(kind, action, name, detail, sql string) {
		out = append(out, ServerChange{Kind: kind, Action: action, Name: name, Detail: detail, SQL: sql})
	}
	if latest := state.ControlLatest(); ss.ControlVersion < latest {
		action, detail := "create", fmt.Sprintf("version %d", latest)
		if ss.ControlVersion > 0 {
			action, detail = "upgrade", fmt.Sprintf("version %d → %d", ss.ControlVersion, latest)
		}
		add(KindControl, action, state.Schema, detail, fmt.Sprintf("CREATE SCHEMA IF NOT EXISTS rollout; rollout's control migrations up to %d", latest))
	}
	if !ss.ExtensionsExist {
		add(KindSchema, "create", state.ExtensionsSchema, "", provision.CreateSchemaSQL(state.ExtensionsSchema))
	}
	for _, e := range n.Extensions {
		if _, ok := ss.Extensions[e]; !ok {
			add(KindExtension, "create", e, "", provision.CreateExtensionSQL(e, state.ExtensionsSchema))
		}
	}
	roles := roleList(n.Roles)
	for _, r := range roles {
		if !ss.Roles[r] {
			add(KindRole, "create", r, "", provision.CreateRoleSQL(r))
		}
	}
	for _, pair := range n.Roles {
		if owner := pair[0]; !ss.Superuser && !ss.MemberOf[owner] && !slices.ContainsFunc(out, func(c ServerChange) bool {
			return c.Kind == KindMembership && c.Name == owner
		}) {
			add(KindMembership, "grant", owner, ss.ConnectingRole, provision.GrantRoleSQL(owner, ss.ConnectingRole))
		}
	}
	for _, r := range roles {
		if !ss.ExtensionsUsage[r] {
			add(KindGrant, "grant", r, "USAGE ON SCHEMA "+state.ExtensionsSchema, provision.GrantUsageSQL(state.ExtensionsSchema, r))
		}
	}
	out = append(out, publicChanges(ss, n.Isolate)...)
	return out
}

// publicChanges: isolating takes PUBLIC's rights on public; not isolating
// gives back only what rollout itself took.
func publicChanges(ss *state.ServerState, isolate bool) []ServerChange {
	if !ss.PublicExists {
		return nil
	}
	if isolate && ss.PublicPrivileges != "" {
		return []ServerChange{{Kind: KindPublic, Action: "revoke", Name: "public", Detail: ss.PublicPrivileges + " from PUBLIC",
			SQL: provision.RevokePublicSQL()}}
	}
	taken, ok := ss.Created[KindPublic]["public"]
	if missing := lettersMissing(taken, ss.PublicPrivileges); !isolate && ok && missing != "" {
		return []ServerChange{{Kind: KindPublic, Action: "restore", Name: "public", Detail: missing + " to PUBLIC",
			SQL: provision.RestorePublicSQL(missing)}}
	}
	return nil
}

// lettersMissing: the privilege letters of want that have lacks.
func lettersMissing(want, has string) string {
	var out []rune
	for _, c := range want {
		if !strings.ContainsRune(has, c) {
			out = append(out, c)
		}
	}
	return string(out)
}

func roleList(pairs [][2]string) []string {
	var out []string
	for _, p := range pairs {
		out = append(out, p[0], p[1])
	}
	return out
}

// decideIsolation settles isolate_public for a server. Explicit settings
// win. auto decides once, when rollout is not installed yet: isolate a
// database that holds nothing but rollout's own objects, leave public
// alone in one that other applications use; once installed, auto keeps
// what was decided then.
func decideIsolation(setting string, snap *state.Snapshot, ours map[string]bool) (bool, string) {
	ss := snap.Server
	switch setting {
	case IsolateOn:
		return true, "isolate_public = true"
	case IsolateOff:
		return false, "isolate_public = false"
	}
	if ss.ControlVersion > 0 {
		// Before control migration 5 nothing was recorded: older rollouts
		// always revoked PUBLIC's USAGE, and migration 5 records that.
		older := ss.ControlVersion < 5 && ss.PublicExists && !strings.Contains(ss.PublicPrivileges, "U")
		if ss.CreatedBy(KindPublic, "public") || older {
			return true, "auto: rollout isolated public when it was installed here; kept"
		}
		return false, "auto: rollout left public as it was when it was installed here; kept (isolate_public = true to isolate)"
	}
	if others := othersIn(snap, ours); len(others) > 0 {
		return false, fmt.Sprintf("auto: the database holds other applications' objects (%s), so public is left as it is; set isolate_public = true to isolate anyway",
			strings.Join(others, "; "))
	}
	return true, "auto: the database holds nothing but rollout's own objects"
}

// othersIn names what in the database is not rollout's: other schemas,
// objects in public, roles that own or may use something here.
func othersIn(snap *state.Snapshot, ours map[string]bool) []string {
	var schemas, roles []string
	for s := range snap.Schemas {
		if !ours[s] && !strings.HasPrefix(s, "pg_") && s != "information_schema" && s != "public" &&
			s != state.Schema && s != state.ExtensionsSchema {
			schemas = append(schemas, s)
		}
	}
	for _, r := range snap.Server.RolesHere {
		if !ours["role:"+r] && r != snap.Server.ConnectingRole {
			roles = append(roles, r)
		}
	}
	slices.Sort(schemas)
	var out []string
	if len(schemas) > 0 {
		out = append(out, "schemas "+strings.Join(schemas, ", "))
	}
	if len(snap.Server.PublicObjects) > 0 {
		out = append(out, "in public: "+strings.Join(snap.Server.PublicObjects, ", "))
	}
	if len(roles) > 0 {
		out = append(out, "roles "+strings.Join(roles, ", "))
	}
	return out
}

// ours lists what on a server belongs to rollout's tenants: their schemas
// (in the files or recorded) and, as "role:<name>", their roles.
func ours(p *config.Project, snap *state.Snapshot, server string) map[string]bool {
	out := map[string]bool{}
	for _, t := range p.Tenants {
		if t.Database == server {
			owner, app := Roles(snap.Database, t.Schema)
			out[t.Schema], out["role:"+owner], out["role:"+app] = true, true, true
		}
	}
	for _, t := range snap.Tenants {
		out[t.Schema], out["role:"+t.OwnerRole], out["role:"+t.AppRole] = true, true, true
	}
	return out
}

// WithServers is a plan of these tenants (one wave) with each server's
// changes outside tenant schemas: for commands that provision tenants
// other than apply (adopt), so that they too make only what they show.
func WithServers(p *config.Project, snaps map[string]*state.Snapshot, tenants []Tenant, isolate map[string]string) *Plan {
	out := &Plan{Waves: []Wave{{Tenants: tenants}}}
	planServers(p, snaps, out, isolate)
	return out
}

// planServers gives every server with selected tenants its section.
func planServers(p *config.Project, snaps map[string]*state.Snapshot, out *Plan, isolate map[string]string) {
	for _, name := range sortedKeys(snaps) {
		snap := snaps[name]
		if snap.Server == nil || !slices.ContainsFunc(out.AllTenants(), func(t *Tenant) bool { return t.Database == name }) {
			continue
		}
		s := Server{Name: name, Changes: []ServerChange{}}
		s.IsolatePublic, s.Why = decideIsolation(isolate[name], snap, ours(p, snap, name))
		out.Servers = append(out.Servers, s)
		sp := &out.Servers[len(out.Servers)-1]
		sp.Changes = append(sp.Changes, ServerChanges(snap.Server, NeedsOf(out, name))...)
		sp.Warnings = serverWarnings(snap.Server, NeedsOf(out, name))
	}
}

func serverWarnings(ss *state.ServerState, n ServerNeeds) []string {
	var out []string
	for _, e := range n.Extensions {
		if where, ok := ss.Extensions[e]; ok && where != state.ExtensionsSchema {
			out = append(out, fmt.Sprintf("extension %s is installed in schema %s, not %s: tenants' search_path (their schema, then %s) does not reach it, so modules must name %s.<object>, or move it with ALTER EXTENSION %s SET SCHEMA %s if nothing else relies on where it is",
				e, where, state.ExtensionsSchema, state.ExtensionsSchema, where, e, state.ExtensionsSchema))
		}
	}
	if !n.Isolate && strings.Contains(ss.PublicPrivileges, "C") {
		out = append(out, "PUBLIC may create objects in schema public here, so every tenant owner role can too, and an application with public in its search_path could run what a tenant put there: set isolate_public = true, or REVOKE CREATE ON SCHEMA public FROM PUBLIC")
	}
	return out
}
