package pgtest

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// QueryCounter is a pgx tracer that counts the queries a connection or
// pool sends (set it as ConnConfig.Tracer): tests and the bench use it to
// show that a fleet is read in a fixed number of queries.
type QueryCounter struct{ n atomic.Int64 }

// TraceQueryStart counts one query.
func (q *QueryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	q.n.Add(1)
	return ctx
}

// TraceQueryEnd does nothing.
func (q *QueryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// Count is how many queries were sent since the last Reset.
func (q *QueryCounter) Count() int64 { return q.n.Load() }

// Reset starts counting again from zero.
func (q *QueryCounter) Reset() { q.n.Store(0) }
