//go:build race

package fingerprint

// The race detector slows Argon2id's loops about fortyfold (8 s a value at
// 64 MiB): race-instrumented builds, which are test binaries only, stretch
// over 1 MiB in one pass. The parameters are part of Prefix, so such a
// fingerprint never passes for a real one.
const (
	argonTime   = 1
	argonMemory = 1024 // KiB
)
