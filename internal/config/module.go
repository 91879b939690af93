package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/jo-water/rollout/internal/hclfile"
)

// maxModuleLen keeps "schema_migrations_<module>" within 63 bytes.
const maxModuleLen = 63 - len("schema_migrations_")

type moduleFile struct {
	Modules []moduleBlock `hcl:"module,block"`
}

type moduleBlock struct {
	Name            string         `hcl:"name,label"`
	TitleAR         string         `hcl:"title_ar"`
	TitleEN         string         `hcl:"title_en"`
	Description     *string        `hcl:"description,optional"`
	Requires        hcl.Expression `hcl:"requires,optional"`
	Extensions      hcl.Expression `hcl:"extensions,optional"`
	AllowOutOfOrder *bool          `hcl:"allow_out_of_order,optional"`
	Schema          *string        `hcl:"schema,optional"`
	LockTimeout     hcl.Expression `hcl:"lock_timeout,optional"`
	Irreversible    *bool          `hcl:"irreversible,optional"`
	Lint            *lintBlock     `hcl:"lint,block"`
	Settings        []settingBlock `hcl:"setting,block"`
	Checks          []checkBlock   `hcl:"check,block"`
	DeclRange       hcl.Range      `hcl:",def_range"`
}

type settingBlock struct {
	Name        string            `hcl:"name,label"`
	Type        hcl.Expression    `hcl:"type"`
	Default     hcl.Expression    `hcl:"default,optional"`
	Description *string           `hcl:"description,optional"`
	Sensitive   *bool             `hcl:"sensitive,optional"`
	Validations []validationBlock `hcl:"validation,block"`
	DeclRange   hcl.Range         `hcl:",def_range"`
}

type validationBlock struct {
	Condition    hcl.Expression `hcl:"condition"`
	ErrorMessage string         `hcl:"error_message"`
}

type checkBlock struct {
	Name        string    `hcl:"name,label"`
	Description *string   `hcl:"description,optional"`
	SQL         string    `hcl:"sql"`
	MinVersion  *uint     `hcl:"min_version,optional"`
	DeclRange   hcl.Range `hcl:",def_range"`
}

// loadModules reads every modules/<name>/ folder.
func loadModules(p *hclparse.Parser, dir string, files map[string]*hcl.File) (map[string]*Module, map[string]hcl.Range, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, diags.Append(folderDiag("Unreadable modules folder",
			fmt.Sprintf("The modules folder %s cannot be read (%v); check --modules-dir.", dir, err)))
	}
	mods := map[string]*Module{}
	requireRanges := map[string]hcl.Range{} // "module/required" → where it is named
	for _, e := range entries {
		if e.Type()&os.ModeSymlink != 0 {
			diags = append(diags, hclfile.NotRegular(filepath.Join(dir, e.Name()), "a symbolic link"))
			continue
		}
		if !e.IsDir() {
			continue
		}
		m, d := loadModule(p, filepath.Join(dir, e.Name()), files, requireRanges)
		diags = append(diags, d...)
		if m != nil {
			mods[m.Name] = m
		}
	}
	return mods, requireRanges, diags
}

