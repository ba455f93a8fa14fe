package core

import (
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// outQueue batches everything a connection sends. Senders append encoded
// frames under a short lock. While the reading goroutine handles a batch of
// requests the queue is held, and the reader writes the batch's answers
// itself before it reads again (hold/release). Otherwise a flushing
// goroutine writes whatever has queued with a single syscall, so PDUs that
// queue up while a write is in flight leave together. The flusher exists
// only while there is something to write: an idle connection costs no
// goroutine and no buffer.
type outQueue struct {
	mu      sync.Mutex
	buf     []byte
	spare   []byte
	writing bool // a flush goroutine (or release's inline write) is running
	held    bool // the reader is handling a batch: it writes when done
	closed  bool
	closing bool // write what is queued, then close the connection
	limit   int

	nc           net.Conn
	rc           syscall.RawConn // nil when nc is not a socket
	writeTimeout time.Duration
	fail         func(error) // a write failed
	closeNow     func()      // the queue drained after closeAfterFlush

	// release's inline write; only the goroutine that set writing uses them.
	writeFn func(uintptr) bool
	wout    []byte
	wn      int
	werr    error
}

func newOutQueue(nc net.Conn, limit int, writeTimeout time.Duration, fail func(error), closeNow func()) *outQueue {
	q := &outQueue{nc: nc, limit: limit, writeTimeout: writeTimeout, fail: fail, closeNow: closeNow}
	q.useRawSocket() // writer_unix.go; a no-op on Windows
	return q
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
	// A held queue is written by release, unless a burst outgrows a batch.
	start := !q.writing && len(b) > 0 && (!q.held || len(b) >= holdLimit)
	if start {
		q.writing = true
	}
	q.mu.Unlock()
	if start {
		go q.flush()
	}
}

// shortWrites counts releases whose write the socket did not take whole;
// tests use it to see that the hand-over to the flusher was exercised.
var shortWrites atomic.Int64

// holdLimit is how much a held queue gathers before it is written anyway.
const holdLimit = 60 << 10

// hold starts a batch: the reading goroutine has just read a run of
// requests, and the answers its handlers queue wait for release instead of
// each waking a flush goroutine.
func (q *outQueue) hold() {
	q.mu.Lock()
	q.held = true
	q.mu.Unlock()
}

// release ends the batch: what it queued goes out now, from the calling
// goroutine, in one non-blocking write. Only what the socket does not take
// at once is left to a flush goroutine, so a peer that does not read never
// blocks the reader.
func (q *outQueue) release() {
	q.mu.Lock()
	q.held = false
	if q.writing || q.closed || q.closing || len(q.buf) == 0 {
		q.mu.Unlock()
		return
	}
	if q.rc == nil {
		q.writing = true
		q.mu.Unlock()
		go q.flush()
		return
	}
	out := q.buf
	q.buf = q.spare[:0]
	q.spare = nil
	q.writing = true
	q.mu.Unlock()

	q.wout = out
	err := q.rc.Write(q.writeFn)
	n, werr := q.wn, q.werr
	q.wout, q.werr = nil, nil
	if err == nil && werr != nil && werr != syscall.EAGAIN {
		err = os.NewSyscallError("write", werr)
	}
	if err != nil {
		q.mu.Lock()
		q.writing = false
		q.mu.Unlock()
		q.fail(err)
		return
	}
	q.mu.Lock()
	if n < len(out) {
		shortWrites.Add(1)
		// The rest goes before anything queued meanwhile.
		q.buf = append(out[n:len(out):len(out)], q.buf...)
		q.mu.Unlock()
		go q.flush()
		return
	}
	if len(q.buf) > 0 {
		q.spare = out[:0]
		q.mu.Unlock()
		go q.flush()
		return
	}
	q.spare, q.buf = q.buf, out[:0]
	q.writing = false
	q.mu.Unlock()
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

// queued is the number of octets waiting to be written (statistics).
func (q *outQueue) queued() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.buf)
}
