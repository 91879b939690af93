package apply

import (
	"context"
	"sync"

	"github.com/jo-water/rollout/internal/plan"
)

// MarkDirty reads, on each tenant's own session, the version tables of the
// tenants that have migrations to run, and marks a service whose table is
// dirty (a file run outside a transaction stopped part way): the plan then
// says so, with the repair command, instead of an ordinary pending
// migration that apply would refuse. At most parallelism tenants at once;
// a tenant that cannot be read is left as planned (apply reports it).
func (e *Executor) MarkDirty(ctx context.Context, p *plan.Plan, parallelism int) {
	sem := make(chan struct{}, max(1, parallelism))
	var wg sync.WaitGroup
	for wi := range p.Waves {
		for ti := range p.Waves[wi].Tenants {
			t := &p.Waves[wi].Tenants[ti]
			if t.Create || !hasMigrations(t) {
				continue // a schema made by this plan has no version table yet
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				_ = e.Inspect(ctx, t.Database, t.Name, t.Schema, t.OwnerRole, func(dirty map[string]int64, _ CheckFunc) {
					for si := range t.Services {
						if v, ok := dirty[t.Services[si].Module]; ok && v >= 0 {
							at := uint(v)
							t.Services[si].DirtyAt = &at
						}
					}
				})
			}()
		}
	}
	wg.Wait()
}

func hasMigrations(t *plan.Tenant) bool {
	for _, s := range t.Services {
		if len(s.Migrations) > 0 {
			return true
		}
	}
	return false
}
