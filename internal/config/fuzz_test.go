package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzLoad feeds arbitrary bytes to the loader as a tenant file and as a
// module file: whatever they hold, Load returns diagnostics, never panics.
func FuzzLoad(f *testing.F) {
	ar, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range ar.Files {
		if filepath.Ext(file.Name) == ".hcl" {
			f.Add(file.Data, true)
			f.Add(file.Data, false)
		}
	}
	f.Add([]byte("tenant \"x\" { wave = tenant.x.wave }"), true)
	f.Add([]byte("locals { a = [for x in local.a : x] }"), true)
	f.Add([]byte("module \"base\" { setting \"s\" { type = list(map(object({a=string}))) } }"), false)
	dir := writeProject(f, nil)
	f.Fuzz(func(t *testing.T, data []byte, asTenant bool) {
		target := filepath.Join(dir, "modules", "base", "module.hcl")
		if asTenant {
			target = filepath.Join(dir, "tenants", "fuzz.hcl")
		}
		orig, _ := os.ReadFile(target)
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if asTenant {
				os.Remove(target)
			} else {
				os.WriteFile(target, orig, 0o644)
			}
		}()
		p, _ := load(dir)
		if p == nil {
			t.Fatal("Load returned no project")
		}
	})
}
