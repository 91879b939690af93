// Package settings holds the project settings (database URLs, folders,
// parallelism, output format) and loads them through viper with the
// precedence users expect: flags, then ROLLOUT_* environment variables,
// then rollout.yaml, then defaults.
package settings

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// DefaultServer is the name of the database server a tenant uses when its
// file names none.
const DefaultServer = "default"

// Settings is the plain result of loading; nothing below the CLI reads
// viper or the environment directly.
type Settings struct {
	ConfigFile      string            // the rollout.yaml that was read, if any
	DatabaseURL     string            // the "default" server; empty means embedded
	EmbeddedAsked   bool              // --embedded or database_url: embedded
	Databases       map[string]string // named servers, "default" included when set
	TenantsDir      string
	ModulesDir      string
	StateDir        string // local folder for the embedded server (.rollout)
	Parallelism     int
	Output          string // "text" or "json"
	LogLevel        string
	ReferenceTenant string
	PostgresBin     string
	Actor           string
	// IsolatePublic is each server's isolate_public: "true", "false" or
	// "auto"; IsolateDefault applies to servers without their own.
	IsolatePublic  map[string]string
	IsolateDefault string
	// MigrationLockTimeout is the lock_timeout every migration file runs
	// with (a module's own lock_timeout wins); 0 waits without end.
	MigrationLockTimeout time.Duration
	// MigrationLockRetries: a transactional file that hit its lock_timeout
	// was rolled back whole, so it is tried again this many times.
	MigrationLockRetries int
	// Lint is what plan and apply do with lint findings: "warn", "error"
	// (refuse) or "off".
	Lint string
}

// Isolation is a server's isolate_public setting: "true", "false" or "auto".
func (s Settings) Isolation(server string) string {
	if v, ok := s.IsolatePublic[server]; ok {
		return v
	}
	if s.IsolateDefault == "" {
		return "auto"
	}
	return s.IsolateDefault
}

// JSON reports whether machine output was asked for.
func (s Settings) JSON() bool { return s.Output == "json" }

// EmbeddedDir is where the embedded cluster lives.
func (s Settings) EmbeddedDir() string { return filepath.Join(s.StateDir, "postgres") }

// ServerURL returns the configured URL of a named server, or "" when that
// server is the embedded default.
func (s Settings) ServerURL(name string) (string, bool) {
	if name == "" {
		name = DefaultServer
	}
	u, ok := s.Databases[name]
	if !ok && name == DefaultServer {
		return "", true
	}
	return u, ok
}

// ServerNames lists the configured servers, sorted, "default" included.
func (s Settings) ServerNames() []string {
	names := []string{DefaultServer}
	for n := range s.Databases {
		if n != DefaultServer {
			names = append(names, n)
		}
	}
	sort.Strings(names[1:])
	return names
}

// Keys and their defaults. A key's flag is the key with "_" → "-" and its
// variable ROLLOUT_<KEY in upper case>.
var defaults = map[string]any{
	"database_url":     "",
	"tenants_dir":      "tenants",
	"modules_dir":      "modules",
	"state_dir":        ".rollout",
	"parallelism":      defaultParallelism(),
	"output":           "text",
	"log_level":        "warn",
	"reference_tenant": "balqa",
	"postgres_bin":     "",
	"actor":            "",
	"isolate_public":   "auto",
	// A few seconds: long enough for a busy table's short transactions,
	// short enough that one long one does not stall a wave.
	"migration_lock_timeout": "5s",
	"migration_lock_retries": 3,
	"lint":                   "warn",
}

func defaultParallelism() int {
	// Migrations are server-bound; twice the client's cores keeps a local
	// server busy without flooding it with connections.
	return max(2, 2*runtime.NumCPU())
}

// ErrBadSetting marks a setting whose value is not acceptable.
var ErrBadSetting = errors.New("bad setting")

// Load reads settings. flags may be nil. configFile is the --config value
// ("" means look for rollout.yaml in the working directory).
func Load(flags *pflag.FlagSet, configFile string) (Settings, error) {
	if err := checkVariables(os.Environ()); err != nil {
		return Settings{}, err
	}
	v := viper.New()
	for k, d := range defaults {
		v.SetDefault(k, d)
	}
	v.SetEnvPrefix("ROLLOUT")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	if flags != nil {
		for k := range defaults {
			if f := flags.Lookup(strings.ReplaceAll(k, "_", "-")); f != nil {
				if err := v.BindPFlag(k, f); err != nil {
					return Settings{}, err
				}
			}
		}
	}
	used, err := readConfigFile(v, configFile)
	if err != nil {
		return Settings{}, err
	}
	s := Settings{
		ConfigFile:      used,
		DatabaseURL:     v.GetString("database_url"),
		TenantsDir:      v.GetString("tenants_dir"),
		ModulesDir:      v.GetString("modules_dir"),
		StateDir:        v.GetString("state_dir"),
		Parallelism:     v.GetInt("parallelism"),
		Output:          strings.ToLower(v.GetString("output")),
		LogLevel:        strings.ToLower(v.GetString("log_level")),
		ReferenceTenant: v.GetString("reference_tenant"),
		PostgresBin:     v.GetString("postgres_bin"),
		Actor:           v.GetString("actor"),
		IsolateDefault:  strings.ToLower(v.GetString("isolate_public")),
		Lint:            strings.ToLower(v.GetString("lint")),
	}
	if flags != nil {
		if j, err := flags.GetBool("json"); err == nil && j {
			s.Output = "json"
		}
		if e, err := flags.GetBool("embedded"); err == nil && e {
			if s.DatabaseURL != "" && s.DatabaseURL != Embedded {
				return s, fmt.Errorf("%w: --embedded asks for the embedded server, but database_url is also set; drop one", ErrBadSetting)
			}
			s.DatabaseURL = Embedded
		}
	}
	if s.Databases, s.IsolatePublic, err = databases(v, s.DatabaseURL); err != nil {
		return s, err
	}
	if s.Databases[DefaultServer] == Embedded {
		s.EmbeddedAsked, s.DatabaseURL = true, ""
		delete(s.Databases, DefaultServer)
	}
	// viper reads "abc" as 0: check the text, so the message quotes it.
	if raw := strings.TrimSpace(v.GetString("parallelism")); raw != "" {
		if _, err := strconv.Atoi(raw); err != nil {
			return s, fmt.Errorf("%w: parallelism is %q; use a whole number of at least 1", ErrBadSetting, raw)
		}
	}
	if err := s.lockSettings(v); err != nil {
		return s, err
	}
	return s, s.validate()
}

