package config

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/jo-water/rollout/internal/hclfile"
)

var tenantFileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "locals"}, {Type: "tenant", LabelNames: []string{"name"}}, {Type: "rollout"},
}}

type tenantBody struct {
	NameAR   string        `hcl:"name_ar"`
	NameEN   string        `hcl:"name_en"`
	Wave     int           `hcl:"wave"`
	Schema   *string       `hcl:"schema,optional"`
	Database *string       `hcl:"database,optional"`
	Services []serviceBody `hcl:"service,block"`
	Extras   []extraBody   `hcl:"extra,block"`
}

type serviceBody struct {
	Module    string         `hcl:"module,label"`
	Version   hcl.Expression `hcl:"version,optional"`
	Enabled   *bool          `hcl:"enabled,optional"`
	Settings  hcl.Expression `hcl:"settings,optional"`
	DeclRange hcl.Range      `hcl:",def_range"`
}

// pendingTenant is a tenant block found but not yet evaluated, with the
// file-local values its expressions may use.
type pendingTenant struct {
	block  *hcl.Block
	locals cty.Value
	file   string
	refs   []string // the tenants it takes values from (tenant.<name>)
}

// tenantFiles is what the tenants folder holds besides tenants: the rollout
// policy blocks (a file such as _rollout.hcl that holds only a rollout
// block declares no tenant).
type tenantFiles struct {
	policy      []*hcl.Block
	policyFiles []string
}

// readTenantFiles parses tenants/*.hcl one file at a time, evaluates each
// file's locals and hands its tenant blocks to dec. A file whose blocks
// were all decoded at once and that raised no problem keeps neither its
// tree nor its bytes (10,000 governorates' files are 10 MiB), only an
// empty entry: a problem found later in it is shown from the file read
// again (withContext).
func readTenantFiles(dir string, dec *tenantDecoder, files map[string]*hcl.File) (tenantFiles, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	paths, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	if err != nil || !dirExists(dir) {
		return tenantFiles{}, diags.Append(tenantsFolderDiag(dir))
	}
	sort.Strings(paths)
	var out tenantFiles
	for _, path := range paths {
		f, d := hclfile.Parse(path, hclparse.NewParser().ParseHCL)
		diags = append(diags, d...)
		if f != nil {
			files[path] = f
		}
		if d.HasErrors() {
			continue
		}
		content, d := f.Body.Content(tenantFileSchema)
		diags = append(diags, d...)
		locals, d2 := evalLocals(content.Blocks, dec.base)
		diags = append(diags, d2...)
		clean := !d.HasErrors() && !d2.HasErrors()
		before := len(dec.diags)
		for _, b := range content.Blocks.OfType("tenant") {
			clean = dec.add(&pendingTenant{block: b, locals: locals, file: path}) && clean
		}
		for _, b := range content.Blocks.OfType("rollout") {
			out.policy, out.policyFiles = append(out.policy, b), append(out.policyFiles, path)
			clean = false
		}
		if clean && len(dec.diags) == before {
			files[path] = &hcl.File{}
		}
	}
	return out, diags
}

func dirExists(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.IsDir()
}

// evalLocals evaluates a file's locals blocks; a local may use others, in
// any order, as long as they do not form a cycle. Each local is evaluated
// once, in dependency order, seeing only the locals it names: the time is
// linear in the number of locals (20,000 took 53 s when every local saw an
// object of all the others).
func evalLocals(blocks hcl.Blocks, base *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	attrs := map[string]*hcl.Attribute{}
	for _, b := range blocks.OfType("locals") {
		as, d := b.Body.JustAttributes()
		diags = append(diags, d...)
		for n, a := range as {
			if _, dup := attrs[n]; dup {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate local",
					Detail: fmt.Sprintf("local.%s is defined twice in this file; keep one.", n), Subject: a.NameRange.Ptr()})
			}
			attrs[n] = a
		}
	}
	refs := make(map[string][]string, len(attrs))
	whole := map[string]bool{} // uses local as a whole, not local.<name>
	for n, a := range attrs {
		refs[n], whole[n] = localRefs(a.Expr)
	}
	order, cyclic := topoSort(sortedKeys(attrs), func(n string) []string { return refs[n] })
	done := make(map[string]cty.Value, len(attrs))
	for _, n := range order {
		ctx := base.NewChild()
		ctx.Variables = map[string]cty.Value{"local": localsSeen(refs[n], whole[n], done)}
		v, d := attrs[n].Expr.Value(ctx)
		diags = append(diags, d...)
		done[n] = v
	}
	for _, n := range cyclic {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cyclic locals",
			Detail:  fmt.Sprintf("local.%s depends on itself through other locals; break the cycle.", n),
			Subject: attrs[n].Expr.Range().Ptr()})
	}
	return cty.ObjectVal(done), diags
}

