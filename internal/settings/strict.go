package settings

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/viper"

	"github.com/jo-water/rollout/internal/suggest"
)

// Embedded is the database_url value that asks for the embedded server by
// name, so CI can use it on purpose while an empty URL there is an error.
const Embedded = "embedded"

// extraVariables are ROLLOUT_* variables read outside the settings keys:
// the tests' database, the clock the policy tests move (cli/clock.go) and
// the profiles cli.Main writes.
var extraVariables = []string{"ROLLOUT_TEST_DATABASE_URL", "ROLLOUT_NOW", "ROLLOUT_CPUPROFILE", "ROLLOUT_MEMPROFILE"}

// knownKeys are the keys rollout.yaml may hold.
func knownKeys() []string {
	keys := []string{"databases"}
	for k := range defaults {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkFileKeys refuses keys rollout.yaml does not know: a typo such as
// "databse_url" must not silently leave the real setting at its default.
func checkFileKeys(path string) error {
	fv := viper.New()
	fv.SetConfigFile(path)
	fv.SetConfigType("yaml")
	if err := fv.ReadInConfig(); err != nil {
		return fmt.Errorf("read settings file %s: %w", path, err)
	}
	known := knownKeys()
	var bad []string
	for k := range fv.AllSettings() {
		if !slices.Contains(known, k) {
			bad = append(bad, fmt.Sprintf("%s: unknown setting %q%s", path, k, suggest.Hint(k, known)))
		}
	}
	if dbs, ok := fv.Get("databases").(map[string]any); fv.IsSet("databases") && !ok {
		bad = append(bad, fmt.Sprintf("%s: databases must map server names to URLs, as in \"databases: {south: postgres://…}\"", path))
	} else {
		for name, u := range dbs {
			bad = append(bad, checkServerEntry(path, name, u)...)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	return fmt.Errorf("%w: %s; the known settings are %s", ErrBadSetting, strings.Join(bad, "; "), strings.Join(known, ", "))
}

// serverKeys are the keys of a server given as a map in rollout.yaml.
var serverKeys = []string{"isolate_public", "url"}

// checkServerEntry: a server is a URL text or {url, isolate_public}; an
// unknown key there ("isolate_pubic") would silently leave the default.
func checkServerEntry(path, name string, entry any) []string {
	switch entry := entry.(type) {
	case string:
		return nil
	case map[string]any:
		var bad []string
		for k := range entry {
			if !slices.Contains(serverKeys, k) {
				bad = append(bad, fmt.Sprintf("%s: unknown setting \"databases.%s.%s\"%s", path, name, k, suggest.Hint(k, serverKeys)))
			}
		}
		return bad
	}
	return []string{fmt.Sprintf("%s: databases.%s must be a URL text or {url: …, isolate_public: …}", path, name)}
}

// checkVariables refuses ROLLOUT_* variables rollout does not read: a typo
// such as ROLLOUT_DATABASE_UR would otherwise fall back to the default. An
// empty one changes nothing either way and is let be.
func checkVariables(environ []string) error {
	var known []string
	for k := range defaults {
		known = append(known, "ROLLOUT_"+strings.ToUpper(k))
	}
	known = append(known, extraVariables...)
	slices.Sort(known)
	var bad []string
	for _, kv := range environ {
		name, val, _ := strings.Cut(kv, "=")
		if val == "" || !strings.HasPrefix(name, "ROLLOUT_") || slices.Contains(known, name) || isServerVariable(name) {
			continue
		}
		bad = append(bad, fmt.Sprintf("%s%s", name, suggest.Hint(name, append(known, "ROLLOUT_DATABASES_<NAME>_URL", "ROLLOUT_DATABASES_<NAME>_ISOLATE_PUBLIC"))))
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	return fmt.Errorf("%w: unknown environment variable %s; unset it or fix its name (rollout reads %s, ROLLOUT_DATABASES_<NAME>_URL and ROLLOUT_DATABASES_<NAME>_ISOLATE_PUBLIC)",
		ErrBadSetting, strings.Join(bad, ", "), strings.Join(known, ", "))
}

// isServerVariable: ROLLOUT_DATABASES_<NAME>_URL names a server's URL and
// ROLLOUT_DATABASES_<NAME>_ISOLATE_PUBLIC its isolate_public.
func isServerVariable(name string) bool {
	rest, ok := strings.CutPrefix(name, "ROLLOUT_DATABASES_")
	if !ok {
		return false
	}
	for _, suffix := range []string{"_URL", "_ISOLATE_PUBLIC"} {
		if server, ok := strings.CutSuffix(rest, suffix); ok && server != "" {
			return true
		}
	}
	return false
}

// InCI reports a CI run: CI set (as every CI service does) to anything
// but "false" or "0".
func InCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}
