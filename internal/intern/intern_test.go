package intern

import (
	"testing"
	"unsafe"
)

func TestStringsShareEqualBytesWithinTheirBound(t *testing.T) {
	same := func(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }
	var all Strings
	if a, b := all.Of([]byte("core")), all.Of([]byte("core")); a != "core" || !same(a, b) {
		t.Errorf("two equal values are two strings: %q, %q", a, b)
	}
	bounded := Strings{Max: 1}
	bounded.Of([]byte("first"))
	if a, b := bounded.Of([]byte("second")), bounded.Of([]byte("second")); a != "second" || same(a, b) {
		t.Errorf("a full table kept %q", a)
	}
	if a, b := bounded.Of([]byte("first")), bounded.Of([]byte("first")); !same(a, b) {
		t.Errorf("the table lost what it held")
	}
}
