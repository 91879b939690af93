package plan

import (
	"fmt"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/state"
)

// provenVersions is, per module, the newest version the reference tenant
// runs with its checks passing, or will run once this plan's first wave
// succeeds (apply stops before later waves if it does not).
func provenVersions(p *config.Project, snaps map[string]*state.Snapshot, tenants []Tenant, ref string) map[string]uint {
	proven := map[string]uint{}
	if t := p.Tenant(ref); t != nil && snaps[t.Database] != nil {
		if ts := snaps[t.Database].Tenants[ref]; ts != nil {
			for m, s := range ts.Services {
				if s.Enabled && s.LastCheckOK != nil && *s.LastCheckOK {
					proven[m] = s.Version
				}
			}
		}
	}
	for _, t := range tenants {
		if t.Name != ref {
			continue
		}
		for _, s := range t.Services {
			if s.Enabled && s.ToVersion > proven[s.Module] {
				proven[s.Module] = s.ToVersion
			}
		}
	}
	return proven
}

// checkProven refuses to take a tenant past what the reference proved,
// unless the admin allowed it; then it warns.
func checkProven(p *config.Project, snaps map[string]*state.Snapshot, tenants []Tenant, opts Options, warnings *[]string) []error {
	if opts.Reference == "" {
		return nil
	}
	proven := provenVersions(p, snaps, tenants, opts.Reference)
	var errs []error
	for _, t := range tenants {
		if t.Name == opts.Reference {
			continue
		}
		for _, s := range t.Services {
			if s.ToVersion <= s.FromVersion || s.ToVersion <= proven[s.Module] {
				continue
			}
			msg := fmt.Sprintf("tenant %q would take %s to version %d, but the reference tenant %q runs it only at %d with passing checks",
				t.Name, s.Module, s.ToVersion, opts.Reference, proven[s.Module])
			if opts.AllowUnproven {
				*warnings = append(*warnings, "UNPROVEN: "+msg+" (allowed by --allow-unproven)")
				continue
			}
			errs = append(errs, fmt.Errorf("%w: %s; apply it to %q first, or pass --allow-unproven", ErrUnproven, msg, opts.Reference))
		}
	}
	return errs
}
