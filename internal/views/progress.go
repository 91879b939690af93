package views

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
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

// NewJSONProgress writes the header line and returns the observer.
func NewJSONProgress(w io.Writer) *JSONProgress {
	p := &JSONProgress{enc: json.NewEncoder(w)}
	_ = p.enc.Encode(map[string]string{"format": EventsFormat, "format_version": FormatVersion})
	return p
}

// Observe writes one event as one line.
func (p *JSONProgress) Observe(e apply.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.enc.Encode(e)
}

// Bars shows one progress bar per running tenant plus a total, for people
// at a terminal; failures and waits are printed above the bars.
type Bars struct {
	mu    sync.Mutex
	p     *mpb.Progress
	total *mpb.Bar
	bars  map[string]*tenantBar
}

type tenantBar struct {
	*mpb.Bar
	total int64
}

// NewBars starts the bars for a plan.
func NewBars(w io.Writer, pl *plan.Plan) *Bars {
	b := &Bars{p: mpb.New(mpb.WithOutput(w), mpb.WithWidth(40)), bars: map[string]*tenantBar{}}
	steps := 0
	for _, t := range pl.AllTenants() {
		steps += t.Steps()
	}
	b.total = b.p.AddBar(int64(max(steps, 1)), mpb.PrependDecorators(decor.Name("total", decor.WC{W: 16, C: decor.DindentRight})),
		mpb.AppendDecorators(decor.CountersNoUnit("%d/%d"), decor.Name(" "), decor.Elapsed(decor.ET_STYLE_GO)))
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
		b.bars[e.Tenant] = &tenantBar{total: total, Bar: b.p.AddBar(total,
			mpb.PrependDecorators(decor.Name(e.Tenant, decor.WC{W: 16, C: decor.DindentRight})),
			mpb.AppendDecorators(decor.CountersNoUnit("%d/%d"), decor.Name(" "), decor.OnComplete(decor.Name(""), "done")))}
	case e.Outcome == "failed" || e.Outcome == "waiting" || e.Outcome == "skipped":
		b.p.Write([]byte(EventLine(e) + "\n")) //nolint:errcheck // printed above the bars
		if bar != nil && e.Action == apply.ActionTenant && e.Outcome == "failed" {
			bar.Abort(false)
		}
	case bar != nil && e.Action == apply.ActionTenant && e.Outcome == "ok":
		b.total.IncrBy(int(bar.total - bar.Current()))
		bar.SetCurrent(bar.total)
	case bar != nil && e.Progress:
		bar.Increment()
		b.total.Increment()
	}
}

// Wait finishes the bars.
func (b *Bars) Wait() {
	b.mu.Lock()
	b.total.SetTotal(b.total.Current(), true)
	b.mu.Unlock()
	b.p.Wait()
}
