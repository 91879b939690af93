package views

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/jo-water/rollout/internal/apply"
	"github.com/jo-water/rollout/internal/plan"
)

// EventsFormat names the JSON-lines stream of apply; its first line says
// so, with the version, so a CI log of many governorates can be parsed.
const EventsFormat = "rollout.apply.events"

// PlainProgress writes one line per event: for CI logs and pipes.
type PlainProgress struct {
	mu sync.Mutex
	w  io.Writer
}

// NewPlainProgress makes a line-per-event observer.
func NewPlainProgress(w io.Writer) *PlainProgress { return &PlainProgress{w: w} }

// Observe prints one event.
func (p *PlainProgress) Observe(e apply.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, EventLine(e))
}

// EventLine renders one event as a line: time, tenant, module, action,
// versions, outcome, detail, error.
func EventLine(e apply.Event) string {
	var b strings.Builder
	b.WriteString(e.Time.UTC().Format(time.RFC3339))
	for _, f := range []string{e.Server, e.Tenant, e.Module} {
		if f != "" {
			b.WriteString(" " + f)
		}
	}
	b.WriteString(" " + e.Action)
	if e.From != nil && e.To != nil {
		fmt.Fprintf(&b, " %d→%d", *e.From, *e.To)
	}
	b.WriteString(" " + e.Outcome)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Took > 0 {
		fmt.Fprintf(&b, " (%s)", e.Took.Round(time.Millisecond))
	}
	if e.Error != "" {
		b.WriteString(" — " + firstLine(e.Error))
	}
	return b.String()
}

// JSONProgress writes JSON lines, starting with a format header.
type JSONProgress struct {
	mu  sync.Mutex
	enc *json.Encoder
}

// EventsHeader is the first line of apply --json: what the stream is, and
// the servers it runs against.
type EventsHeader struct {
	Format        string   `json:"format"`
	FormatVersion string   `json:"format_version"`
	Connections   []Server `json:"connections"`
}

// NewJSONProgress writes the header line and returns the observer.
func NewJSONProgress(w io.Writer, servers []Server) *JSONProgress {
	p := &JSONProgress{enc: json.NewEncoder(w)}
	_ = p.enc.Encode(EventsHeader{Format: EventsFormat, FormatVersion: FormatVersion, Connections: servers})
	return p
}

// Observe writes one event as one line.
func (p *JSONProgress) Observe(e apply.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.enc.Encode(e)
}

// Bars shows one fleet bar (governorates done, failed, running, ETA) and
// one bar per running tenant; a finished tenant's bar goes, collapsing
// into the fleet count, so hundreds of governorates never fill the
// screen. Failures and waits are printed above the bars.
type Bars struct {
	mu    sync.Mutex
	p     *mpb.Progress
	fleet *mpb.Bar
	bars  map[string]*tenantBar
	// Read by the fleet bar's decorator on mpb's goroutine: atomics, not
	// mu, which Observe holds while it calls into mpb.
	ok, failed, running atomic.Int64
}

type tenantBar struct {
	*mpb.Bar
	total int64
}

// NewBars starts the bars for a plan.
func NewBars(w io.Writer, pl *plan.Plan) *Bars {
	b := &Bars{p: mpb.New(mpb.WithOutput(w), mpb.WithWidth(30)), bars: map[string]*tenantBar{}}
	n := len(pl.AllTenants())
	b.fleet = b.p.AddBar(int64(max(n, 1)), mpb.PrependDecorators(decor.Name("governorates", decor.WC{W: 16, C: decor.DindentRight})),
		mpb.AppendDecorators(decor.CountersNoUnit("%d/%d"), decor.Any(func(decor.Statistics) string {
			return fmt.Sprintf("  ok %d  failed %d  running %d", b.ok.Load(), b.failed.Load(), b.running.Load())
		}), decor.Name("  ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
	return b
}

// Observe moves the bars.
func (b *Bars) Observe(e apply.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bar := b.bars[e.Tenant]
	switch {
	case e.Action == apply.ActionTenant && e.Outcome == "started":
		total := int64(max(e.Steps, 1))
		b.running.Add(1)
		b.bars[e.Tenant] = &tenantBar{total: total, Bar: b.p.AddBar(total, mpb.BarRemoveOnComplete(),
			mpb.PrependDecorators(decor.Name(e.Tenant, decor.WC{W: 16, C: decor.DindentRight})),
			mpb.AppendDecorators(decor.CountersNoUnit("%d/%d")))}
	case e.Action == apply.ActionTenant && e.Outcome != "waiting":
		b.finish(e, bar)
	case e.Outcome == "failed" || e.Outcome == "waiting":
		b.p.Write([]byte(EventLine(e) + "\n")) //nolint:errcheck // printed above the bars
	case bar != nil && e.Progress:
		bar.Increment()
	}
}

// finish collapses a tenant into the fleet count.
func (b *Bars) finish(e apply.Event, bar *tenantBar) {
	if e.Outcome != "ok" {
		b.p.Write([]byte(EventLine(e) + "\n")) //nolint:errcheck // printed above the bars
		b.failed.Add(1)
	} else {
		b.ok.Add(1)
	}
	if bar != nil {
		b.running.Add(-1)
		delete(b.bars, e.Tenant)
		bar.Abort(true)
	}
	b.fleet.Increment()
}

// Wait finishes the bars.
func (b *Bars) Wait() {
	b.mu.Lock()
	b.fleet.SetTotal(b.fleet.Current(), true)
	for name, bar := range b.bars {
		bar.Abort(true)
		delete(b.bars, name)
	}
	b.mu.Unlock()
	b.p.Wait()
}
