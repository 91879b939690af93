package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/jo-water/rollout/internal/hclfile"
)

// tenantDecoder decodes tenant blocks as their files are read, so that a
// fleet of thousands of tenant files never holds every syntax tree at
// once (a tree is tens of times the size of the tenant decoded from it).
// A block whose references to other tenants are all decoded is decoded at
// once; the others wait for finish, which orders them so that a tenant is
// decoded after those it refers to.
type tenantDecoder struct {
	base    *hcl.EvalContext
	mods    map[string]*Module
	decoded map[string]*Tenant   // by name; nil: declared, but it failed
	values  map[string]cty.Value // tenant.<name> of those referred to, made once
	first   map[string]hcl.Range // where each name is first declared
	pending []*pendingTenant
	out     []*Tenant
	diags   hcl.Diagnostics
	// settings keeps one map of each distinct set of a module's settings:
	// the tenants of a fleet mostly set the same values, and a map per
	// service of every tenant was most of a loaded fleet's memory. Settings
	// are never changed once loaded.
	settings map[string][]*sharedSettings
}

func newTenantDecoder(base *hcl.EvalContext, mods map[string]*Module) *tenantDecoder {
	return &tenantDecoder{base: base, mods: mods, decoded: map[string]*Tenant{}, values: map[string]cty.Value{},
		first: map[string]hcl.Range{}, settings: map[string][]*sharedSettings{}}
}

// add takes one tenant block. It reports whether the block is done with
// (decoded, or refused as a duplicate), so its tree may go.
func (d *tenantDecoder) add(pt *pendingTenant) bool {
	name := pt.block.Labels[0]
	if prev, dup := d.first[name]; dup {
		d.diags = append(d.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate tenant",
			Detail:  fmt.Sprintf("Tenant %q is also declared at %s; tenant names are unique across all files.", name, prev),
			Subject: pt.block.DefRange.Ptr()})
		return true
	}
	d.first[name] = pt.block.DefRange
	pt.refs = tenantRefs(pt.block)
	for _, r := range pt.refs {
		if _, ok := d.decoded[r]; !ok {
			d.pending = append(d.pending, pt)
			return false
		}
	}
	d.decode(pt)
	return true
}

func (d *tenantDecoder) decode(pt *pendingTenant) {
	ctx := d.base.NewChild()
	ctx.Variables = map[string]cty.Value{"local": pt.locals, "tenant": d.referenced(pt.refs)}
	t, diags := decodeTenant(pt, ctx, d.mods)
	d.diags = append(d.diags, diags...)
	d.decoded[pt.block.Labels[0]] = t
	if t != nil {
		for _, s := range t.Services {
			kept := d.shareSettings(s.Module, s.Settings)
			s.Settings, s.JSON = kept.values, kept.json
		}
		d.out = append(d.out, t)
	}
}

// shareSettings returns the map already kept with the same module and
// values, or keeps this one. Maps are found by a key of their names and
// known values, then compared value by value (cty's RawEquals: types,
// unknowns and marks included). The key writes numbers in binary:
// printing every value with %#v, as before, spent a tenth of loading a
// fleet formatting numbers in decimal.
func (d *tenantDecoder) shareSettings(module string, settings map[string]cty.Value) *sharedSettings {
	var key strings.Builder
	key.WriteString(module)
	for _, name := range sortedKeys(settings) {
		key.WriteString("\x00" + name + "=")
		writeKey(&key, settings[name])
	}
	for _, kept := range d.settings[key.String()] {
		if sameSettings(kept.values, settings) {
			return kept
		}
	}
	kept := &sharedSettings{values: settings, json: settingsJSON(settings)}
	d.settings[key.String()] = append(d.settings[key.String()], kept)
	return kept
}

// sharedSettings are one distinct set of a module's settings with their
// values as JSON.
type sharedSettings struct {
	values map[string]cty.Value
	json   map[string][]byte
}

