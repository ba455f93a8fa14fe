package core

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// outstanding accounts for the server's own requests on one connection
// (deliveries and status reports: deliver_sm, UCP 52/53, CIMD2 20/23)
// until each has an outcome the host learns exactly once: the client's
// answer, no answer within deliver-timeout, or the connection lost with
// the request unanswered (docs/api.md, "Outcomes of deliveries"). It is
// also the window: at most limit requests are in flight, and a Send call
// finding it full waits for a slot (window-full=wait) or fails at once
// with ErrSendQueueFull (window-full=fail). Keep-alives are not counted:
// there is one at a time, and an unanswered one closes the connection.
//
// Requests expire in the order they were sent, so as in pendingTable a
// FIFO of deadlines finds expired ones without scanning.
type outstanding struct {
	mu       sync.Mutex
	limit    int
	failFast bool
	timeout  time.Duration // 0: requests never time out
	used     int           // reserved slots: tracked requests and sends about to track
	m        map[uint32]outEntry
	fifo     []outRef
	head     int
	gen      uint64
	freed    chan struct{} // closed (and replaced) when a slot frees; nil while nobody waits
	closed   bool          // drained at the connection's end: nothing more is tracked
	// late holds requests that timed out: a late answer to one is dropped,
	// as the host already had its outcome. Bounded: cleared when large.
	late map[uint32]struct{}
	// reader is the goroutine id of the connection's reading goroutine. A
	// Send call on it (a handler in direct dispatch mode) never waits for
	// a slot: only that goroutine reads the answers that would free one,
	// and the out-queue holds its batch's frames until it returns. The
	// request then goes beyond the window, as every request did before
	// there was one.
	reader atomic.Uint64
}

// outEntry is one request in flight under its wire number (an SMPP
// sequence number, a UCP TRN, a CIMD2 packet number).
type outEntry struct {
	ident uint32 // the number the host sees in the outcome
	op    uint32 // the request: UCP 52/53, CIMD2 20/23 (SMPP: deliver_sm)
	gen   uint64
}

type outRef struct {
	key      uint32
	gen      uint64
	deadline time.Time
}

// outUnanswered is a request that ended without an answer.
type outUnanswered struct {
	key uint32
	outEntry
}

// Library outcomes in the ...DeliverResponseReceived events (the SMPP
// Status, the UCP and CIMD2 ErrorCode): values no client sends. SMPP
// reserves 0x400-0x4FF for SMSC vendors and everything above 0x4FF;
// UCP error codes have two digits, CIMD2's three.
const (
	OutcomeTimeout        uint32 = 0xFFFFFFF0 // no answer within deliver-timeout
	OutcomeConnectionLost uint32 = 0xFFFFFFF1 // the connection ended before the answer
)

// Outcome texts in ExtendedParameters (library.outcome=...).
const (
	outcomeTimeoutParam = "library.outcome=timeout"
	outcomeLostParam    = "library.outcome=connection-lost"
)

func (o *outstanding) init(cfg Config) {
	o.limit, o.failFast, o.timeout = cfg.Window, cfg.WindowFail, cfg.DeliverTimeout
	if o.limit <= 0 { // a Config not made by parseConfig
		o.limit = 98
	}
}

// reserve takes one slot of the window for a request about to be sent.
// A full window waits until an answer (or an outcome) frees a slot, at
// most deliver-timeout (then ErrTimeout), or fails at once with
// ErrSendQueueFull under window-full=fail. done is the connection's end.
func (o *outstanding) reserve(done <-chan struct{}) Code {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var expire <-chan time.Time
	for {
		o.mu.Lock()
		if o.closed {
			o.mu.Unlock()
			return ErrConnectionClosed
		}
		if o.used < o.limit {
			o.used++
			o.mu.Unlock()
			return OK
		}
		if o.failFast {
			o.mu.Unlock()
			return ErrSendQueueFull
		}
		if r := o.reader.Load(); r != 0 && goroutineID() == r {
			o.used++
			o.mu.Unlock()
			return OK
		}
		if o.freed == nil {
			o.freed = make(chan struct{})
		}
		freed := o.freed
		o.mu.Unlock()
		if timer == nil && o.timeout > 0 {
			timer = time.NewTimer(o.timeout)
			expire = timer.C
		}
		select {
		case <-freed:
		case <-done:
			return ErrConnectionClosed
		case <-expire:
			return ErrTimeout
		}
	}
}

// unreserve gives back a slot reserve took for a request never tracked.
func (o *outstanding) unreserve() {
	o.mu.Lock()
	o.freeLocked()
	o.mu.Unlock()
}

