package core

import (
	"net"
	"sync"
	"time"
)

// outQueue batches everything a connection sends. Senders append encoded
// frames under a short lock; a flushing goroutine writes whatever has queued
// with a single syscall, so PDUs that queue up while a write is in flight
// leave together. The flusher exists only while there is something to
// write: an idle connection costs no goroutine and no buffer.
type outQueue struct {
	mu      sync.Mutex
	buf     []byte
	spare   []byte
	writing bool // a flush goroutine is running
	closed  bool
	closing bool // write what is queued, then close the connection
	limit   int

	nc           net.Conn
	writeTimeout time.Duration
	fail         func(error) // a write failed
	closeNow     func()      // the queue drained after closeAfterFlush
}

func newOutQueue(nc net.Conn, limit int, writeTimeout time.Duration, fail func(error), closeNow func()) *outQueue {
	return &outQueue{nc: nc, limit: limit, writeTimeout: writeTimeout, fail: fail, closeNow: closeNow}
}

// lock gives the caller the buffer to append to; unlock publishes it. The
// pair exists so encoders append straight into the queue without a copy.
func (q *outQueue) lock() ([]byte, error) {
	q.mu.Lock()
	if q.closed || q.closing {
		q.mu.Unlock()
		return nil, ErrConnectionClosed
	}
	if len(q.buf) > q.limit {
		q.mu.Unlock()
		return nil, ErrSendQueueFull
	}
	return q.buf, nil
}

func (q *outQueue) unlock(b []byte) {
	q.buf = b
	start := !q.writing && len(b) > 0
	if start {
		q.writing = true
	}
	q.mu.Unlock()
	if start {
		go q.flush()
	}
}

// abort releases the lock without publishing (encoding failed half way).
func (q *outQueue) abort() { q.mu.Unlock() }

// markClosed refuses further writes once the connection is closed.
func (q *outQueue) markClosed() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}

// closeAfterFlush makes the queue close the connection once everything
// queued so far is on the wire (unbind_resp, rejected bind, fatal nack).
func (q *outQueue) closeAfterFlush() {
	q.mu.Lock()
	q.closing = true
	idle := !q.writing
	if idle && len(q.buf) > 0 {
		q.writing = true
		q.mu.Unlock()
		go q.flush()
		return
	}
	q.mu.Unlock()
	if idle {
		q.closeNow()
	}
}

// flush writes until the queue is empty, then exits.
func (q *outQueue) flush() {
	for {
		q.mu.Lock()
		out := q.buf
		if len(out) == 0 || q.closed {
			q.writing = false
			closing := q.closing && !q.closed
			q.mu.Unlock()
			if closing {
				q.closeNow()
			}
			return
		}
		q.buf = q.spare[:0]
		q.mu.Unlock()
		if q.writeTimeout > 0 {
			_ = q.nc.SetWriteDeadline(time.Now().Add(q.writeTimeout))
		}
		if _, err := q.nc.Write(out); err != nil {
			q.mu.Lock()
			q.writing = false
			q.mu.Unlock()
			q.fail(err)
			return
		}
		q.mu.Lock()
		// Keep the buffer as spare so steady state never allocates, but drop
		// very large ones left from a burst.
		if cap(out) <= 1<<20 {
			q.spare = out[:0]
		} else {
			q.spare = nil
		}
		q.mu.Unlock()
	}
}
