package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A tenant may take values from one in a file read after its own: it waits
// and is decoded once that one is.
func TestReferenceToALaterFile(t *testing.T) {
	dir := writeProject(t, map[string]string{"tenants/aaa.hcl": "tenant \"aaa\" {\n" + head +
		"  service \"base\" {\n    version = tenant.zzz.services.base.version\n" +
		"    settings = { code = tenant.zzz.services.base.settings.code, secret = env(\"S\") }\n  }\n}\n",
		"tenants/zzz.hcl": "tenant \"zzz\" {\n" + head + "  service \"base\" {\n    version = 1\n" +
			"    settings = { code = \"Z\", secret = env(\"S\") }\n  }\n}\n"})
	p, diags := load(dir)
	if diags.HasErrors() {
		t.Fatal(list(diags))
	}
	var aaa *Tenant
	for _, tn := range p.Tenants {
		if tn.Name == "aaa" {
			aaa = tn
		}
	}
	if aaa == nil {
		t.Fatal("tenant aaa not loaded")
	}
	s := aaa.Service("base")
	if s.Version != 1 || s.Settings["code"].AsString() != "Z" {
		t.Errorf("aaa took version %d, code %#v; want 1 and Z from zzz", s.Version, s.Settings["code"])
	}
}

// Tenant files decoded cleanly are not kept; a problem found later (two
// tenants with one schema) reads its file again and gets its tree, which
// is what names the block it is in and shows the line.
func TestTreesOnlyForProblems(t *testing.T) {
	clean := writeProject(t, nil)
	p, diags := load(clean)
	if diags.HasErrors() {
		t.Fatal(list(diags))
	}
	for name, f := range p.Files {
		if f.Body != nil {
			t.Errorf("%s kept its syntax tree in a clean load", name)
		}
	}
	// ref.hcl refers to no other tenant: decoded as it is read, then let go.
	if f := p.Files[filepath.Join(clean, "tenants/ref.hcl")]; f != nil {
		t.Errorf("tenants/ref.hcl kept in a clean load (%d bytes)", len(f.Bytes))
	}
	dir := writeProject(t, map[string]string{"tenants/copy.hcl": "tenant \"refcopy\" {\n" + head + "  schema = \"ref\"\n}\n"})
	p, diags = load(dir)
	if find(diags, "Duplicate schema") == nil {
		t.Fatalf("no duplicate schema; got:\n%s", list(diags))
	}
	for _, name := range []string{"tenants/copy.hcl"} {
		if f := p.Files[filepath.Join(dir, name)]; f == nil || f.Body == nil || len(f.Bytes) == 0 {
			t.Errorf("%s, named by the problem, has no syntax tree and bytes for the report's context", name)
		}
	}
}

// Tenants that set a module's settings to the same values share one map;
// a tenant with another value has its own.
func TestEqualSettingsShareAMap(t *testing.T) {
	same := "tenant \"same\" {\n" + strings.Replace(head, "wave    = 1", "wave    = 2", 1) + "  service \"base\" {\n    version = 2\n" +
		"    settings = { code = \"B\", secret = env(\"S\") }\n  }\n}\n"
	four := "tenant \"four\" {\n" + strings.Replace(head, "wave    = 1", "wave    = 2", 1) + "  service \"base\" {\n    version = 2\n" +
		"    settings = { code = \"B\", limit = 4, secret = env(\"S\") }\n  }\n}\n"
	three := strings.NewReplacer("four", "three", "limit = 4", "limit = 3.0").Replace(four)
	dir := writeProject(t, map[string]string{"tenants/same.hcl": same, "tenants/four.hcl": four, "tenants/three.hcl": three})
	p, diags := load(dir)
	if diags.HasErrors() {
		t.Fatal(list(diags))
	}
	byName := map[string]*Service{}
	for _, tn := range p.Tenants {
		byName[tn.Name] = tn.Service("base")
	}
	other, sameSvc, ref, fourSvc, threeSvc := byName["other"], byName["same"], byName["ref"], byName["four"], byName["three"]
	if other == nil || sameSvc == nil || ref == nil || fourSvc == nil || threeSvc == nil {
		t.Fatalf("tenants: %v", byName)
	}
	if reflect.ValueOf(other.Settings).UnsafePointer() != reflect.ValueOf(sameSvc.Settings).UnsafePointer() {
		t.Errorf("other and same set base's settings alike and keep two maps:\n%#v\n%#v", other.Settings, sameSvc.Settings)
	}
	if reflect.ValueOf(ref.Settings).UnsafePointer() == reflect.ValueOf(other.Settings).UnsafePointer() {
		t.Errorf("ref (code A) shares other's map (code B)")
	}
	if reflect.ValueOf(fourSvc.Settings).UnsafePointer() == reflect.ValueOf(other.Settings).UnsafePointer() {
		t.Errorf("four (limit 4) shares other's map (limit 3)")
	}
	if reflect.ValueOf(threeSvc.Settings).UnsafePointer() != reflect.ValueOf(other.Settings).UnsafePointer() {
		t.Errorf("three (limit = 3.0) and other (the default, 3) keep two maps")
	}
	// Each known value is kept as JSON too, with the map; the secret,
	// unread here, is not.
	if got := string(ref.JSON["code"]) + " " + string(ref.JSON["limit"]); got != `"A" 3` {
		t.Errorf("ref's settings as JSON: %s", got)
	}
	if _, ok := ref.JSON["secret"]; ok || reflect.ValueOf(threeSvc.JSON).UnsafePointer() != reflect.ValueOf(other.JSON).UnsafePointer() {
		t.Errorf("JSON holds an unread secret, or is not shared with its settings: %v", ref.JSON)
	}
	if got := ref.Settings["code"].AsString(); got != "A" {
		t.Errorf("ref's code is %q", got)
	}
}
