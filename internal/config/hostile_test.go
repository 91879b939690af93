package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Hostile files: each gives a clear diagnostic at the right place, never
// a crash and never the content of a file it should not have read.
func TestHostileFiles(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	cases := []struct {
		name    string
		files   map[string]string
		file    string
		line    int
		summary string
	}{
		{"100,000 nested brackets", ref(head + "  service \"base\" {\n    settings = { code = " + deep + ", secret = env(\"S\") }\n  }\n"),
			"tenants/ref.hcl", 6, "Nesting too deep"},
		{"nested templates", ref(head + "  name_x = " + strings.Repeat(`"${`, 5000) + "1" + strings.Repeat(`}"`, 5000) + "\n"),
			"tenants/ref.hcl", 5, "Nesting too deep"},
		{"100,000 nested brackets in a module", map[string]string{"modules/base/module.hcl": "module \"base\" {\n  title_ar = " + deep + "\n}\n"},
			"modules/base/module.hcl", 2, "Nesting too deep"},
		{"NUL in a setting", ref(head + "  service \"base\" {\n    settings = {\n      code = \"A\\u0000\"\n      secret = env(\"S\")\n    }\n  }\n"),
			"tenants/ref.hcl", 7, "NUL character in a setting"},
		{"NUL in a nested setting value", ref(head + "  service \"base\" {\n    settings = {\n      code = \"A\"\n      secret = env(\"S\")\n      limit = length([\"a\\u0000\"])\n    }\n  }\n"),
			"", 0, ""},
		{"NUL in a name", ref("  name_ar = \"م\"\n  name_en = \"R\\u0000\"\n  wave = 1\n" + base), "tenants/ref.hcl", 3, "NUL character in a name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeProject(t, tc.files)
			_, diags := loadNoPanic(t, Options{TenantsDir: filepath.Join(dir, "tenants"), ModulesDir: filepath.Join(dir, "modules"), ReferenceTenant: "ref"})
			if tc.summary == "" {
				if diags.HasErrors() {
					t.Fatalf("unexpected errors:\n%s", list(diags))
				}
				return
			}
			d := find(diags, tc.summary)
			if d == nil {
				t.Fatalf("no %q diagnostic; got:\n%s", tc.summary, list(diags))
			}
			if rel, _ := filepath.Rel(dir, d.Subject.Filename); rel != tc.file || d.Subject.Start.Line != tc.line {
				t.Errorf("%q at %s:%d, want %s:%d", tc.summary, rel, d.Subject.Start.Line, tc.file, tc.line)
			}
		})
	}
}

// A tenant file, a module.hcl, a migration file or a module folder that is
// a symbolic link (here to this process's environment) is refused without
// being read: nothing of its content reaches a diagnostic.
func TestSymlinksRefused(t *testing.T) {
	t.Setenv("ROLLOUT_LINK_CANARY", "canary-Vb8q")
	for _, link := range []string{"tenants/evil.hcl", "modules/base/module.hcl", "modules/extra/migrations/000002_x.up.sql", "modules/linked"} {
		t.Run(link, func(t *testing.T) {
			dir := writeProject(t, nil)
			p := filepath.Join(dir, link)
			os.Remove(p)
			target := "/proc/self/environ"
			if link == "modules/linked" {
				target = filepath.Join(dir, "modules/extra")
			}
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			proj, diags := loadNoPanic(t, Options{TenantsDir: filepath.Join(dir, "tenants"), ModulesDir: filepath.Join(dir, "modules"), ReferenceTenant: "ref"})
			d := find(diags, "Not a regular file")
			if d == nil || d.Subject.Filename != p {
				t.Fatalf("want Not a regular file on %s, got:\n%s", p, list(diags))
			}
			if out := renderDiags(proj, diags); strings.Contains(out, "canary-Vb8q") || strings.Contains(out, "PATH=") {
				t.Fatalf("the linked file's content shows:\n%s", out)
			}
		})
	}
}

// BenchmarkLoadScale loads tenant files of growing size, three shapes:
// many locals, one long list, many settings blocks' worth of text. Each
// reports ns per input byte; a size ten times larger must cost about ten
// times more (it was quadratic: 20,000 locals took 53 s).
func BenchmarkLoadScale(b *testing.B) {
	shapes := map[string]func(n int) string{
		"locals": func(n int) string {
			var s strings.Builder
			s.WriteString("locals {\n")
			for i := range n {
				fmt.Fprintf(&s, "  l%d = \"v%d\"\n", i, i)
			}
			s.WriteString("}\n")
			return s.String()
		},
		"chained-locals": func(n int) string {
			var s strings.Builder
			s.WriteString("locals {\n  l0 = 0\n")
			for i := n - 1; i > 0; i-- { // written last to first: dependency order is the reverse
				fmt.Fprintf(&s, "  l%d = local.l%d + 1\n", i, i-1)
			}
			s.WriteString("}\n")
			return s.String()
		},
		"list": func(n int) string {
			return "locals {\n  big = [\n" + strings.Repeat("    \"abcdefghijklmnopqrstuvwxyz\",\n", n) + "  ]\n}\n"
		},
	}
	for _, shape := range []string{"locals", "chained-locals", "list"} {
		var perByte [2]float64
		for i, n := range []int{2000, 20000} {
			src := shapes[shape](n)
			dir := writeProject(b, map[string]string{"tenants/x.hcl": src})
			b.Run(fmt.Sprintf("%s/%d", shape, n), func(b *testing.B) {
				for b.Loop() {
					if _, diags := load(dir); diags.HasErrors() {
						b.Fatal(list(diags))
					}
				}
				perByte[i] = float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(len(src))
				b.ReportMetric(perByte[i], "ns/byte")
			})
		}
		if perByte[0] > 0 {
			b.Logf("%s: ns/byte at 20,000 / at 2,000 = %.2f (1 is linear, 10 quadratic)", shape, perByte[1]/perByte[0])
		}
	}
}
