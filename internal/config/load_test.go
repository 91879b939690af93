package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/zclconf/go-cty/cty"
)

// writeProject writes testdata/base.txtar into a temp folder, then the
// case's files over it ("" deletes a file).
func writeProject(t testing.TB, overrides map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	ar, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	for name, body := range overrides {
		files[name] = body
	}
	for name, body := range files {
		if body == "" && overrides[name] == "" && hasKey(overrides, name) {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

func load(dir string) (*Project, hcl.Diagnostics) {
	return Load(Options{TenantsDir: filepath.Join(dir, "tenants"), ModulesDir: filepath.Join(dir, "modules"), ReferenceTenant: "ref"})
}

func TestBaseProjectIsValid(t *testing.T) {
	p, diags := load(writeProject(t, nil))
	if diags.HasErrors() {
		t.Fatalf("base project: %v", diags)
	}
	if len(p.Tenants) != 2 || p.Tenants[0].Name != "ref" || p.Tenants[1].Name != "other" {
		t.Fatalf("tenants not sorted by wave: %+v", p.Tenants)
	}
	other := p.Tenants[1].Service("base")
	if other.Version != 2 || !other.VersionPinned || other.Settings["limit"].AsBigFloat().String() != "3" {
		t.Errorf("other's base service: %+v", other)
	}
	if !other.Sensitive["secret"] || other.Sensitive["code"] {
		t.Errorf("sensitivity: %v", other.Sensitive)
	}
	if ref := p.Tenants[0]; ref.Services[0].Module != "base" || ref.Services[1].Module != "extra" {
		t.Errorf("services not in dependency order: %v, %v", ref.Services[0].Module, ref.Services[1].Module)
	}
}

func TestEnvIsReadOnlyWhenAsked(t *testing.T) {
	dir := writeProject(t, nil)
	opts := Options{TenantsDir: filepath.Join(dir, "tenants"), ModulesDir: filepath.Join(dir, "modules"), ReferenceTenant: "ref",
		LookupEnv: func(n string) (string, bool) { return map[string]string{"SECRET": "s3cr3t"}[n], n == "SECRET" }}
	p, diags := Load(opts)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := p.Tenants[0].Service("base").Settings["secret"]; got != cty.StringVal("s3cr3t") {
		t.Errorf("secret = %#v", got)
	}
	opts.LookupEnv = func(string) (string, bool) { return "", false }
	_, diags = Load(opts)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "SECRET is not set") {
		t.Errorf("a missing secret must be an error naming the variable: %v", diags)
	}
}