func loadModule(p *hclparse.Parser, dir string, files map[string]*hcl.File, requireRanges map[string]hcl.Range) (*Module, hcl.Diagnostics) {
	path := filepath.Join(dir, "module.hcl")
	if _, err := os.Stat(path); err != nil {
		return nil, hcl.Diagnostics{fileDiag(dir, "Module without module.hcl",
			"Every folder under modules/ is a module and needs a module.hcl; add one or move the folder out.")}
	}
	f, diags := hclfile.Parse(path, p.ParseHCL)
	if diags.HasErrors() {
		return nil, diags
	}
	var mf moduleFile
	diags = append(diags, gohcl.DecodeBody(f.Body, nil, &mf)...)
	if diags.HasErrors() {
		return nil, diags
	}
	if len(mf.Modules) != 1 {
		return nil, append(diags, fileDiag(path, "One module block per module.hcl",
			fmt.Sprintf("This file has %d module blocks; keep exactly one, labelled with the folder's name.", len(mf.Modules))))
	}
	mb := mf.Modules[0]
	m := &Module{Name: mb.Name, TitleAR: mb.TitleAR, TitleEN: mb.TitleEN, Dir: dir, DeclRange: mb.DeclRange,
		Description: deref(mb.Description), AllowOutOfOrder: mb.AllowOutOfOrder != nil && *mb.AllowOutOfOrder,
		Irreversible: mb.Irreversible != nil && *mb.Irreversible}
	diags = append(diags, checkModuleName(m, filepath.Base(dir))...)
	diags = append(diags, decodeSchema(m, mb.Schema)...)
	var d hcl.Diagnostics
	m.Requires, d = stringList(mb.Requires, "requires", moduleIdent, func(s string, r hcl.Range) { requireRanges[m.Name+"/"+s] = r })
	diags = append(diags, d...)
	m.Extensions, d = stringList(mb.Extensions, "extensions", extensionName, nil)
	diags = append(diags, d...)
	for _, sb := range mb.Settings {
		s, d := decodeSetting(sb)
		diags = append(diags, d...)
		if s != nil {
			m.Settings = append(m.Settings, s)
		}
	}
	diags = append(diags, decodeChecks(m, mb.Checks)...)
	m.Migrations, d = loadMigrations(filepath.Join(dir, "migrations"), files, m.Irreversible)
	diags = append(diags, d...)
	diags = append(diags, decodeLockTimeout(m, mb.LockTimeout)...)
	diags = append(diags, decodeLint(m, mb.Lint)...)
	return m, append(diags, checkFileExtensions(m, path)...)
}

func checkModuleName(m *Module, folder string) hcl.Diagnostics {
	if why := checkIdent(m.Name, maxModuleLen); why != "" {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unsafe module name", Subject: m.DeclRange.Ptr(),
			Detail: fmt.Sprintf("Module name %q is not a safe identifier: %s.", m.Name, why)}}
	}
	if m.Name != folder {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Module name differs from its folder", Subject: m.DeclRange.Ptr(),
			Detail: fmt.Sprintf("The block says %q but the folder is %q; use the folder's name as the label.", m.Name, folder)}}
	}
	return nil
}

// stringList decodes an optional list of identifiers, calling seen with
// each element's range.
func stringList(expr hcl.Expression, what string, check func(string) string, seen func(string, hcl.Range)) ([]string, hcl.Diagnostics) {
	if expr == nil || isNull(expr) {
		return nil, nil
	}
	items, diags := hcl.ExprList(expr)
	if diags.HasErrors() {
		return nil, diags
	}
	var out []string
	for _, it := range items {
		var s string
		if d := gohcl.DecodeExpression(it, nil, &s); d.HasErrors() {
			diags = append(diags, d...)
			continue
		}
		if why := check(s); why != "" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsafe name in " + what,
				Detail: fmt.Sprintf("%q is not a safe identifier: %s.", s, why), Subject: it.Range().Ptr()})
			continue
		}
		if seen != nil {
			seen(s, it.Range())
		}
		out = append(out, s)
	}
	return out, diags
}

func moduleIdent(s string) string { return checkIdent(s, maxModuleLen) }

var extensionRe = regexp.MustCompile(`^[a-z_][a-z0-9_-]*$`)

// extensionName allows the dashes of extensions such as uuid-ossp.
func extensionName(s string) string {
	if !extensionRe.MatchString(s) || len(s) > 63 {
		return "an extension name is lowercase letters, digits, underscores and dashes"
	}
	return ""
}

func isNull(expr hcl.Expression) bool { return isNullIn(expr, nil) }

