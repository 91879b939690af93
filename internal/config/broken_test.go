package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// ref is tenants/ref.hcl with its body replaced.
func ref(body string) map[string]string {
	return map[string]string{"tenants/ref.hcl": "tenant \"ref\" {\n" + body + "\n}\n"}
}

// head is the attributes every tenant needs, taking lines 2-4.
const head = "  name_ar = \"م\"\n  name_en = \"R\"\n  wave    = 1\n"

// base is a valid service "base" block for the reference tenant.
const base = "  service \"base\" {\n    settings = { code = \"A\", secret = env(\"S\") }\n  }\n"

func module(body string) string {
	return "module \"base\" {\n  title_ar = \"أ\"\n  title_en = \"Base\"\n" + body + "}\n"
}

var brokenCases = []struct {
	name    string
	files   map[string]string
	file    string // relative to the project; "" for a diagnostic with no place
	line    int
	summary string
}{
	// HCL syntax and structure.
	{"unclosed block", ref(head + base + "  service \"extra\" {"), "tenants/ref.hcl", 1, "Unclosed configuration block"},
	{"missing value", ref("  name_ar = \"م\"\n  name_en = \"R\"\n  wave = \n" + base), "tenants/ref.hcl", 4, "Invalid expression"},
	{"unknown attribute", ref(head + "  colour = \"red\"\n" + base), "tenants/ref.hcl", 5, "Unsupported argument"},
	{"unknown block in tenant", ref(head + "  server \"x\" {}\n" + base), "tenants/ref.hcl", 5, "Unsupported block type"},
	{"unknown top-level block", map[string]string{"tenants/x.hcl": "module \"x\" {}\n"}, "tenants/x.hcl", 1, "Unsupported block type"},
	{"top-level attribute", map[string]string{"tenants/x.hcl": "wave = 3\n"}, "tenants/x.hcl", 1, "Unsupported argument"},
	{"missing required attribute", ref("  name_ar = \"م\"\n  wave = 1\n" + base), "tenants/ref.hcl", 1, "Missing required argument"},
	{"wrong type", ref("  name_ar = \"م\"\n  name_en = \"R\"\n  wave = \"two\"\n" + base), "tenants/ref.hcl", 4, "Unsuitable value type"},
	{"negative wave", map[string]string{"tenants/other.hcl": "tenant \"other\" {\n  name_ar = \"آ\"\n  name_en = \"O\"\n  wave = -1\n}\n"},
		"tenants/other.hcl", 4, "Negative wave"},
	{"unknown function", ref(head + "  service \"base\" {\n    settings = { code = shout(\"a\"), secret = env(\"S\") }\n  }\n"),
		"tenants/ref.hcl", 6, "Call to unknown function"},

	// Allowed extra objects.
	{"unknown extra kind", ref(head + base + "  extra \"veiw\" \"report\" {\n    reason = \"local\"\n  }\n"), "tenants/ref.hcl", 8, "Unknown kind of extra object"},
	{"extra column without table", ref(head + base + "  extra \"column\" \"note\" {\n    reason = \"local\"\n  }\n"), "tenants/ref.hcl", 8, "Extra object needs its table"},
	{"extra with schema", ref(head + base + "  extra \"view\" \"ref.report\" {\n    reason = \"local\"\n  }\n"), "tenants/ref.hcl", 8, "Extra object named with a schema"},
	{"extra without reason", ref(head + base + "  extra \"view\" \"report\" {\n    reason = \"\"\n  }\n"), "tenants/ref.hcl", 8, "Extra object without a reason"},
	{"extra reason missing", ref(head + base + "  extra \"view\" \"report\" {}\n"), "tenants/ref.hcl", 8, "Missing required argument"},

	// Services and settings.
	{"unknown module", ref(head + base + "  service \"complaint\" {}\n"), "tenants/ref.hcl", 8, "Unknown module"},
	{"duplicate service", ref(head + base + base), "tenants/ref.hcl", 8, "Duplicate service"},
	{"unknown setting", ref(head + "  service \"base\" {\n    settings = {\n      code = \"A\"\n      secret = env(\"S\")\n      colour = 1\n    }\n  }\n"),
		"tenants/ref.hcl", 9, "Unknown setting"},
	{"missing required setting", ref(head + "  service \"base\" {\n    settings = { secret = env(\"S\") }\n  }\n"),
		"tenants/ref.hcl", 5, "Missing required setting"},
	{"wrong setting type", ref(head + "  service \"base\" {\n    settings = {\n      code = \"A\"\n      secret = env(\"S\")\n      limit = \"many\"\n    }\n  }\n"),
		"tenants/ref.hcl", 9, "Wrong type for setting"},
	{"failed validation", ref(head + "  service \"base\" {\n    settings = {\n      code = \"TOOLONG\"\n      secret = env(\"S\")\n    }\n  }\n"),
		"tenants/ref.hcl", 7, "Invalid value for setting code"},
	{"secret in HCL", ref(head + "  service \"base\" {\n    settings = {\n      code = \"A\"\n      secret = \"hunter2\"\n    }\n  }\n"),
		"tenants/ref.hcl", 8, "Secret written in HCL"},
	{"settings not an object", ref(head + "  service \"base\" {\n    settings = \"code=A\"\n  }\n"), "tenants/ref.hcl", 6, "Settings must be an object"},
	{"pinned version missing", ref(head + "  service \"base\" {\n    version = 9\n    settings = { code = \"A\", secret = env(\"S\") }\n  }\n"),
		"tenants/ref.hcl", 6, "Unknown module version"},
	{"version zero", ref(head + "  service \"base\" {\n    version = 0\n    settings = { code = \"A\", secret = env(\"S\") }\n  }\n"),
		"tenants/ref.hcl", 6, "Unknown module version"},
	{"required module absent", ref(head + "  service \"extra\" {}\n"), "tenants/ref.hcl", 5, "Required module not enabled"},
	{"required module disabled", ref(head + "  service \"base\" {\n    enabled = false\n    settings = { code = \"A\", secret = env(\"S\") }\n  }\n  service \"extra\" {}\n"),
		"tenants/ref.hcl", 9, "Required module not enabled"},

	// Names and uniqueness across files.
	{"duplicate tenant across files", map[string]string{"tenants/copy.hcl": "tenant \"ref\" {\n" + head + base + "}\n"},
		"tenants/ref.hcl", 1, "Duplicate tenant"},
	{"duplicate schema across files", map[string]string{"tenants/copy.hcl": "tenant \"refcopy\" {\n" + head + "  schema = \"ref\"\n}\n"},
		"tenants/copy.hcl", 1, "Duplicate schema"},
	{"uppercase tenant name", map[string]string{"tenants/x.hcl": "tenant \"Karak\" {\n" + head + "}\n"}, "tenants/x.hcl", 1, "Unsafe tenant name"},
	{"tenant name with a quote", map[string]string{"tenants/x.hcl": "tenant \"k\\\"; DROP\" {\n" + head + "}\n"}, "tenants/x.hcl", 1, "Unsafe tenant name"},
	{"schema public", ref(head + "  schema = \"public\"\n" + base), "tenants/ref.hcl", 5, "Unsafe schema name"},
	{"schema pg_", ref(head + "  schema = \"pg_temp\"\n" + base), "tenants/ref.hcl", 5, "Unsafe schema name"},
	{"control schema", ref(head + "  schema = \"rollout\"\n" + base), "tenants/ref.hcl", 5, "Unsafe schema name"},
	{"schema too long", ref(head + "  schema = \"" + strings.Repeat("s", 64) + "\"\n" + base), "tenants/ref.hcl", 5, "Unsafe schema name"},
	{"bad server name", ref(head + "  database = \"South-1\"\n" + base), "tenants/ref.hcl", 5, "Invalid database name"},
	{"reference tenant missing", map[string]string{"tenants/ref.hcl": ""}, "", 0, "Reference tenant not found"},
	{"tenant before the reference", map[string]string{"tenants/x.hcl": "tenant \"early\" {\n  name_ar = \"م\"\n  name_en = \"E\"\n  wave = 0\n}\n"},
		"tenants/x.hcl", 1, "Tenant before the reference tenant"},

	// Expressions: locals and references.
	{"cyclic locals", map[string]string{"tenants/x.hcl": "locals {\n  a = local.b\n  b = local.a\n}\n"}, "tenants/x.hcl", 2, "Cyclic locals"},
	{"undefined local", map[string]string{"tenants/x.hcl": "tenant \"x\" {\n  name_ar = local.nope\n  name_en = \"X\"\n  wave = 2\n}\n"},
		"tenants/x.hcl", 2, "Unsupported attribute"},
	{"duplicate local", map[string]string{"tenants/x.hcl": "locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n"}, "tenants/x.hcl", 5, "Duplicate local"},
	{"tenant reference cycle", map[string]string{
		"tenants/x.hcl": "tenant \"x\" {\n  name_ar = tenant.y.name_ar\n  name_en = \"X\"\n  wave = 2\n}\n",
		"tenants/y.hcl": "tenant \"y\" {\n  name_ar = tenant.x.name_ar\n  name_en = \"Y\"\n  wave = 2\n}\n"},
		"tenants/x.hcl", 1, "Tenants refer to each other in a cycle"},
	{"unknown tenant reference", map[string]string{"tenants/x.hcl": "tenant \"x\" {\n  name_ar = \"س\"\n  name_en = tenant.nowhere.name_en\n  wave = 2\n}\n"},
		"tenants/x.hcl", 3, "Unsupported attribute"},

	// Modules.
	{"unknown required module", map[string]string{"modules/extra/module.hcl": "module \"extra\" {\n  title_ar = \"إ\"\n  title_en = \"E\"\n  requires = [\"bse\"]\n}\n"},
		"modules/extra/module.hcl", 4, "Unknown required module"},
	{"cyclic requires", map[string]string{"modules/base/module.hcl": module("  requires = [\"extra\"]\n")}, "modules/base/module.hcl", 1, "Cyclic requires"},
	{"module name differs from folder", map[string]string{"modules/extra/module.hcl": "module \"extras\" {\n  title_ar = \"إ\"\n  title_en = \"E\"\n}\n"},
		"modules/extra/module.hcl", 1, "Module name differs from its folder"},
	{"unsafe module name", map[string]string{"modules/Bad-Name/module.hcl": "module \"Bad-Name\" {\n  title_ar = \"إ\"\n  title_en = \"E\"\n}\n",
		"modules/Bad-Name/migrations/000001_a.up.sql": "SELECT 1;", "modules/Bad-Name/migrations/000001_a.down.sql": "SELECT 1;"},
		"modules/Bad-Name/module.hcl", 1, "Unsafe module name"},
	{"bad type expression", map[string]string{"modules/base/module.hcl": module("  setting \"x\" {\n    type = strin\n  }\n")},
		"modules/base/module.hcl", 5, "Invalid type specification"},
	{"default of wrong type", map[string]string{"modules/base/module.hcl": module("  setting \"x\" {\n    type = number\n    default = \"ten\"\n  }\n")},
		"modules/base/module.hcl", 6, "Default does not match the setting's type"},
	{"sensitive with default", map[string]string{"modules/base/module.hcl": module("  setting \"x\" {\n    type = string\n    sensitive = true\n    default = \"k\"\n  }\n")},
		"modules/base/module.hcl", 7, "Sensitive setting with a default"},
	{"validation reads another variable", map[string]string{"modules/base/module.hcl": module("  setting \"x\" {\n    type = string\n    validation {\n      condition = local.y\n      error_message = \"no\"\n    }\n  }\n")},
		"modules/base/module.hcl", 7, "Invalid reference in validation"},
	{"duplicate check", map[string]string{"modules/base/module.hcl": module("  check \"c\" {\n    sql = \"SELECT true\"\n  }\n  check \"c\" {\n    sql = \"SELECT true\"\n  }\n")},
		"modules/base/module.hcl", 7, "Duplicate check"},
	{"two module blocks", map[string]string{"modules/extra/module.hcl": "module \"extra\" {\n  title_ar = \"إ\"\n  title_en = \"E\"\n}\nmodule \"extra\" {\n  title_ar = \"إ\"\n  title_en = \"E\"\n}\n"},
		"modules/extra/module.hcl", 1, "One module block per module.hcl"},
	{"module without module.hcl", map[string]string{"modules/empty/migrations/000001_a.up.sql": "SELECT 1;"}, "modules/empty", 1, "Module without module.hcl"},

	// Migration folders.
	{"gap in versions", map[string]string{"modules/extra/migrations/000003_g.up.sql": "SELECT 1;", "modules/extra/migrations/000003_g.down.sql": "SELECT 1;"},
		"modules/extra/migrations/000003_g.up.sql", 1, "Gap in migration versions"},
	{"up without down", map[string]string{"modules/extra/migrations/000002_x.up.sql": "SELECT 1;"},
		"modules/extra/migrations/000002_x.up.sql", 1, "Up migration without its down"},
	{"down without up", map[string]string{"modules/extra/migrations/000002_x.down.sql": "SELECT 1;"},
		"modules/extra/migrations/000002_x.down.sql", 1, "Down migration without its up"},
	{"duplicate version", map[string]string{"modules/extra/migrations/000001_again.up.sql": "SELECT 1;"},
		"modules/extra/migrations/000001_e.up.sql", 1, "Duplicate migration version"},
	{"misnamed migration", map[string]string{"modules/extra/migrations/2_add.sql": "SELECT 1;"},
		"modules/extra/migrations/2_add.sql", 1, "Misnamed migration file"},
	{"names differ between up and down", map[string]string{"modules/extra/migrations/000002_a.up.sql": "SELECT 1;",
		"modules/extra/migrations/000002_b.down.sql": "SELECT 1;"}, "modules/extra/migrations/000002_b.down.sql", 1, "Migration names differ"},
	{"sql syntax error", map[string]string{"modules/extra/migrations/000002_s.up.sql": "SELECT 1;\nCREATE TABLE (x int);",
		"modules/extra/migrations/000002_s.down.sql": "SELECT 1;"}, "modules/extra/migrations/000002_s.up.sql", 2, "SQL syntax error"},
	{"rollback in a file", map[string]string{"modules/extra/migrations/000002_r.up.sql": "BEGIN;\nSELECT 1;\nROLLBACK;",
		"modules/extra/migrations/000002_r.down.sql": "SELECT 1;"}, "modules/extra/migrations/000002_r.up.sql", 3, "Transaction statement a migration cannot carry"},
	{"undeclared extension", map[string]string{"modules/extra/migrations/000002_x.up.sql": "SELECT 1;\nCREATE EXTENSION IF NOT EXISTS pg_trgm;",
		"modules/extra/migrations/000002_x.down.sql": "SELECT 1;"}, "modules/extra/migrations/000002_x.up.sql", 2, "Undeclared extension"},
	{"undeclared extension dropped", map[string]string{"modules/extra/migrations/000002_x.up.sql": "SELECT 1;",
		"modules/extra/migrations/000002_x.down.sql": "SELECT 1; DROP EXTENSION pgcrypto;"}, "modules/extra/migrations/000002_x.down.sql", 1, "Undeclared extension"},
	{"two modules create one table", map[string]string{"modules/extra/migrations/000002_x.up.sql": "SELECT 1;\nCREATE TABLE IF NOT EXISTS T (x int);",
		"modules/extra/migrations/000002_x.down.sql": "SELECT 1;"}, "modules/extra/migrations/000002_x.up.sql", 2, "Two modules create the same object"},
	{"two modules create one function", map[string]string{"modules/extra/migrations/000002_x.up.sql": "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
		"modules/extra/migrations/000002_x.down.sql": "SELECT 1;", "modules/base/migrations/000002_more.up.sql": "ALTER TABLE t ADD COLUMN name text;\nCREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2';"},
		"modules/extra/migrations/000002_x.up.sql", 1, "Two modules create the same object"},
	{"missing migrations folder", map[string]string{"modules/nomig/module.hcl": "module \"nomig\" {\n  title_ar = \"إ\"\n  title_en = \"E\"\n}\n"},
		"modules/nomig/migrations", 1, "Unreadable migrations folder"},
}

