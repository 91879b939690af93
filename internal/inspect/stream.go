package inspect

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/errgroup"

	"github.com/jo-water/rollout/internal/intern"
)

// schema is one target schema that exists, by its oid.
type schema struct {
	name string
	norm normaliser
}

// part is what one lane read of one schema, normalised.
type part struct {
	oid     uint32
	objects []Object
}

// stream runs one lane per transaction, each in its own goroutine, and
// merges what they read schema by schema: every lane is ordered by schema
// oid, so a schema is complete once every lane has moved past it. A lane
// waits (and its server with it) while the others catch up, so memory
// holds a few schemas, not the fleet.
func stream(ctx context.Context, txs []pgx.Tx, targets []Target, opts Options, fn func(string, *Structure) error) error {
	schemas, oids, err := namespaces(ctx, txs[0], targets)
	if err != nil {
		return err
	}
	sh, err := readShape(ctx, txs[0])
	if err != nil {
		return err
	}
	var members []int64
	if err := txs[0].QueryRow(ctx, queryMembers, memberCatalogs).Scan(&members); err != nil {
		return fmt.Errorf("%w: %w", ErrInspect, err)
	}
	queries := laneQueries(len(txs), sh)
	g, gctx := errgroup.WithContext(ctx)
	parts := make([]chan part, len(txs))
	args := []any{oids, members, opts.ignored()}
	for i, tx := range txs {
		parts[i] = make(chan part, 1)
		g.Go(func() error { return readLane(gctx, tx, queries[i], args, schemas, opts, parts[i]) })
	}
	g.Go(func() error { return merge(gctx, parts, schemas, fn) })
	return g.Wait()
}

// laneQueries are the queries of n lanes: the usual split, or all in one
// when only one connection could be had.
func laneQueries(n int, s shape) []string {
	ls := lanes(s)
	if n == len(ls) {
		out := make([]string, n)
		for i, l := range ls {
			out[i] = laneQuery(l...)
		}
		return out
	}
	return []string{laneQuery(slices.Concat(ls...)...)}
}

// namespaces finds the oids of the target schemas that exist, and how
// PostgreSQL quotes each name in what it prints.
func namespaces(ctx context.Context, tx pgx.Tx, targets []Target) (map[uint32]schema, []uint32, error) {
	byName := make(map[string]Target, len(targets))
	names := make([]string, 0, len(targets))
	for _, t := range targets {
		byName[t.Schema] = t
		names = append(names, t.Schema)
	}
	rows, err := tx.Query(ctx, `SELECT oid, nspname, quote_ident(nspname) FROM pg_namespace WHERE nspname = ANY($1)`, names)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInspect, err)
	}
	defer rows.Close()
	out := map[uint32]schema{}
	var oids []uint32
	for rows.Next() {
		var oid uint32
		var name, quoted string
		if err := rows.Scan(&oid, &name, &quoted); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInspect, err)
		}
		out[oid] = schema{name: name, norm: newNormaliser(byName[name], quoted)}
		oids = append(oids, oid)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInspect, err)
	}
	return out, oids, nil
}

// readLane sends one part per schema, in the lane's (oid) order, and
// closes out only when the lane was read to its end.
func readLane(ctx context.Context, tx pgx.Tx, q string, args []any, schemas map[uint32]schema, opts Options, out chan<- part) error {
	rows, err := tx.Query(ctx, q, append([]any{laneFormats}, args...)...)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInspect, err)
	}
	defer rows.Close()
	var cur part
	d := rowDecoder{names: intern.Strings{Max: maxNames}}
	for rows.Next() {
		oid, o, pairs, list, err := d.decode(rows.RawValues())
		if err != nil {
			return fmt.Errorf("%w: %w", ErrInspect, err)
		}
		if oid != cur.oid && cur.objects != nil {
			if err := send(ctx, out, cur); err != nil {
				return err
			}
			cur = part{}
		}
		cur.oid = oid
		if opts.Ignore[o.Table] || (o.Kind == "table" && opts.Ignore[o.Name]) {
			continue
		}
		n := schemas[oid].norm
		o.Name = n.text(o.Name)
		o.Attrs = n.attrs(pairs, list)
		cur.objects = append(cur.objects, o)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrInspect, err)
	}
	if cur.objects != nil {
		if err := send(ctx, out, cur); err != nil {
			return err
		}
	}
	close(out)
	return nil
}

func send(ctx context.Context, out chan<- part, p part) error {
	select {
	case out <- p:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// merge joins the lanes' parts of each schema, lowest oid first, and hands
// each complete schema to fn.
func merge(ctx context.Context, lanes []chan part, schemas map[uint32]schema, fn func(string, *Structure) error) error {
	heads := make([]*part, len(lanes))
	next := func(i int) error {
		select {
		case p, ok := <-lanes[i]:
			heads[i] = nil
			if ok {
				heads[i] = &p
			}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for i := range lanes {
		if err := next(i); err != nil {
			return err
		}
	}
	for {
		var low *uint32
		for _, h := range heads {
			if h != nil && (low == nil || h.oid < *low) {
				low = &h.oid
			}
		}
		if low == nil {
			return nil
		}
		oid := *low
		s := newStructure()
		for i, h := range heads {
			if h == nil || h.oid != oid {
				continue
			}
			for _, o := range h.objects {
				s.add(o)
			}
			if err := next(i); err != nil {
				return err
			}
		}
		if err := fn(schemas[oid].name, s); err != nil {
			return err
		}
	}
}
