package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// The secret every case reads with env("S"); the test fails if any part
// of it longer than 3 characters shows in a diagnostic (text or JSON) or
// in a setting that is not marked sensitive.
const secretValue = "Qz7-hxWq2-Wx9v"

// secretEnv is the environment of plan and apply in these cases.
func secretEnv(name string) (string, bool) {
	switch name {
	case "S", "SECRET":
		return secretValue, true
	case "SJ":
		return `{"code": "` + secretValue + `", "secret": "` + secretValue + `"}`, true
	}
	return "", false
}

// settingCase is a tenant "ref" whose base service has these settings
// (code: string with a length validation, limit: number, secret: sensitive).
func settingCase(settings string) map[string]string {
	return ref(head + "  service \"base\" {\n    settings = " + settings + "\n  }\n  service \"extra\" {}\n")
}

var secretCases = []struct {
	name  string
	files map[string]string
	// want is the summary of the diagnostic the case must give, "" when
	// the files are valid (then every setting derived from S is sensitive).
	want string
	line int
}{
	// Probing a secret into a setting that is not declared sensitive.
	{"can(regex()) probe", settingCase(`{ code = can(regex("^Q", env("S"))) ? "A" : "B", secret = env("S") }`), "", 0},
	{"try() probe", settingCase(`{ code = try(tonumber(env("S")), "B"), secret = env("S") }`), "", 0},
	{"conditional on a secret", settingCase(`{ code = length(env("S")) > 3 ? "A" : "B", secret = env("S") }`), "", 0},
	{"substring", settingCase(`{ code = substr(env("S"), 0, 4), secret = env("S") }`), "", 0},
	{"for over characters", settingCase(`{ code = join("", [for c in split("", env("S")) : c]), secret = env("S") }`), "", 0},
	{"lookup keyed by a secret", settingCase(`{ code = lookup({ a = "A" }, env("S"), "B"), secret = env("S") }`), "", 0},
	{"another tenant's secret", map[string]string{"tenants/other.hcl": "tenant \"other\" {\n  name_ar = \"آ\"\n  name_en = \"O\"\n  wave = 2\n" +
		"  service \"base\" {\n    settings = { code = \"B\", secret = env(\"S\"), limit = length(tenant.ref.services.base.settings.secret) }\n  }\n}\n"}, "", 0},
	// Errors that would print the value.
	{"tonumber of a secret", settingCase(`{ code = "A", secret = env("S"), limit = tonumber(env("S")) }`), "Invalid function argument", 6},
	{"parseint of a secret", settingCase(`{ code = "A", secret = env("S"), limit = parseint(env("S"), 10) }`), "Invalid function argument", 6},
	{"env named by a secret", settingCase(`{ code = "A", secret = env(env("S")) }`), "Invalid function argument", 6},
	{"secret as an object key", settingCase(`{ code = { a = "A" }[env("S")], secret = env("S") }`), "", 6},
	{"wrong type from a secret", settingCase(`{ code = "A", secret = env("S"), limit = env("S") }`), "Wrong type for setting", 6},
	{"failed validation of a secret", settingCase(`{ code = env("S"), secret = env("S") }`), "Invalid value for setting code", 6},
	{"validation that errors on a secret", map[string]string{
		"modules/base/module.hcl": module("  setting \"code\" {\n    type = string\n    validation {\n      condition = regex(\"^[A-Z]$\", value) != \"\"\n      error_message = \"One capital letter.\"\n    }\n  }\n  setting \"secret\" {\n    type = string\n    sensitive = true\n  }\n"),
		"tenants/ref.hcl":         "tenant \"ref\" {\n" + head + "  service \"base\" {\n    settings = { code = env(\"S\"), secret = env(\"S\") }\n  }\n}\n",
		"tenants/other.hcl":       ""}, "", 0},
	// Secrets where only settings may hold them: these used to panic.
	{"secret in name_en", ref("  name_ar = \"م\"\n  name_en = env(\"S\")\n  wave = 1\n" + base), "Secret outside settings", 3},
	{"secret in wave", ref("  name_ar = \"م\"\n  name_en = \"R\"\n  wave = length(env(\"S\"))\n" + base), "Secret outside settings", 4},
	{"secret in version", settingCase("{ code = \"A\", secret = env(\"S\") }\n    version = length(env(\"S\"))"), "Secret outside settings", 7},
	{"secret in enabled", settingCase("{ code = \"A\", secret = env(\"S\") }\n    enabled = length(env(\"S\")) > 3"), "Secret outside settings", 7},
	{"settings decoded from a secret", settingCase(`jsondecode(env("SJ"))`), "Settings from a secret", 6},
	{"setting name from a secret", settingCase(`{ code = "A", secret = env("S"), (env("S")) = 1 }`), "Invalid setting name", 6},
	{"secret in a module default", map[string]string{"modules/base/module.hcl": module("  setting \"code\" {\n    type = string\n    default = env(\"S\")\n  }\n")},
		"Secret in a module", 6},
}