func TestBrokenInputs(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range brokenCases {
		if seen[tc.name] {
			t.Fatalf("case %q twice", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			dir := writeProject(t, tc.files)
			_, diags := load(dir)
			d := find(diags, tc.summary)
			if d == nil {
				t.Fatalf("no %q diagnostic; got:\n%s", tc.summary, list(diags))
			}
			if d.Detail == "" {
				t.Errorf("%q has no detail saying how to fix it", tc.summary)
			}
			file, line := "", 0
			if d.Subject != nil {
				file, _ = filepath.Rel(dir, d.Subject.Filename)
				line = d.Subject.Start.Line
			}
			if file != tc.file || line != tc.line {
				t.Errorf("%q at %s:%d, want %s:%d", tc.summary, file, line, tc.file, tc.line)
			}
		})
	}
	if len(brokenCases) < 30 {
		t.Errorf("only %d broken inputs", len(brokenCases))
	}
}

// An unreadable file cannot be written as a txtar entry: a dangling link,
// refused as a link before anything tries to read it.
func TestUnreadableMigrationFile(t *testing.T) {
	dir := writeProject(t, nil)
	link := filepath.Join(dir, "modules/extra/migrations/000002_gone.up.sql")
	if err := os.Symlink(filepath.Join(dir, "nowhere.sql"), link); err != nil {
		t.Fatal(err)
	}
	_, diags := load(dir)
	if d := find(diags, "Not a regular file"); d == nil || d.Subject.Filename != link {
		t.Fatalf("want a Not a regular file diagnostic on %s, got:\n%s", link, list(diags))
	}
}

func find(diags hcl.Diagnostics, summary string) *hcl.Diagnostic {
	for _, d := range diags {
		if d.Summary == summary {
			return d
		}
	}
	return nil
}

func list(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "  %s: %s: %s\n", d.Subject, d.Summary, d.Detail)
	}
	return b.String()
}
