package plan

import (
	"encoding/json"
	"fmt"
	"os"
)

// Save writes a plan file. It holds no secret: sensitive settings are
// "(sensitive)" and their digests are not part of the JSON form.
func Save(path string, p *Plan) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	return nil
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
	if fresh.Digest != saved.Digest {
		return fmt.Errorf("%w: the tenant or module files changed since the plan was made, so it would no longer do what it showed; run rollout plan again", ErrStale)
	}
	return nil
}
