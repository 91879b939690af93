package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jo-water/rollout/internal/provision"
	"github.com/jo-water/rollout/internal/state"
)

// Uninstall is what `rollout uninstall --server S` would do: remove what
// rollout created outside tenant schemas, and say what stays and why.
// It never touches a tenant schema; while any remains, it is blocked.
type Uninstall struct {
	FormatVersion string         `json:"format_version"`
	Server        string         `json:"server"`
	Changes       []ServerChange `json:"changes"`
	Kept          []Kept         `json:"kept"`
	// Blockers: tenants whose schemas remain; uninstall refuses while any do.
	Blockers []string `json:"blockers"`
}

// Kept is something rollout created that uninstall leaves, and why.
type Kept struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	Why  string `json:"why"`
}

// Elsewhere maps a role to what it owns or may use outside this
// database (other databases of the cluster, or the cluster itself).
type Elsewhere map[string][]string

// PlanUninstall computes the removal from a snapshot: a pure function,
// computed again under the server's lock before anything runs.
func PlanUninstall(server string, snap *state.Snapshot, elsewhere Elsewhere) *Uninstall {
	u := &Uninstall{FormatVersion: FormatVersion, Server: server, Changes: []ServerChange{}, Kept: []Kept{}, Blockers: []string{}}
	ss := snap.Server
	for _, name := range sortedKeys(snap.Tenants) {
		if t := snap.Tenants[name]; snap.Schemas[t.Schema] {
			u.Blockers = append(u.Blockers, fmt.Sprintf("tenant %q still has its schema %q", name, t.Schema))
		}
	}
	if ss.ControlVersion == 0 {
		return u
	}
	add := func(kind, action, name, detail, sql string) {
		u.Changes = append(u.Changes, ServerChange{Kind: kind, Action: action, Name: name, Detail: detail, SQL: sql})
	}
	for _, e := range sortedKeys(ss.Created[KindExtension]) {
		if _, ok := ss.Extensions[e]; ok {
			add(KindExtension, "drop", e, "", provision.DropExtensionSQL(e))
		}
	}
	dropExt := uninstallExtensionsSchema(u, ss)
	if taken, ok := ss.Created[KindPublic]["public"]; ok && ss.PublicExists {
		if missing := lettersMissing(taken, ss.PublicPrivileges); missing != "" {
			add(KindPublic, "restore", "public", missing+" to PUBLIC", provision.RestorePublicSQL(missing))
		}
	}
	var drop []string
	for _, r := range sortedKeys(ss.Created[KindRole]) {
		switch {
		case !ss.Roles[r]:
		case len(elsewhere[r]) > 0:
			u.Kept = append(u.Kept, Kept{Kind: KindRole, Name: r, Why: "it owns or may use " + strings.Join(elsewhere[r], ", ")})
		default:
			if !dropExt && ss.ExtensionsUsage[r] {
				add(KindGrant, "revoke", r, "USAGE ON SCHEMA "+state.ExtensionsSchema, provision.RevokeUsageSQL(state.ExtensionsSchema, r))
			}
			drop = append(drop, r)
		}
	}
	// The control schema goes before the roles: the owners' rights on its
	// record function go with it.
	add(KindControl, "drop", state.Schema, "rollout's state and audit trail", provision.DropSchemaSQL(state.Schema, true))
	for _, r := range drop {
		add(KindRole, "drop", r, "", provision.DropRoleSQL(r))
	}
	return u
}

// uninstallExtensionsSchema drops the extensions schema if rollout created
// it and nothing but rollout's extensions lives there; it reports whether.
func uninstallExtensionsSchema(u *Uninstall, ss *state.ServerState) bool {
	if !ss.ExtensionsExist || !ss.CreatedBy(KindSchema, state.ExtensionsSchema) {
		return false
	}
	var foreign []string
	for e, where := range ss.Extensions {
		if where == state.ExtensionsSchema && !ss.CreatedBy(KindExtension, e) {
			foreign = append(foreign, e)
		}
	}
	if len(foreign) > 0 {
		slices.Sort(foreign)
		u.Kept = append(u.Kept, Kept{Kind: KindSchema, Name: state.ExtensionsSchema,
			Why: "it holds extensions rollout did not install: " + strings.Join(foreign, ", ")})
		return false
	}
	u.Changes = append(u.Changes, ServerChange{Kind: KindSchema, Action: "drop", Name: state.ExtensionsSchema,
		SQL: provision.DropSchemaSQL(state.ExtensionsSchema, false)})
	return true
}

// HasChanges reports whether uninstall would change anything.
func (u *Uninstall) HasChanges() bool { return len(u.Changes) > 0 }
