package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/jo-water/rollout/internal/sqlfile"
)

// owner is the first file that creates an object.
type owner struct {
	module, path string
	file         *sqlfile.File
	object       sqlfile.Object
}

// checkCollisions: modules share the tenant schema, so two modules
// creating the same table, type, function or sequence would meet there:
// the second's CREATE … IF NOT EXISTS is silently skipped, or it fails on
// some tenants only. Each such pair is an error naming both files.
func checkCollisions(mods map[string]*Module, order []string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	first := map[string]owner{}
	for _, name := range order {
		if mods[name].OwnSchema {
			continue // its objects live in a schema of its own
		}
		for _, mg := range mods[name].Migrations {
			if mg.UpSQL == nil {
				continue
			}
			for _, o := range mg.UpSQL.Objects {
				key := o.Namespace() + " " + o.Name
				prev, seen := first[key]
				if !seen {
					first[key] = owner{name, mg.UpPath, mg.UpSQL, o}
					continue
				}
				if prev.module != name {
					diags = append(diags, collision(prev, owner{name, mg.UpPath, mg.UpSQL, o}))
				}
			}
		}
	}
	return diags
}

func collision(a, b owner) *hcl.Diagnostic {
	la, ca := sqlfile.LineCol(a.file.Body, a.object.Offset)
	lb, cb := sqlfile.LineCol(b.file.Body, b.object.Offset)
	d := sqlDiag(b.path, b.file.Body, lb, cb, "Two modules create the same object",
		fmt.Sprintf("Module %q creates %s %q here, and module %q creates %s %q at %s:%d:%d; both would live in the same tenant schema. "+
			"Rename one of them, or give one module a schema of its own (schema = \"own\" in its module.hcl).",
			b.module, b.object.Kind, b.object.Name, a.module, a.object.Kind, a.object.Name, a.path, la, ca))
	return d
}

// checkOwnSchemas: a module's own schema is named <tenant schema>_<module>,
// which must fit PostgreSQL's 63-byte names.
func checkOwnSchemas(t *Tenant, mods map[string]*Module) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, s := range t.Services {
		m := mods[s.Module]
		if m == nil || !m.OwnSchema {
			continue
		}
		if name := m.ModuleSchema(t.Schema); len(name) > 63 {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Module schema name too long",
				Detail: fmt.Sprintf("Module %q has a schema of its own, %q, longer than PostgreSQL's 63 bytes; give tenant %q a shorter schema.",
					m.Name, name, t.Name),
				Subject: s.DeclRange.Ptr()})
		}
	}
	return diags
}
