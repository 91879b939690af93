package config

import (
	"fmt"
	"regexp"
	"strings"
)

var identRe = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// reserved names that no tenant schema may take.
var reservedSchemas = map[string]bool{
	"public": true, "information_schema": true, ControlSchema: true, ExtensionsSchema: true,
}

// maxSchemaLen leaves room for the roles' database prefix (at most 22
// bytes, plan.MaxRolePrefix) and suffix (_owner, _app) inside PostgreSQL's
// 63-byte identifier limit.
const maxSchemaLen = 63 - 22 - len("_owner")

// checkIdent returns a sentence on why name is not a safe identifier, or "".
func checkIdent(name string, max int) string {
	switch {
	case name == "":
		return "it is empty"
	case !identRe.MatchString(name):
		return "it must be lowercase letters, digits and underscores, not starting with a digit"
	case len(name) > max:
		return fmt.Sprintf("it is %d bytes long; the limit is %d", len(name), max)
	}
	return ""
}

// checkSchema is checkIdent plus the names PostgreSQL or rollout own.
func checkSchema(name string) string {
	if why := checkIdent(name, maxSchemaLen); why != "" {
		return why
	}
	if reservedSchemas[name] || strings.HasPrefix(name, "pg_") {
		return fmt.Sprintf("%q is reserved (public, information_schema, pg_*, %s and %s belong to PostgreSQL or rollout)",
			name, ControlSchema, ExtensionsSchema)
	}
	return ""
}
