package migrator

import (
	"os"
	"testing"

	"github.com/jo-water/rollout/internal/pgtest"
)

// TestMain stops the shared test server once the last test process ends.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