// localRefs lists the locals an expression names as local.<name>; whole
// is true when it uses `local` in another way (local["x"]).
func localRefs(expr hcl.Expression) (names []string, whole bool) {
	for _, tr := range expr.Variables() {
		if tr.RootName() != "local" {
			continue
		}
		if len(tr) < 2 {
			whole = true
			continue
		}
		if a, ok := tr[1].(hcl.TraverseAttr); ok {
			names = append(names, a.Name)
		} else {
			whole = true
		}
	}
	return names, whole
}

// localsSeen is the `local` object one local sees: the locals it names.
func localsSeen(names []string, whole bool, done map[string]cty.Value) cty.Value {
	if whole {
		return cty.ObjectVal(done)
	}
	vals := make(map[string]cty.Value, len(names))
	for _, n := range names {
		if v, ok := done[n]; ok {
			vals[n] = v
		}
	}
	return cty.ObjectVal(vals)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// tenantRefs lists the tenants a tenant block refers to (tenant.<name>…).
func tenantRefs(b *hcl.Block) []string {
	var out []string
	body, ok := b.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		if e, ok := n.(hclsyntax.Expression); ok {
			if st, ok := e.(*hclsyntax.ScopeTraversalExpr); ok && st.Traversal.RootName() == "tenant" && len(st.Traversal) > 1 {
				if a, ok := st.Traversal[1].(hcl.TraverseAttr); ok {
					out = append(out, a.Name)
				}
			}
		}
		return nil
	})
	return out
}

// attrRange finds where an attribute of a block is written, falling back
// to the block's header.
func attrRange(b *hcl.Block, name string) *hcl.Range {
	if body, ok := b.Body.(*hclsyntax.Body); ok {
		if a, ok := body.Attributes[name]; ok {
			r := a.Expr.Range()
			return &r
		}
	}
	return b.DefRange.Ptr()
}

// tenantValue is what other tenants see as tenant.<name>.
func tenantValue(t *Tenant) cty.Value {
	services := map[string]cty.Value{}
	for _, s := range t.Services {
		settings := map[string]cty.Value{}
		for k, v := range s.Settings {
			if s.Sensitive[k] {
				v = v.Mark(SensitiveMark)
			}
			settings[k] = v
		}
		services[s.Module] = cty.ObjectVal(map[string]cty.Value{
			"version":  cty.NumberUIntVal(uint64(s.Version)),
			"enabled":  cty.BoolVal(s.Enabled),
			"settings": cty.ObjectVal(settings),
		})
	}
	return cty.ObjectVal(map[string]cty.Value{
		"name": cty.StringVal(t.Name), "name_ar": cty.StringVal(t.NameAR), "name_en": cty.StringVal(t.NameEN),
		"wave": cty.NumberIntVal(int64(t.Wave)), "schema": cty.StringVal(t.Schema),
		"database": cty.StringVal(t.Database), "services": cty.ObjectVal(services),
	})
}

