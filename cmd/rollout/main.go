// Command rollout rolls e-services out across tenants in PostgreSQL.
package main

import (
	"os"

	"github.com/jo-water/rollout/internal/cli"
)

func main() { os.Exit(cli.Main()) }
