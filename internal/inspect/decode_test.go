package inspect

import (
	"errors"
	"testing"
)

// A lane's arrays arrive in PostgreSQL's binary array format; anything
// else is refused, never read past its end.
func TestTextArrayDecoding(t *testing.T) {
	arr := func(elems ...[]byte) []byte {
		b := []byte{0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 25, 0, 0, 0, byte(len(elems)), 0, 0, 0, 1}
		for _, e := range elems {
			if e == nil {
				b = append(b, 0xff, 0xff, 0xff, 0xff)
				continue
			}
			b = append(b, 0, 0, 0, byte(len(e)))
			b = append(b, e...)
		}
		return b
	}
	var d rowDecoder
	got, err := d.textArray(arr([]byte("type"), []byte("text"), []byte("default"), nil), nil, true)
	if err != nil || len(got) != 4 || got[1].String != "text" || got[3].Valid || got[2].String != "default" {
		t.Fatalf("decoded %v, %v", got, err)
	}
	if got, err := d.textArray([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25}, nil, false); err != nil || len(got) != 0 {
		t.Errorf("empty array: %v, %v", got, err)
	}
	whole := arr([]byte("grants"), []byte("owner=SELECT"))
	for name, b := range map[string][]byte{
		"cut short":       whole[:len(whole)-3],
		"two dimensions":  append([]byte{0, 0, 0, 2}, whole[4:]...),
		"no header":       whole[:8],
		"length too long": append(arr([]byte("x"))[:20], 0, 0, 0, 9, 'x'),
	} {
		if _, err := d.textArray(b, nil, false); !errors.Is(err, errWireFormat) {
			t.Errorf("%s: %v, want errWireFormat", name, err)
		}
	}
}
