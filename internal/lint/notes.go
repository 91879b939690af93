package lint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/sqlfile"
)

// Note is a statement of a file that rollout runs differently from the
// text: a CREATE or DROP EXTENSION of a declared extension, which does
// nothing because rollout installs the module's extensions itself.
type Note struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Statement string `json:"statement"`
	Message   string `json:"message"`
}

// Notes lists the no-op extension statements of the fleet's up files.
// (Undeclared extensions are validate errors and never get this far.)
func Notes(p *config.Project, fleet Fleet) []Note {
	var out []Note
	for key := range fleet.Runs {
		m := p.Modules[key.Module]
		mg := m.Migration(key.Version)
		if mg == nil || mg.UpSQL == nil {
			continue
		}
		for _, s := range mg.UpSQL.Of(sqlfile.CreateExtension, sqlfile.DropExtension) {
			verb := "CREATE"
			if s.Kind == sqlfile.DropExtension {
				verb = "DROP"
			}
			l, c := sqlfile.LineCol(mg.UpSQL.Body, s.Start)
			out = append(out, Note{File: mg.UpPath, Line: l, Column: c, Statement: excerpt(mg.UpSQL.Body, s.Start),
				Message: fmt.Sprintf("%s EXTENSION %s does nothing here: rollout installs module %s's extensions once per database, "+
					"in schema %s", verb, strings.Join(s.Extensions, ", "), m.Name, config.ExtensionsSchema)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}
