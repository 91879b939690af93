// Package format gives HCL files their canonical layout with hclwrite.
// It refuses files with syntax errors rather than reformat a guess.
package format

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/jo-water/rollout/internal/hclfile"
)

// Result is one file: its text before and after formatting.
type Result struct {
	Path      string
	Original  []byte
	Formatted []byte
}

// Changed reports whether formatting changes the file.
func (r Result) Changed() bool { return !bytes.Equal(r.Original, r.Formatted) }

// Files lists the project's HCL files: tenants/*.hcl and modules/*/module.hcl.
func Files(tenantsDir, modulesDir string) []string {
	a, _ := filepath.Glob(filepath.Join(tenantsDir, "*.hcl"))
	b, _ := filepath.Glob(filepath.Join(modulesDir, "*", "module.hcl"))
	out := append(a, b...)
	sort.Strings(out)
	return out
}

// Check formats each file in memory. Files that do not parse are left out
// of the results and reported in the diagnostics, with their sources.
func Check(paths []string) ([]Result, map[string]*hcl.File, hcl.Diagnostics) {
	var out []Result
	var diags hcl.Diagnostics
	files := map[string]*hcl.File{}
	for _, p := range paths {
		f, d := hclfile.Parse(p, func(src []byte, p string) (*hcl.File, hcl.Diagnostics) {
			return hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		})
		if f != nil {
			files[p] = f
		}
		if d.HasErrors() {
			diags = append(diags, d...)
			continue
		}
		src := f.Bytes
		out = append(out, Result{Path: p, Original: src, Formatted: hclwrite.Format(src)})
	}
	return out, files, diags
}

// Write saves the changed results, keeping each file's permissions.
func Write(results []Result) error {
	for _, r := range results {
		if !r.Changed() {
			continue
		}
		st, err := os.Stat(r.Path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(r.Path, r.Formatted, st.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}