// derivedSetting names the setting ("tenant.module.setting") a valid case
// computes from S, which must then be sensitive; ref.base.code if absent.
var derivedSetting = map[string]string{"another tenant's secret": "other.base.limit"}

func TestSecretsNeverLeak(t *testing.T) {
	for _, tc := range secretCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeProject(t, tc.files)
			opts := Options{TenantsDir: filepath.Join(dir, "tenants"), ModulesDir: filepath.Join(dir, "modules"), ReferenceTenant: "ref"}
			for _, lookup := range []func(string) (string, bool){nil, secretEnv} {
				opts.LookupEnv = lookup
				p, diags := loadNoPanic(t, opts)
				if t.Failed() {
					return
				}
				assertNoSecret(t, "diagnostics", renderDiags(p, diags))
				if lookup == nil {
					continue // validate: secrets are not read, only the shape is checked
				}
				derived := derivedSetting[tc.name]
				if derived == "" {
					derived = "ref.base.code"
				}
				checkOutcome(t, tc.want, tc.line, derived, dir, p, diags)
			}
		})
	}
}

func loadNoPanic(t *testing.T, opts Options) (p *Project, diags hcl.Diagnostics) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("Load panicked: %v", r)
		}
	}()
	return Load(opts)
}

func checkOutcome(t *testing.T, want string, line int, derived, dir string, p *Project, diags hcl.Diagnostics) {
	t.Helper()
	if want == "" {
		if diags.HasErrors() {
			return
		}
		for _, tn := range p.Tenants {
			for _, s := range tn.Services {
				for name, v := range s.Settings {
					if tn.Name+"."+s.Module+"."+name == derived && !s.Sensitive[name] {
						t.Errorf("setting %s is computed from a secret but not sensitive", derived)
					}
					if s.Sensitive[name] {
						continue
					}
					js, _ := ctyjson.Marshal(v, v.Type())
					assertNoSecret(t, fmt.Sprintf("non-sensitive setting %s.%s.%s = %s", tn.Name, s.Module, name, js), string(js))
				}
			}
		}
		return
	}
	d := find(diags, want)
	if d == nil {
		t.Fatalf("no %q diagnostic; got:\n%s", want, list(diags))
	}
	if d.Subject == nil || d.Subject.Start.Line != line || !strings.HasPrefix(d.Subject.Filename, dir) {
		t.Errorf("%q at %v, want line %d", want, d.Subject, line)
	}
}

func renderDiags(p *Project, diags hcl.Diagnostics) string {
	var b bytes.Buffer
	var files map[string]*hcl.File
	if p != nil {
		files = p.Files
	}
	_ = hcl.NewDiagnosticTextWriter(&b, files, 100, false).WriteDiagnostics(diags)
	for _, d := range diags {
		js, _ := json.Marshal(map[string]string{"summary": d.Summary, "detail": d.Detail})
		b.Write(js)
	}
	return b.String()
}

// assertNoSecret fails if any 4-character piece of the secret shows.
func assertNoSecret(t *testing.T, where, text string) {
	t.Helper()
	for i := 0; i+4 <= len(secretValue); i++ {
		if strings.Contains(text, secretValue[i:i+4]) {
			t.Errorf("%s shows %q of the secret:\n%s", where, secretValue[i:i+4], text)
			return
		}
	}
}
