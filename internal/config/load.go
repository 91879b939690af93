package config

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// Options says where the files are and how to treat the environment.
type Options struct {
	TenantsDir      string
	ModulesDir      string
	ReferenceTenant string
	// LookupEnv reads env("…") values. nil leaves them unknown, which is
	// how validate and fmt run: secrets are not needed to check files.
	LookupEnv func(string) (string, bool)
}

// Load reads and checks every module and tenant. It returns all the
// problems it finds, in every file, not just the first; the Project is
// usable only when the diagnostics hold no error.
func Load(opts Options) (*Project, hcl.Diagnostics) {
	p := hclparse.NewParser()
	files := map[string]*hcl.File{}
	mods, requireRanges, diags := loadModules(p, opts.ModulesDir, files)
	if mods == nil && diags.HasErrors() {
		// Without the modules every tenant's service would be "unknown":
		// follow-on errors that name the wrong folder.
		if !dirExists(opts.TenantsDir) {
			diags = append(diags, tenantsFolderDiag(opts.TenantsDir))
		}
		return &Project{Modules: map[string]*Module{}, Files: files}, diags
	}
	order, d := moduleOrder(mods, requireRanges)
	diags = append(diags, d...)
	diags = append(diags, checkCollisions(mods, order)...)

	seen := &secretsSeen{}
	base := evalContext(seen.wrap(opts.LookupEnv))
	dec := newTenantDecoder(base, mods)
	found, d := readTenantFiles(opts.TenantsDir, dec, files)
	diags = append(diags, d...)
	policy, d := decodePolicy(found.policy, found.policyFiles)
	diags = append(diags, d...)
	tenants, d := dec.finish()
	diags = append(diags, d...)
	for _, t := range tenants {
		sortServices(t, order)
		diags = append(diags, checkRequires(t, mods)...)
		diags = append(diags, checkOwnSchemas(t, mods)...)
	}
	diags = append(diags, checkUnique(tenants)...)
	diags = append(diags, checkReference(tenants, opts.ReferenceTenant)...)
	diags = append(diags, checkPolicy(policy, tenants)...)
	seen.scrub(diags)
	sort.SliceStable(tenants, func(i, j int) bool {
		if tenants[i].Wave != tenants[j].Wave {
			return tenants[i].Wave < tenants[j].Wave
		}
		return tenants[i].Name < tenants[j].Name
	})
	// With nothing to report, later diagnostics (plan's) need only a
	// file's bytes: keeping just those lets a thousand tenants' syntax
	// trees go once decoded. With problems, the trees give the report its
	// context ("in tenant "karak"").
	for name, f := range p.Files() {
		files[name] = f
	}
	if len(diags) == 0 {
		for name, f := range files {
			if f.Bytes == nil {
				delete(files, name) // a tenant file let go once decoded
				continue
			}
			files[name] = &hcl.File{Bytes: f.Bytes}
		}
	} else {
		withContext(files, diags)
	}
	return &Project{Tenants: tenants, Modules: mods, ModuleOrder: order, Files: files, Policy: policy}, diags
}

// sortServices puts a tenant's services in dependency order.
func sortServices(t *Tenant, order []string) {
	rank := map[string]int{}
	for i, n := range order {
		rank[n] = i
	}
	sort.SliceStable(t.Services, func(i, j int) bool { return rank[t.Services[i].Module] < rank[t.Services[j].Module] })
}

func checkRequires(t *Tenant, mods map[string]*Module) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, s := range t.Services {
		if !s.Enabled {
			continue
		}
		for _, r := range mods[s.Module].Requires {
			dep := t.Service(r)
			if dep == nil || !dep.Enabled {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Required module not enabled",
					Detail: fmt.Sprintf("%s requires %s, which tenant %q does not enable; add service %q (enabled) or turn this one off.",
						s.Module, r, t.Name, r), Subject: s.DeclRange.Ptr()})
			}
		}
	}
	return diags
}

// checkUnique: two tenants on one server cannot share a schema.
func checkUnique(tenants []*Tenant) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]*Tenant{}
	for _, t := range tenants {
		key := t.Database + "/" + t.Schema
		if prev, dup := seen[key]; dup {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate schema",
				Detail: fmt.Sprintf("Tenants %q and %q both use schema %q on server %q; give one of them its own schema.",
					prev.Name, t.Name, t.Schema, t.Database), Subject: t.DeclRange.Ptr()})
			continue
		}
		seen[key] = t
	}
	return diags
}

// checkReference: no tenant may go before the reference tenant, whose
// runs prove versions for everyone else.
func checkReference(tenants []*Tenant, ref string) hcl.Diagnostics {
	if ref == "" || len(tenants) == 0 {
		return nil
	}
	var rt *Tenant
	for _, t := range tenants {
		if t.Name == ref {
			rt = t
		}
	}
	if rt == nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Reference tenant not found",
			Detail: fmt.Sprintf("The reference tenant is %q, but no tenant file declares it; add tenant %q or set reference_tenant (ROLLOUT_REFERENCE_TENANT) to one that exists.", ref, ref)}}
	}
	var diags hcl.Diagnostics
	for _, t := range tenants {
		if t.Wave < rt.Wave {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Tenant before the reference tenant",
				Detail: fmt.Sprintf("Tenant %q is in wave %d, before the reference tenant %q (wave %d); versions are proven there first, so use wave %d or later.",
					t.Name, t.Wave, ref, rt.Wave, rt.Wave), Subject: t.DeclRange.Ptr()})
		}
	}
	return diags
}