// lockSettings reads the migration lock settings, quoting a bad value.
func (s *Settings) lockSettings(v *viper.Viper) error {
	raw := strings.TrimSpace(v.GetString("migration_lock_timeout"))
	d, err := time.ParseDuration(raw)
	if err != nil || d < 0 || d > time.Hour || (d > 0 && d < time.Millisecond) {
		return fmt.Errorf("%w: migration_lock_timeout is %q; give a duration such as 5s or 500ms (at most 1h; 0s waits without end)", ErrBadSetting, raw)
	}
	s.MigrationLockTimeout = d
	raw = strings.TrimSpace(v.GetString("migration_lock_retries"))
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n > 20 {
		return fmt.Errorf("%w: migration_lock_retries is %q; give a whole number from 0 to 20", ErrBadSetting, raw)
	}
	s.MigrationLockRetries = n
	return nil
}

func readConfigFile(v *viper.Viper, path string) (string, error) {
	if path == "" {
		if _, err := os.Stat("rollout.yaml"); err != nil {
			return "", nil
		}
		path = "rollout.yaml"
	}
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		return "", fmt.Errorf("read settings file %s: %w", path, err)
	}
	return path, checkFileKeys(path)
}

// databases merges the yaml map `databases:` (name: URL, or name: {url,
// isolate_public}) with the variables ROLLOUT_DATABASES_<NAME>_URL and
// ROLLOUT_DATABASES_<NAME>_ISOLATE_PUBLIC (which win), and the plain
// database URL as the "default" server (which wins over both).
func databases(v *viper.Viper, defaultURL string) (map[string]string, map[string]string, error) {
	urls, isolate := map[string]string{}, map[string]string{}
	for name, val := range v.GetStringMap("databases") {
		name = strings.ToLower(name)
		switch val := val.(type) {
		case string:
			urls[name] = val
		case map[string]any:
			// No url: the default server's may come from database_url.
			if u, ok := val["url"]; ok {
				urls[name] = fmt.Sprint(u)
			}
			if iso, ok := val["isolate_public"]; ok {
				isolate[name] = strings.ToLower(fmt.Sprint(iso))
			}
		default:
			return nil, nil, fmt.Errorf("%w: databases.%s is %v; give a URL, or {url: …, isolate_public: …}", ErrBadSetting, name, val)
		}
	}
	for _, kv := range os.Environ() {
		k, val, _ := strings.Cut(kv, "=")
		name, ok := strings.CutPrefix(k, "ROLLOUT_DATABASES_")
		if !ok {
			continue
		}
		if n, ok := strings.CutSuffix(name, "_ISOLATE_PUBLIC"); ok && n != "" && val != "" {
			isolate[strings.ToLower(n)] = strings.ToLower(val)
		} else if n, ok := strings.CutSuffix(name, "_URL"); ok && n != "" {
			urls[strings.ToLower(n)] = val
		}
	}
	if defaultURL != "" {
		urls[DefaultServer] = defaultURL
	}
	return urls, isolate, nil
}

func (s Settings) validate() error {
	var errs []error
	if s.Output != "text" && s.Output != "json" {
		errs = append(errs, fmt.Errorf("%w: output is %q; use text or json", ErrBadSetting, s.Output))
	}
	if s.Parallelism < 1 {
		errs = append(errs, fmt.Errorf("%w: parallelism is %d; use a whole number of at least 1", ErrBadSetting, s.Parallelism))
	}
	check := func(what, val string) {
		if val != "true" && val != "false" && val != "auto" {
			errs = append(errs, fmt.Errorf("%w: %s is %q; use true, false or auto", ErrBadSetting, what, val))
		}
	}
	check("isolate_public", s.IsolateDefault)
	for _, name := range slices.Sorted(maps.Keys(s.IsolatePublic)) {
		check("isolate_public of server "+name, s.IsolatePublic[name])
	}
	switch s.Lint {
	case "warn", "error", "off":
	default:
		errs = append(errs, fmt.Errorf("%w: lint is %q; use warn, error (plan and apply refuse on findings) or off", ErrBadSetting, s.Lint))
	}
	switch s.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("%w: log_level is %q; use debug, info, warn or error", ErrBadSetting, s.LogLevel))
	}
	return errors.Join(errs...)
}