// settingsJSON marshals each wholly known value.
func settingsJSON(settings map[string]cty.Value) map[string][]byte {
	out := make(map[string][]byte, len(settings))
	for name, v := range settings {
		if !v.IsWhollyKnown() || v.ContainsMarked() {
			continue
		}
		if b, err := ctyjson.Marshal(v, v.Type()); err == nil {
			out[name] = b
		}
	}
	return out
}

// writeKey writes a value for shareSettings' key: what is unknown,
// marked or of another type is left to RawEquals.
func writeKey(w *strings.Builder, v cty.Value) {
	switch {
	case !v.IsKnown() || v.IsMarked() || v.IsNull():
		w.WriteString("?")
	case v.Type() == cty.String:
		w.WriteString(strconv.Quote(v.AsString()))
	case v.Type() == cty.Number:
		w.WriteString(v.AsBigFloat().Text('p', 0))
	case v.Type() == cty.Bool:
		w.WriteString(strconv.FormatBool(v.True()))
	case v.CanIterateElements():
		w.WriteString("{")
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			writeKey(w, k)
			w.WriteString(":")
			writeKey(w, e)
			w.WriteString(",")
		}
		w.WriteString("}")
	default:
		w.WriteString("?")
	}
}

// sameSettings: the same names with exactly the same values.
func sameSettings(a, b map[string]cty.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for name, v := range a {
		w, ok := b[name]
		if !ok || !v.RawEquals(w) {
			return false
		}
	}
	return true
}

// referenced is the `tenant` object a tenant block sees: only the tenants
// it names, so a thousand tenants that all take Balqa's versions each get
// a one-entry object, not one of every tenant before them.
func (d *tenantDecoder) referenced(refs []string) cty.Value {
	vals := map[string]cty.Value{}
	for _, name := range refs {
		t := d.decoded[name]
		if t == nil {
			continue
		}
		v, ok := d.values[name]
		if !ok {
			v = tenantValue(t)
			d.values[name] = v
		}
		vals[name] = v
	}
	return cty.ObjectVal(vals)
}

// finish decodes the waiting blocks, each after the tenants it refers to;
// those that refer to each other in a cycle are refused.
func (d *tenantDecoder) finish() ([]*Tenant, hcl.Diagnostics) {
	byName := map[string]*pendingTenant{}
	names := make([]string, 0, len(d.pending))
	for _, pt := range d.pending {
		byName[pt.block.Labels[0]] = pt
		names = append(names, pt.block.Labels[0])
	}
	sort.Strings(names)
	order, cyclic := topoSort(names, func(n string) []string { return byName[n].refs })
	for _, n := range cyclic {
		d.diags = append(d.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Tenants refer to each other in a cycle",
			Detail:  fmt.Sprintf("Tenant %q takes values from a tenant that takes values from it; one of them must state its own.", n),
			Subject: byName[n].block.DefRange.Ptr()})
	}
	for _, n := range order {
		d.decode(byName[n])
	}
	d.pending = nil
	// By name, whatever order the files came in: checks that name the
	// second of two tenants (a duplicate schema) name the same one.
	sort.SliceStable(d.out, func(i, j int) bool { return d.out[i].Name < d.out[j].Name })
	return d.out, d.diags
}

// withContext gives back the syntax trees of tenant files that were kept
// as bytes only, or as an empty entry, when a diagnostic points into them: the tree
// is what names the block a problem is in ("in tenant "karak""), the bytes
// what shows its line. Only files with problems are read or parsed again.
func withContext(files map[string]*hcl.File, diags hcl.Diagnostics) {
	for _, d := range diags {
		for _, r := range []*hcl.Range{d.Subject, d.Context} {
			if r == nil {
				continue
			}
			f := files[r.Filename]
			switch {
			case f == nil || f.Body != nil:
				continue
			case f.Bytes == nil: // read cleanly once and let go: read it again, as safely
				if full, pd := hclfile.Parse(r.Filename, hclparse.NewParser().ParseHCL); !pd.HasErrors() {
					files[r.Filename] = full
				}
			default:
				if full, pd := hclparse.NewParser().ParseHCL(f.Bytes, r.Filename); !pd.HasErrors() {
					files[r.Filename] = full
				}
			}
		}
	}
}
