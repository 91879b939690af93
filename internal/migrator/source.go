package migrator

import (
	"io/fs"
	"path"
	"testing/fstest"

	"github.com/golang-migrate/migrate/v4/source"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/jo-water/rollout/internal/config"
)

// newSource serves a module's migrations to golang-migrate from the bytes
// the loader read and checksummed, through the iofs source: what runs is
// exactly what was validated and planned, even if the file changes on
// disk meanwhile.
func newSource(m *config.Module) (source.Driver, error) {
	fsys := fstest.MapFS{}
	for _, mg := range m.Migrations {
		fsys["m/"+path.Base(mg.UpPath)] = &fstest.MapFile{Data: mg.Up, Mode: 0o444}
		if mg.DownPath != "" { // an irreversible module's version
			fsys["m/"+path.Base(mg.DownPath)] = &fstest.MapFile{Data: mg.Down, Mode: 0o444}
		}
	}
	if len(m.Migrations) == 0 {
		fsys["m"] = &fstest.MapFile{Mode: fs.ModeDir | 0o555}
	}
	return iofs.New(fsys, "m")
}