func decodeSetting(sb settingBlock) (*SettingDecl, hcl.Diagnostics) {
	s := &SettingDecl{Name: sb.Name, Description: deref(sb.Description), DeclRange: sb.DeclRange,
		Sensitive: sb.Sensitive != nil && *sb.Sensitive}
	if why := checkIdent(sb.Name, 63); why != "" {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unsafe setting name", Subject: sb.DeclRange.Ptr(),
			Detail: fmt.Sprintf("Setting name %q is not a safe identifier: %s.", sb.Name, why)}}
	}
	ty, diags := typeexpr.TypeConstraint(sb.Type)
	if diags.HasErrors() {
		return nil, diags
	}
	s.Type = ty
	if d := refuseEnvInModule(sb.Default, "default"); d.HasErrors() {
		return nil, d
	}
	if !isNull(sb.Default) {
		if s.Sensitive {
			return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Sensitive setting with a default",
				Detail:  "A sensitive setting is a secret and has no default in HCL; remove the default and let tenants give env(\"NAME\").",
				Subject: sb.Default.Range().Ptr()}}
		}
		v, d := sb.Default.Value(evalContext(nil))
		if d.HasErrors() {
			return nil, d
		}
		cv, err := convert.Convert(v, ty)
		if err != nil {
			return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Default does not match the setting's type",
				Detail:  fmt.Sprintf("The default of %q is not a %s: %s; fix the default or the type.", sb.Name, ty.FriendlyName(), err),
				Subject: sb.Default.Range().Ptr()}}
		}
		s.Default = cv
	}
	for _, vb := range sb.Validations {
		d := append(checkConditionRefs(vb.Condition), refuseEnvInModule(vb.Condition, "validation")...)
		diags = append(diags, d...)
		if !d.HasErrors() {
			s.Validations = append(s.Validations, Validation{Condition: vb.Condition, ErrorMessage: vb.ErrorMessage})
		}
	}
	return s, diags
}

// checkConditionRefs allows a validation to read only `value`.
func checkConditionRefs(expr hcl.Expression) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, tr := range expr.Variables() {
		if tr.RootName() != "value" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid reference in validation",
				Detail:  fmt.Sprintf("A validation condition can only use `value` (the setting's value), not %q.", tr.RootName()),
				Subject: tr.SourceRange().Ptr()})
		}
	}
	return diags
}

func decodeChecks(m *Module, cbs []checkBlock) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	for _, cb := range cbs {
		if seen[cb.Name] {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate check",
				Detail: fmt.Sprintf("Check %q is declared twice in this module; rename one.", cb.Name), Subject: cb.DeclRange.Ptr()})
			continue
		}
		seen[cb.Name] = true
		m.Checks = append(m.Checks, &Check{Name: cb.Name, Description: deref(cb.Description), SQL: cb.SQL, DeclRange: cb.DeclRange})
		if cb.MinVersion != nil {
			m.Checks[len(m.Checks)-1].MinVersion = *cb.MinVersion
		}
	}
	return diags
}

// moduleOrder sorts modules so that every module comes after the ones it
// requires, reporting unknown and cyclic requires.
func moduleOrder(mods map[string]*Module, ranges map[string]hcl.Range) ([]string, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(mods))
	for n := range mods {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, r := range mods[n].Requires {
			if mods[r] == nil {
				rg := ranges[n+"/"+r]
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown required module",
					Detail: fmt.Sprintf("Module %q requires %q, which is not a folder under modules/%s; fix the name or add the module.",
						n, r, suggest(r, names)), Subject: &rg})
			}
		}
	}
	order, cyclic := topoSort(names, func(n string) []string { return mods[n].Requires })
	for _, n := range cyclic {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cyclic requires",
			Detail:  fmt.Sprintf("Module %q is part of a cycle of requires; a module cannot depend on itself, even through others.", n),
			Subject: mods[n].DeclRange.Ptr()})
	}
	return order, diags
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// decodeSchema reads where a module's objects live: "tenant" (the
// default, the tenant's schema, shared with the other modules) or "own"
// (a schema of its own per tenant, <tenant schema>_<module>).
func decodeSchema(m *Module, v *string) hcl.Diagnostics {
	switch deref(v) {
	case "", "tenant":
		return nil
	case "own":
		m.OwnSchema = true
		return nil
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid schema",
		Detail:  fmt.Sprintf("schema is \"tenant\" (the tenant's schema, shared with other modules) or \"own\" (<tenant>_%s per tenant), not %q.", m.Name, deref(v)),
		Subject: m.DeclRange.Ptr()}}
}
