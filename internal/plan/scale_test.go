package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/jo-water/rollout/internal/config"
	"github.com/jo-water/rollout/internal/state"
)

// fleetProject writes n governorates made from tenants/karak.hcl (as the
// bench does), plus Balqa, over four servers, and returns the folder.
func fleetProject(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	tenants := filepath.Join(dir, "tenants")
	if err := os.MkdirAll(tenants, 0o755); err != nil {
		tb.Fatal(err)
	}
	karak, err := os.ReadFile("../../tenants/karak.hcl")
	if err != nil {
		tb.Fatal(err)
	}
	balqa, err := os.ReadFile("../../tenants/balqa.hcl")
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tenants, "balqa.hcl"), balqa, 0o644); err != nil {
		tb.Fatal(err)
	}
	label := regexp.MustCompile(`tenant "karak" \{`)
	for i := 1; i <= n; i++ {
		head := fmt.Sprintf("tenant \"gov%05d\" {", i)
		if s := i % 4; s != 0 {
			head += fmt.Sprintf("\n  database = \"s%d\"", s+1)
		}
		body := label.ReplaceAll(karak, []byte(head))
		if err := os.WriteFile(filepath.Join(tenants, fmt.Sprintf("gov%05d.hcl", i)), body, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func loadFleet(tb testing.TB, dir string) *config.Project {
	tb.Helper()
	p, diags := config.Load(config.Options{TenantsDir: filepath.Join(dir, "tenants"), ModulesDir: "../../modules",
		ReferenceTenant: "balqa", LookupEnv: func(string) (string, bool) { return "key", true }})
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	return p
}

// BenchmarkFleet measures what grows with the number of governorates
// without a database, at 1,000 and 4,000 (a fourfold N should cost about
// four times as much, not sixteen): loading the files, planning every
// tenant against a snapshot where all are applied (a no-op plan), and
// planning each again as apply does under its lock. held reports the heap
// still reachable for the loaded project, the plan (what apply holds
// while it runs) and the servers' snapshots of an applied fleet (what
// plan holds while it computes).
func BenchmarkFleet(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		dir := fleetProject(b, n)
		p := loadFleet(b, dir)
		snaps := placed(p, applied(p))
		opts := Options{Reference: "balqa", Now: time.Now()}
		b.Run(fmt.Sprintf("load/N=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				loadFleet(b, dir)
			}
		})
		b.Run(fmt.Sprintf("compute/N=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				pl, err := Compute(p, snaps, opts)
				if err != nil {
					b.Fatal(err)
				}
				if pl.HasChanges() {
					b.Fatalf("a no-op plan has changes: %+v", pl.Summary)
				}
			}
		})
		pl, err := Compute(p, snaps, opts)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("again/N=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				for _, t := range pl.AllTenants() {
					if _, err := Again(p, *t, snaps[t.Database]); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("held/N=%d", n), func(b *testing.B) {
			for range b.N {
				live := liveHeap()
				q := loadFleet(b, dir)
				project := liveHeap()
				held, err := Compute(q, snaps, opts)
				if err != nil {
					b.Fatal(err)
				}
				planned := liveHeap()
				read := placed(q, applied(q))
				after := liveHeap()
				b.ReportMetric(project-live, "project-MiB")
				b.ReportMetric(planned-project, "plan-MiB")
				b.ReportMetric(after-planned, "snapshots-MiB")
				runtime.KeepAlive(held)
				runtime.KeepAlive(read)
			}
		})
	}
}

// liveHeap is the heap still reachable, in MiB.
func liveHeap() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// placed splits a snapshot of every tenant into one per server, each
// holding the tenants the files place there.
func placed(p *config.Project, all *state.Snapshot) map[string]*state.Snapshot {
	out := map[string]*state.Snapshot{}
	for _, t := range p.Tenants {
		s := out[t.Database]
		if s == nil {
			s = &state.Snapshot{Exists: true, Tenants: map[string]*state.TenantState{}, Schemas: map[string]bool{},
				Secrets: all.Secrets, Database: "bench_" + t.Database}
			out[t.Database] = s
		}
		s.Tenants[t.Name], s.Schemas[t.Schema] = all.Tenants[t.Name], true
	}
	return out
}
