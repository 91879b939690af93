package cli

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"time"
)

// memoryLimit is the soft limit of the Go runtime's memory when GOMEMLIMIT
// does not set one. Go lets its heap grow to twice what is live before it
// collects; a run over 10,000 governorates holds about 40 MiB live, so its
// peak was 115 MiB of which half was garbage not yet collected. Under this
// limit the collector runs sooner instead (a soft limit: a run that needs
// more live memory still gets it, at the price of more collections).
const memoryLimit = 64 << 20

// limitMemory sets memoryLimit unless GOMEMLIMIT says otherwise (any
// value, "off" included, is the runtime's to read).
func limitMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// profileCPU writes a CPU profile of the whole run to path when it is set
// (bench/ and anyone finding where a slow run spends its time); the
// returned function ends it.
func profileCPU(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// profileHeap writes a heap profile to path when it is set: each time the
// live heap reaches a new high (by a tenth), so the file shows what was
// held at the run's peak, not what is left at its end; and once more at
// exit (allocations over the whole run are in every profile). The returned
// function stops the sampling and writes the last one.
func profileHeap(path string) func() {
	if path == "" {
		return func() {}
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var high uint64
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > high+high/10 {
				high = v
				writeHeapProfile(path)
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		writeHeapProfile(path + ".exit")
		writeMemStats(path + ".txt")
	}
}

// writeMemStats notes the Go runtime's own view next to the kernel's peak
// (VmHWM): what the heap held at most, what it took from the system.
func writeMemStats(path string) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	status, _ := os.ReadFile("/proc/self/status")
	var peak string
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") || strings.HasPrefix(line, "VmRSS:") {
			peak += strings.Join(strings.Fields(line), " ") + "\n"
		}
	}
	text := fmt.Sprintf("%sheap_sys %d MiB\nheap_inuse %d MiB\nheap_released %d MiB\nstack_sys %d MiB\nother_sys %d MiB\ngc_sys %d MiB\nnum_gc %d\n",
		peak, m.HeapSys>>20, m.HeapInuse>>20, m.HeapReleased>>20, m.StackSys>>20, m.OtherSys>>20, m.GCSys>>20, m.NumGC)
	_ = os.WriteFile(path, []byte(text), 0o644)
}

func writeHeapProfile(path string) {
	if f, err := os.Create(path); err == nil {
		_ = pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
	}
}
