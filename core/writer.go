package core

import (
	"net"
	"sync"
	"time"
)

// outQueue batches everything a connection sends. Senders append encoded
// frames under a short lock; one writer goroutine swaps the buffer out and
// writes it with a single syscall, so PDUs that queue up while a write is in
// flight leave together.
type outQueue struct {
	mu      sync.Mutex
	buf     []byte
	spare   []byte
	closed  bool
	closing bool // flush what is queued, then close the connection
	kick    chan struct{}
	limit   int
}

func newOutQueue(limit int) *outQueue {
	// Buffers are allocated by the first write: an idle session costs none.
	return &outQueue{kick: make(chan struct{}, 1), limit: limit}
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
	q.mu.Unlock()
	select {
	case q.kick <- struct{}{}:
	default:
	}
}

// abort releases the lock without publishing (encoding failed half way).
func (q *outQueue) abort() { q.mu.Unlock() }

// closeAfterFlush makes the writer close the connection once everything
// queued so far is on the wire (unbind_resp, rejected bind, fatal nack).
func (q *outQueue) closeAfterFlush() {
	q.mu.Lock()
	q.closing = true
	q.mu.Unlock()
	select {
	case q.kick <- struct{}{}:
	default:
	}
}

// run is the writer goroutine. It returns when the connection is done.
func (q *outQueue) run(nc net.Conn, done <-chan struct{}, writeTimeout time.Duration, fail func(error), closeNow func()) {
	for {
		select {
		case <-q.kick:
		case <-done:
			q.mu.Lock()
			q.closed = true
			q.mu.Unlock()
			return
		}
		q.mu.Lock()
		out := q.buf
		q.buf = q.spare[:0]
		closing := q.closing
		q.mu.Unlock()
		if len(out) > 0 {
			if writeTimeout > 0 {
				_ = nc.SetWriteDeadline(time.Now().Add(writeTimeout))
			}
			_, err := nc.Write(out)
			if err != nil {
				fail(err)
				return
			}
		}
		q.mu.Lock()
		// Keep the larger buffer as spare so steady state never allocates,
		// but drop very large ones left from a burst.
		if cap(out) <= 1<<20 {
			q.spare = out[:0]
		} else {
			q.spare = nil
		}
		more := len(q.buf) > 0
		q.mu.Unlock()
		if closing && !more {
			closeNow()
			return
		}
		if more {
			select {
			case q.kick <- struct{}{}:
			default:
			}
		}
	}
}
