package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/state"
)

// planPlaced plans a tenant where it lives. A tenant whose file names a
// server other than the one holding it moves; the move is planned
// against the source, where its services are, and must find nothing else
// to do there: a move carries a tenant as it is, never half upgraded.
func planPlaced(p *config.Project, t *config.Tenant, snaps map[string]*state.Snapshot, lim limits) (Tenant, error) {
	home := snaps[t.Database]
	from, step, err := locate(t, snaps)
	if err != nil || from == "" {
		tp, perr := planTenant(p, t, home, lim)
		if err != nil {
			return tp, err
		}
		if step == MoveThaw {
			tp.Move = &Move{From: t.Database, To: home.Move(t.Name, state.MoveOut).Peer, Step: MoveThaw}
		}
		return tp, perr
	}
	if step == MovePark {
		tp, err := planTenant(p, t, home, lim)
		tp.Move = &Move{From: from, To: t.Database, Step: MovePark}
		return tp, err
	}
	tp, err := planTenant(p, t, snaps[from], lim)
	if err != nil {
		return tp, err
	}
	if tp.Changes() {
		return tp, fmt.Errorf("%w: tenant %q moves from server %q to %q (%s), but has changes pending on %q: %s; apply them first with database = %q, then move",
			ErrMoveBehind, t.Name, from, t.Database, t.File, from, pending(tp), from)
	}
	tp.Create = false
	tp.Move = &Move{From: from, To: t.Database, Step: MoveCopy}
	addChecks(p, &tp)
	return tp, nil
}

// locate finds which other server holds a tenant the file places on its
// home server: "" when the home server holds it (or nobody does: a new
// tenant). step says what a move still has to do.
func locate(t *config.Tenant, snaps map[string]*state.Snapshot) (from, step string, err error) {
	home := snaps[t.Database]
	var others []string
	for _, name := range slices.Sorted(maps.Keys(snaps)) {
		if name != t.Database && snaps[name].Tenants[t.Name] != nil {
			others = append(others, name)
		}
	}
	if len(others) == 0 {
		if out := home.Move(t.Name, state.MoveOut); out != nil && out.State == state.MoveFrozen && home.Tenants[t.Name] != nil {
			return "", MoveThaw, nil
		}
		return "", "", nil
	}
	if len(others) > 1 {
		return "", "", fmt.Errorf("%w: tenant %q is recorded on servers %s; it can live on one only: find out which copy is current and drop the others' records",
			ErrPlacement, t.Name, strings.Join(others, ", "))
	}
	from = others[0]
	if home.Tenants[t.Name] == nil {
		return from, MoveCopy, nil
	}
	if in := home.Move(t.Name, state.MoveIn); in != nil && in.State == state.MoveLive && in.Peer == from {
		return from, MovePark, nil
	}
	return "", "", fmt.Errorf("%w: tenant %q is recorded on server %q and on server %q (its file says %q), and no move between them is recorded; find out which copy is current and drop the other's records",
		ErrPlacement, t.Name, from, t.Database, t.Database)
}

// pending names what a tenant would change where it is.
func pending(tp Tenant) string {
	var out []string
	for _, s := range tp.Services {
		if s.Changes() {
			out = append(out, fmt.Sprintf("%s %d → %d", s.Module, s.FromVersion, s.ToVersion))
		}
	}
	if tp.UpdateRecord {
		out = append(out, "its wave")
	}
	if len(out) == 0 {
		return "its schema"
	}
	return strings.Join(out, ", ")
}