func (o *outstanding) freeLocked() {
	o.used--
	if o.freed != nil {
		close(o.freed)
		o.freed = nil
	}
}

// track records a reserved request sent under key, before it goes out
// (its answer may arrive before the send returns). It reports whether the
// table was empty (the reader may have to look at its timers sooner) and
// false in ok when the connection has ended: the slot is given back and
// the request must not be sent.
func (o *outstanding) track(key, ident, op uint32, now time.Time) (gen uint64, first, ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		o.freeLocked()
		return 0, false, false
	}
	if o.m == nil {
		o.m = make(map[uint32]outEntry)
	}
	if _, dup := o.m[key]; dup {
		// The host reused a number still in flight: one answer can only
		// answer one of them, so the older one's slot goes.
		o.freeLocked()
	}
	first = len(o.m) == 0
	o.gen++
	o.m[key] = outEntry{ident: ident, op: op, gen: o.gen}
	delete(o.late, key)
	deadline := now.Add(100 * 365 * 24 * time.Hour)
	if o.timeout > 0 {
		deadline = now.Add(o.timeout)
	}
	o.fifo = append(o.fifo, outRef{key: key, gen: o.gen, deadline: deadline})
	if o.head > 64 && o.head*2 > len(o.fifo) {
		n := copy(o.fifo, o.fifo[o.head:])
		o.fifo = o.fifo[:n]
		o.head = 0
	}
	return o.gen, first, true
}

// drop forgets a tracked request whose send failed.
func (o *outstanding) drop(key uint32, gen uint64) {
	o.mu.Lock()
	if e, ok := o.m[key]; ok && e.gen == gen {
		delete(o.m, key)
		o.freeLocked()
	}
	o.mu.Unlock()
}

// answerState says what an answer numbered key answers.
type answerState int

const (
	answerUntracked answerState = iota // no request of ours: reported as it is
	answerTracked                      // a request in flight: reported, slot freed
	answerLate                         // a request already reported as timed out: dropped
)

// answer takes the request key answers.
func (o *outstanding) answer(key uint32) (outEntry, answerState) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if e, ok := o.m[key]; ok {
		delete(o.m, key)
		o.freeLocked()
		return e, answerTracked
	}
	if _, ok := o.late[key]; ok {
		delete(o.late, key)
		return outEntry{}, answerLate
	}
	return outEntry{}, answerUntracked
}

// expired removes and returns the requests whose deadline has passed.
func (o *outstanding) expired(now time.Time, out []outUnanswered) []outUnanswered {
	o.mu.Lock()
	defer o.mu.Unlock()
	for o.head < len(o.fifo) {
		r := o.fifo[o.head]
		if e, ok := o.m[r.key]; ok && e.gen == r.gen {
			if r.deadline.After(now) {
				break
			}
			delete(o.m, r.key)
			o.freeLocked()
			if o.late == nil || len(o.late) >= 4096 {
				o.late = make(map[uint32]struct{})
			}
			o.late[r.key] = struct{}{}
			out = append(out, outUnanswered{key: r.key, outEntry: e})
		}
		o.head++
	}
	if o.head == len(o.fifo) {
		o.fifo, o.head = o.fifo[:0], 0
	}
	return out
}

// next is the earliest deadline of a request in flight (perhaps of one
// answered already, which only costs an early wake-up).
func (o *outstanding) next() (time.Time, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for o.head < len(o.fifo) {
		r := o.fifo[o.head]
		if e, ok := o.m[r.key]; ok && e.gen == r.gen {
			return r.deadline, true
		}
		o.head++
	}
	return time.Time{}, false
}

// drain ends the table at the connection's end and returns the requests
// still in flight, in the order they were sent. Waiting senders return
// ErrConnectionClosed.
func (o *outstanding) drain() []outUnanswered {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	var out []outUnanswered
	for _, r := range o.fifo[o.head:] {
		if e, ok := o.m[r.key]; ok && e.gen == r.gen {
			out = append(out, outUnanswered{key: r.key, outEntry: e})
			delete(o.m, r.key)
		}
	}
	o.m, o.fifo, o.head = nil, nil, 0
	if o.freed != nil {
		close(o.freed)
		o.freed = nil
	}
	return out
}

// goroutineID is the running goroutine's id, read from its stack header
// ("goroutine 123 [running]:"). Only the rare paths use it: a session's
// start, and a Send call finding the window full.
func goroutineID() uint64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	const prefix = "goroutine "
	if n <= len(prefix) {
		return 0
	}
	var id uint64
	for _, c := range buf[len(prefix):n] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uint64(c-'0')
	}
	return id
}

// size is the number of requests in flight (statistics).
func (o *outstanding) size() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.m)
}
