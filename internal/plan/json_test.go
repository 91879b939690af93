package plan

import (
	"bytes"
	"encoding/json"
	"testing"
)

// A plan written a tenant at a time is byte for byte what the encoder
// writes of it whole: alone (a saved plan), embedded in a document with
// fields after it (plan --json), with a halt, waits, HTML-escaped text, a
// wave without tenants and a plan without waves.
func TestStreamJSONWritesTheEncodersBytes(t *testing.T) {
	_, _, pl := freshPlan(t)
	pl.Waves[1].Halt = &Halt{Reason: "<b>two</b> & more failed", Tenants: []string{"karak"}}
	pl.Waves[1].Tenants[0].Waits = []Wait{{Module: "complaints", Message: "waits for soak"}}
	pl.Waves = append(pl.Waves, Wave{Number: 9, Tenants: []Tenant{}}, Wave{Number: 10})
	type doc struct {
		*Plan
		Changes bool     `json:"changes"`
		After   []string `json:"after"`
	}
	noWaves := *pl
	noWaves.Waves = nil
	for name, c := range map[string]struct {
		p    *Plan
		wrap func(*Plan) any
	}{
		"plan":               {pl, func(p *Plan) any { return p }},
		"document":           {pl, func(p *Plan) any { return doc{Plan: p, Changes: true, After: []string{"x"}} }},
		"plan with no waves": {&noWaves, func(p *Plan) any { return p }},
	} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(c.wrap(c.p)); err != nil {
			t.Fatal(err)
		}
		if err := c.p.StreamJSON(&got, c.wrap); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: streamed JSON differs from the encoder's:\n%s\nwant:\n%s", name, got.Bytes(), want.Bytes())
		}
	}
	if len(pl.Waves[0].Tenants) == 0 {
		t.Error("StreamJSON changed the plan")
	}
}
