package settings

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func flags(args ...string) *pflag.FlagSet {
	f := pflag.NewFlagSet("t", pflag.ContinueOnError)
	f.String("database-url", "", "")
	f.String("tenants-dir", "tenants", "")
	f.Int("parallelism", 4, "")
	f.String("output", "text", "")
	f.Bool("json", false, "")
	if err := f.Parse(args); err != nil {
		panic(err)
	}
	return f
}

func TestPrecedence(t *testing.T) {
	const yaml = "database_url: postgres://file/db\ntenants_dir: from-file\nparallelism: 3\n" +
		"databases:\n  south: postgres://south-file/db\n  north: postgres://north-file/db\n"
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantURL string
		wantDir string
		wantPar int
	}{
		{"file only", nil, nil, "postgres://file/db", "from-file", 3},
		{"env over file", nil, map[string]string{"ROLLOUT_DATABASE_URL": "postgres://env/db", "ROLLOUT_TENANTS_DIR": "from-env"},
			"postgres://env/db", "from-env", 3},
		{"flag over env", []string{"--database-url", "postgres://flag/db", "--parallelism", "9"},
			map[string]string{"ROLLOUT_DATABASE_URL": "postgres://env/db", "ROLLOUT_PARALLELISM": "7"},
			"postgres://flag/db", "from-file", 9},
		{"env over file for numbers", nil, map[string]string{"ROLLOUT_PARALLELISM": "7"}, "postgres://file/db", "from-file", 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "rollout.yaml")
			if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			s, err := Load(flags(tc.args...), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if s.DatabaseURL != tc.wantURL || s.TenantsDir != tc.wantDir || s.Parallelism != tc.wantPar {
				t.Errorf("got url=%q dir=%q par=%d; want %q %q %d", s.DatabaseURL, s.TenantsDir, s.Parallelism,
					tc.wantURL, tc.wantDir, tc.wantPar)
			}
			if s.Databases["default"] != tc.wantURL {
				t.Errorf("default server = %q, want %q", s.Databases["default"], tc.wantURL)
			}
		})
	}
}

func TestDefaultsWithoutFile(t *testing.T) {
	t.Chdir(t.TempDir())
	s, err := Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.DatabaseURL != "" || s.TenantsDir != "tenants" || s.ModulesDir != "modules" || s.Output != "text" ||
		s.ReferenceTenant != "balqa" || s.Parallelism < 1 || s.ConfigFile != "" {
		t.Errorf("unexpected defaults: %+v", s)
	}
	if s.MigrationLockTimeout != 5*time.Second || s.MigrationLockRetries != 3 || s.Lint != "warn" {
		t.Errorf("lock and lint defaults: %s, %d retries, lint %q", s.MigrationLockTimeout, s.MigrationLockRetries, s.Lint)
	}
	if u, ok := s.ServerURL("default"); !ok || u != "" {
		t.Errorf("default server should be the embedded one, got %q %v", u, ok)
	}
}

func TestRolloutYamlInWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("rollout.yaml", []byte("reference_tenant: karak\noutput: json\nmigration_lock_timeout: 1500ms\nlint: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.ReferenceTenant != "karak" || !s.JSON() || s.ConfigFile != "rollout.yaml" || s.MigrationLockTimeout != 1500*time.Millisecond || s.Lint != "error" {
		t.Errorf("rollout.yaml not read: %+v", s)
	}
}

func TestNamedServersFromEnv(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "rollout.yaml")
	os.WriteFile(cfg, []byte("databases:\n  south: postgres://file-south/db\n"), 0o644)
	t.Setenv("ROLLOUT_DATABASES_SOUTH_URL", "postgres://env-south/db")
	t.Setenv("ROLLOUT_DATABASES_NORTH_URL", "postgres://env-north/db")
	s, err := Load(nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if s.Databases["south"] != "postgres://env-south/db" || s.Databases["north"] != "postgres://env-north/db" {
		t.Errorf("servers: %v", s.Databases)
	}
	if got := s.ServerNames(); len(got) != 3 || got[0] != "default" || got[1] != "north" {
		t.Errorf("server names: %v", got)
	}
}

func TestJSONFlag(t *testing.T) {
	t.Chdir(t.TempDir())
	s, err := Load(flags("--json"), "")
	if err != nil || !s.JSON() {
		t.Fatalf("--json not honoured: %v %+v", err, s)
	}
}

func TestBadSettings(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct{ k, v string }{
		{"ROLLOUT_OUTPUT", "xml"}, {"ROLLOUT_PARALLELISM", "0"}, {"ROLLOUT_PARALLELISM", "abc"}, {"ROLLOUT_LOG_LEVEL", "loud"},
		{"ROLLOUT_MIGRATION_LOCK_TIMEOUT", "soon"}, {"ROLLOUT_MIGRATION_LOCK_TIMEOUT", "-1s"}, {"ROLLOUT_MIGRATION_LOCK_TIMEOUT", "2h"},
		{"ROLLOUT_MIGRATION_LOCK_RETRIES", "-1"}, {"ROLLOUT_MIGRATION_LOCK_RETRIES", "many"}, {"ROLLOUT_LINT", "loud"},
	} {
		t.Run(tc.k+"="+tc.v, func(t *testing.T) {
			t.Setenv(tc.k, tc.v)
			_, err := Load(nil, "")
			if !errors.Is(err, ErrBadSetting) {
				t.Errorf("%s=%s: got %v, want ErrBadSetting", tc.k, tc.v, err)
			}
			if err != nil && !strings.Contains(err.Error(), `"`+tc.v+`"`) && !strings.Contains(err.Error(), " "+tc.v+";") {
				t.Errorf("%s=%s: the message does not quote the value given: %v", tc.k, tc.v, err)
			}
		})
	}
}

func TestMissingOrBrokenConfigFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(nil, filepath.Join(dir, "nope.yaml")); err == nil {
		t.Error("a named settings file that does not exist must be an error")
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("parallelism: [\n"), 0o644)
	if _, err := Load(nil, bad); err == nil {
		t.Error("a broken settings file must be an error")
	}
}
