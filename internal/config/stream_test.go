package config

import (
	"path/filepath"
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

// Files are kept as bytes once decoded cleanly; a problem found later
// (two tenants with one schema) gets the tree of its file back, which is
// what names the block it is in.
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
	dir := writeProject(t, map[string]string{"tenants/copy.hcl": "tenant \"refcopy\" {\n" + head + "  schema = \"ref\"\n}\n"})
	p, diags = load(dir)
	if find(diags, "Duplicate schema") == nil {
		t.Fatalf("no duplicate schema; got:\n%s", list(diags))
	}
	if f := p.Files[filepath.Join(dir, "tenants/copy.hcl")]; f == nil || f.Body == nil {
		t.Errorf("the file with the problem has no syntax tree for the report's context")
	}
}
