package state

import (
	"os"
	"testing"

	"github.com/jo-water/rollout/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
