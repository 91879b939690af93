package cli

import (
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

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
	}
}

func writeHeapProfile(path string) {
	if f, err := os.Create(path); err == nil {
		_ = pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
	}
}
