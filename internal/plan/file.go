package plan

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Save writes a plan file. It holds no secret: sensitive settings are
// "(sensitive)" and their digests are not part of the JSON form.
func Save(path string, p *Plan) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	w := bufio.NewWriter(f)
	err = p.StreamJSON(w, func(p *Plan) any { return p })
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	return nil
}

// StreamJSON writes the document wrap makes of the plan (the plan itself,
// or a document embedding it) as json.Encoder with SetIndent("", "  ")
// would, the same bytes, a tenant at a time (writeJSON).
func (p *Plan) StreamJSON(w io.Writer, wrap func(*Plan) any) error {
	if p.Waves == nil {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(wrap(p))
	}
	head := *p
	head.Waves = []Wave{}
	return writeJSON(w, wrap(&head), p.Waves)
}

// Load reads a plan file.
func Load(path string) (*Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan %s: %w", path, err)
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("read plan %s: not a rollout plan file: %w", path, err)
	}
	if p.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("read plan %s: format version %q, this rollout reads %q; plan again", path, p.FormatVersion, FormatVersion)
	}
	return &p, nil
}

// CheckSaved compares a saved plan with the database fingerprints read
// now and with a fresh plan computed from the files now.
func CheckSaved(saved *Plan, fingerprints map[string]string, fresh *Plan) error {
	for server, fp := range saved.Fingerprints {
		if fingerprints[server] != fp {
			return fmt.Errorf("%w: the database on server %q changed since the plan was made; run rollout plan again", ErrStale, server)
		}
	}
	if err := checkServers(saved, fresh); err != nil {
		return err
	}
	if err := checkPins(saved, fresh); err != nil {
		return err
	}
	if fresh.Digest != saved.Digest {
		return fmt.Errorf("%w: the tenant or module files changed since the plan was made, so it would no longer do what it showed; run rollout plan again", ErrStale)
	}
	return nil
}

// checkServers refuses a saved plan whose changes outside tenant schemas
// are no longer exactly what it showed: apply would otherwise do
// something there that nobody reviewed, or rely on something that changed.
func checkServers(saved, fresh *Plan) error {
	names := map[string]bool{}
	for _, s := range append(slices.Clone(saved.Servers), fresh.Servers...) {
		names[s.Name] = true
	}
	for _, name := range sortedKeys(names) {
		was, now := keys(saved.Server(name)), keys(fresh.Server(name))
		gone, added := minus(was, now), minus(now, was)
		if len(gone) == 0 && len(added) == 0 {
			continue
		}
		return fmt.Errorf("%w: on server %q the changes outside tenant schemas are no longer what the plan showed (in the plan only: %s; needed now and not in the plan: %s); run rollout plan again",
			ErrStale, name, listOrNone(gone), listOrNone(added))
	}
	return nil
}

func keys(s *Server) []string {
	if s == nil {
		return nil
	}
	out := []string{fmt.Sprintf("isolate_public %v", s.IsolatePublic)}
	for _, c := range s.Changes {
		out = append(out, c.Key())
	}
	return out
}

func minus(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// listOrNone names at most five items: a fresh server has thousands of roles.
func listOrNone(l []string) string {
	switch {
	case len(l) == 0:
		return "nothing"
	case len(l) > 5:
		return fmt.Sprintf("%s and %d more", strings.Join(l[:5], ", "), len(l)-5)
	}
	return strings.Join(l, ", ")
}

// checkPins refuses a saved plan when a secret differs from the one it was
// made with: the plan would write a value nobody reviewed.
func checkPins(saved, fresh *Plan) error {
	now := map[string]map[string]string{}
	for _, t := range fresh.AllTenants() {
		for _, s := range t.Services {
			now[t.Name+"/"+s.Module] = s.SecretPins
		}
	}
	for _, t := range saved.AllTenants() {
		for _, s := range t.Services {
			for name, pin := range s.SecretPins {
				if now[t.Name+"/"+s.Module][name] != pin {
					return fmt.Errorf("%w: the secret for setting %q of %s in tenant %q is not the one the plan was made with; set the same value, or run rollout plan again",
						ErrStale, name, s.Module, t.Name)
				}
			}
		}
	}
	return nil
}
