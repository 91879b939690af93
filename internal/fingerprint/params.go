//go:build !race

package fingerprint

// Argon2id parameters: OWASP's recommendation for Argon2id (19 MiB, 2
// passes, 1 lane). Each distinct secret costs one run of it per rollout
// command, whatever the number of tenants using it.
const (
	argonTime   = 2
	argonMemory = 19 * 1024 // KiB
)
