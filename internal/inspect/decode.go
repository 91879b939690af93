package inspect

import (
	"encoding/binary"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/jo-water/rollout/internal/intern"
)

// rowDecoder reads a lane's rows from their binary wire values: pgx's
// generic scan of the two text arrays (a slice and a string per value,
// through reflection) was a quarter of inspection's own CPU at 1,000
// tenants. Its buffers are reused row after row; attribute names, a few
// dozen words, are made strings once.
type rowDecoder struct {
	pairs []pgtype.Text
	list  []string
	// names are words the queries spell (a kind, an attribute's name, a
	// relation's name); relation names come from tenants, so the table
	// is bounded.
	names intern.Strings
}

var errWireFormat = errors.New("unexpected wire format")

// laneFormats asks for every column of a lane in binary.
var laneFormats = pgx.QueryResultFormats{pgx.BinaryFormatCode, pgx.BinaryFormatCode, pgx.BinaryFormatCode,
	pgx.BinaryFormatCode, pgx.BinaryFormatCode, pgx.BinaryFormatCode}

// decode reads one row: the schema's oid, the object (its attributes left
// for the normaliser) and the raw pairs and list, valid until the next row.
func (d *rowDecoder) decode(values [][]byte) (uint32, Object, []pgtype.Text, []string, error) {
	var o Object
	if len(values) != 6 || len(values[0]) != 4 {
		return 0, o, nil, nil, errWireFormat
	}
	o.Kind, o.Name, o.Table = d.names.Of(values[1]), string(values[2]), d.names.Of(values[3])
	var err error
	if d.pairs, err = d.textArray(values[4], d.pairs[:0], true); err != nil {
		return 0, o, nil, nil, err
	}
	d.list = d.list[:0]
	if values[5] != nil {
		items, err := d.textArray(values[5], nil, false)
		if err != nil {
			return 0, o, nil, nil, err
		}
		for _, it := range items {
			d.list = append(d.list, it.String)
		}
	}
	return binary.BigEndian.Uint32(values[0]), o, d.pairs, d.list, nil
}

// textArray appends a one-dimensional text array's elements to dst; with
// pairs, every other one (from the first) is an attribute name.
func (d *rowDecoder) textArray(b []byte, dst []pgtype.Text, pairs bool) ([]pgtype.Text, error) {
	if len(b) < 12 {
		return nil, errWireFormat
	}
	ndim := binary.BigEndian.Uint32(b)
	if ndim == 0 {
		return dst, nil
	}
	if ndim != 1 || len(b) < 20 {
		return nil, errWireFormat
	}
	n := int(binary.BigEndian.Uint32(b[12:]))
	b = b[20:]
	for i := 0; i < n; i++ {
		if len(b) < 4 {
			return nil, errWireFormat
		}
		size := int32(binary.BigEndian.Uint32(b))
		b = b[4:]
		if size < 0 {
			dst = append(dst, pgtype.Text{})
			continue
		}
		if int(size) > len(b) {
			return nil, errWireFormat
		}
		v := b[:size]
		b = b[size:]
		if pairs && i%2 == 0 {
			dst = append(dst, pgtype.Text{String: d.names.Of(v), Valid: true})
		} else {
			dst = append(dst, pgtype.Text{String: string(v), Valid: true})
		}
	}
	return dst, nil
}

// maxNames bounds the words kept.
const maxNames = 4096
