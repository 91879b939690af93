package cli

import (
	"os"
	"runtime/debug"
	"testing"
)

// Without GOMEMLIMIT rollout sets its own soft memory limit; with it, the
// runtime's value stands.
func TestMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)

	t.Setenv("GOMEMLIMIT", "")
	debug.SetMemoryLimit(1 << 40)
	limitMemory()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("GOMEMLIMIT set (even empty): limit %d, want it left at %d", got, int64(1<<40))
	}

	os.Unsetenv("GOMEMLIMIT") // t.Setenv above puts it back after the test
	limitMemory()
	if got := debug.SetMemoryLimit(-1); got != memoryLimit {
		t.Errorf("no GOMEMLIMIT: limit %d, want %d", got, memoryLimit)
	}
}