// decodeTenant evaluates one tenant block against the modules.
func decodeTenant(pt *pendingTenant, ctx *hcl.EvalContext, mods map[string]*Module) (*Tenant, hcl.Diagnostics) {
	b := pt.block
	t := &Tenant{Name: b.Labels[0], File: pt.file, DeclRange: b.DefRange, Database: "default"}
	if diags := refuseSecrets(b, ctx); diags.HasErrors() {
		return nil, diags
	}
	var body tenantBody
	diags := gohcl.DecodeBody(b.Body, ctx, &body)
	if why := checkSchema(t.Name); why != "" {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsafe tenant name",
			Detail: fmt.Sprintf("Tenant name %q cannot be used: %s.", t.Name, why), Subject: b.LabelRanges[0].Ptr()})
	}
	if diags.HasErrors() {
		return nil, diags
	}
	t.NameAR, t.NameEN, t.Wave, t.Schema = body.NameAR, body.NameEN, body.Wave, t.Name
	if body.Schema != nil {
		t.Schema = *body.Schema
		if why := checkSchema(t.Schema); why != "" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsafe schema name",
				Detail: fmt.Sprintf("Schema %q cannot be used: %s.", t.Schema, why), Subject: attrRange(b, "schema")})
		}
	}
	if body.Database != nil {
		t.Database = *body.Database
		if why := checkIdent(t.Database, 63); why != "" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid database name",
				Detail: fmt.Sprintf("database = %q is not a server name: %s.", t.Database, why), Subject: attrRange(b, "database")})
		}
	}
	for _, f := range [][2]string{{"name_ar", t.NameAR}, {"name_en", t.NameEN}} {
		if name, v := f[0], f[1]; strings.ContainsRune(v, 0) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "NUL character in a name",
				Detail: fmt.Sprintf("%s holds a NUL character (\\u0000), which PostgreSQL cannot store in text; remove it.", name), Subject: attrRange(b, name)})
		}
	}
	if t.Wave < 0 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Negative wave",
			Detail: "Waves are whole numbers from 0 up, lower first; use 1 for the reference tenant.", Subject: attrRange(b, "wave")})
	}
	t.Extras, diags = decodeExtras(body.Extras, diags)
	seen := map[string]bool{}
	for _, sb := range body.Services {
		if seen[sb.Module] {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate service",
				Detail:  fmt.Sprintf("Tenant %q has two service %q blocks; merge them into one.", t.Name, sb.Module),
				Subject: sb.DeclRange.Ptr()})
			continue
		}
		seen[sb.Module] = true
		s, d := decodeService(sb, ctx, mods)
		diags = append(diags, d...)
		if s != nil {
			t.Services = append(t.Services, s)
		}
	}
	return t, diags
}

func decodeService(sb serviceBody, ctx *hcl.EvalContext, mods map[string]*Module) (*Service, hcl.Diagnostics) {
	m := mods[sb.Module]
	if m == nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown module",
			Detail: fmt.Sprintf("There is no modules/%s/%s; fix the name or add the module.", sb.Module,
				suggest(sb.Module, sortedKeys(mods))), Subject: sb.DeclRange.Ptr()}}
	}
	s := &Service{Module: m.Name, Enabled: sb.Enabled == nil || *sb.Enabled, DeclRange: sb.DeclRange, Version: m.Latest()}
	diags := decodeVersion(s, m, sb.Version, ctx)
	settings, sensitive, d := resolveSettings(m, sb.Settings, sb.DeclRange, ctx)
	s.Settings, s.Sensitive = settings, sensitive
	return s, append(diags, d...)
}

func decodeVersion(s *Service, m *Module, expr hcl.Expression, ctx *hcl.EvalContext) hcl.Diagnostics {
	v, diags := expr.Value(ctx)
	if diags.HasErrors() || v.IsNull() {
		return diags
	}
	n, err := convert.Convert(v, cty.Number)
	var ver uint64
	if err == nil && n.IsKnown() {
		if bf := n.AsBigFloat(); bf.IsInt() && bf.Sign() > 0 {
			ver, _ = bf.Uint64()
		}
	}
	if ver == 0 || !m.HasVersion(uint(ver)) {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown module version",
			Detail: fmt.Sprintf("Module %q has versions %s; pin one of them, or remove version to take the newest.",
				m.Name, versionList(m)), Subject: expr.Range().Ptr()})
	}
	s.Version, s.VersionPinned = uint(ver), true
	return diags
}

// VersionList is "1, 2, 3", or "none".
func (m *Module) VersionList() string { return versionList(m) }

func versionList(m *Module) string {
	if len(m.Migrations) == 0 {
		return "none"
	}
	parts := make([]string, len(m.Migrations))
	for i, mg := range m.Migrations {
		parts[i] = fmt.Sprint(mg.Version)
	}
	return strings.Join(parts, ", ")
}

func tenantsFolderDiag(dir string) *hcl.Diagnostic {
	return folderDiag("Unreadable tenants folder",
		fmt.Sprintf("The tenants folder %s does not exist or cannot be read; check --tenants-dir.", dir))
}
