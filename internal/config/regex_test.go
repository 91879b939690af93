package config

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// regex and regexall give what cty's own functions give, values and
// errors alike, called twice (the second time from the cache).
func TestRegexAsCty(t *testing.T) {
	patterns := []string{`^[A-Z0-9-]{3,20}$`, `(\d+)-(\d+)?`, `(?P<a>\w)(?P<b>\d)?`, `(a)(?P<b>b)`, `[`, `x*`}
	inputs := []string{"WAJ-KRK", "12-", "12-34 5-6", "a1 b", "", "ab"}
	pairs := []struct {
		name     string
		ours, of function.Function
	}{{"regex", regexFunc, stdlib.RegexFunc}, {"regexall", regexAllFunc, stdlib.RegexAllFunc}}
	for _, f := range pairs {
		for _, p := range patterns {
			for _, in := range inputs {
				args := []cty.Value{cty.StringVal(p), cty.StringVal(in)}
				want, wantErr := f.of.Call(args)
				for range 2 {
					got, err := f.ours.Call(args)
					if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
						t.Errorf("%s(%q, %q): error %v, cty says %v", f.name, p, in, err, wantErr)
					} else if err == nil && !got.RawEquals(want) {
						t.Errorf("%s(%q, %q) = %#v, cty says %#v", f.name, p, in, got, want)
					}
				}
			}
		}
		unknown := []cty.Value{cty.UnknownVal(cty.String), cty.StringVal("a")}
		got, err := f.ours.Call(unknown)
		want, _ := f.of.Call(unknown)
		if err != nil || !got.RawEquals(want) {
			t.Errorf("%s with an unknown pattern = %#v, %v; cty says %#v", f.name, got, err, want)
		}
	}
}
