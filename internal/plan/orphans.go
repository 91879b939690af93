package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/plural"
	"github.com/jo-water/rollout/internal/state"
)

// Orphan is a tenant the database holds and no file declares (its file
// was deleted, or --tenants-dir points elsewhere). rollout never drops a
// governorate's data: the plan shows it, with what to do.
type Orphan struct {
	Name     string   `json:"name"`
	Server   string   `json:"server"`
	Schema   string   `json:"schema"`
	Services []string `json:"services"` // "module (on|off)"
	Advice   string   `json:"advice"`
}

// orphans lists the recorded tenants that no file declares, by server and name.
func orphans(p *config.Project, snaps map[string]*state.Snapshot, opts Options) []Orphan {
	inFiles := map[string]bool{}
	for _, t := range p.Tenants {
		inFiles[t.Name] = true
	}
	var out []Orphan
	for _, server := range sortedKeys(snaps) {
		for _, name := range sortedKeys(snaps[server].Tenants) {
			if inFiles[name] || slices.Contains(opts.Exclude, name) || (len(opts.Only) > 0 && !slices.Contains(opts.Only, name)) {
				continue
			}
			ts := snaps[server].Tenants[name]
			o := Orphan{Name: name, Server: server, Schema: ts.Schema, Services: []string{}}
			for _, m := range sortedKeys(ts.Services) {
				o.Services = append(o.Services, fmt.Sprintf("%s (%s)", m, onOff(ts.Services[m].Enabled)))
			}
			o.Advice = fmt.Sprintf("restore its file (tenants/%s.hcl) to manage it again, or stop tracking it with rollout forget --tenant %s (its data stays unless --drop-schema); until then rollout leaves schema %q and its data alone, and changes nothing there",
				name, name, ts.Schema)
			out = append(out, o)
		}
	}
	return out
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// EmptyFolderError refuses to plan an empty tenants folder against servers
// that hold governorates: a wrong --tenants-dir, not "nothing to do".
func EmptyFolderError(p *config.Project, list []Orphan) error {
	if len(p.Tenants) > 0 || len(list) == 0 {
		return nil
	}
	names := make([]string, 0, len(list))
	for _, o := range list {
		names = append(names, fmt.Sprintf("%s (server %s)", o.Name, o.Server))
	}
	return fmt.Errorf("%w: no tenant file was found, but the database holds %s: %s; check --tenants-dir (rollout never drops a governorate)",
		ErrNoTenants, plural.Count(len(list), "governorate"), strings.Join(names, ", "))
}
