package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// MaxRolePrefix is the longest prefix RolePrefix returns; tenant schema
// names are limited so that prefix, schema and "_owner" fit PostgreSQL's
// 63-byte identifiers (config.maxSchemaLen).
const MaxRolePrefix = 22

var unsafeRoleChars = regexp.MustCompile(`[^a-z0-9_]`)

// RolePrefix names a database's tenant roles. Roles are global to a
// PostgreSQL server while schemas are per database, so two databases on
// one server that both have a schema "karak" must not share its roles:
// each database's roles start with its own name. A name that is not a
// plain short identifier (or starts with the reserved pg_) is shortened
// and made unique with a digest of the full name.
func RolePrefix(database string) string {
	clean := unsafeRoleChars.ReplaceAllString(strings.ToLower(database), "_")
	if clean == database && clean != "" && len(clean)+1 <= MaxRolePrefix && !strings.HasPrefix(clean, "pg_") {
		return clean + "_"
	}
	sum := sha256.Sum256([]byte(database))
	return "r_" + clean[:min(len(clean), 12)] + "_" + hex.EncodeToString(sum[:])[:6] + "_"
}

// Roles names a new tenant's owner and application roles in a database.
func Roles(database, schema string) (owner, app string) {
	p := RolePrefix(database)
	return p + schema + "_owner", p + schema + "_app"
}
