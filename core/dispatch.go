package core

import (
	"sync/atomic"
	"time"
)

// DispatchMode chooses the thread that runs event handlers (docs/api.md,
// "Events").
type DispatchMode int32

const (
	// DispatchDirect runs handlers on the library's goroutine of the
	// connection the event belongs to, as soon as it happens.
	DispatchDirect DispatchMode = 0
	// DispatchPumped queues events; the host runs them on a thread it owns
	// by calling DispatchEvents. Needed by runtimes that must not be entered
	// from foreign threads (CPython pays ~10x per call, Mono hangs at exit).
	DispatchPumped DispatchMode = 1
)

// DefaultEventQueueSize bounds the pumped queue. When the host falls behind,
// connection readers block on the full queue, so the kernel's TCP window
// pushes back on the clients instead of memory growing.
const DefaultEventQueueSize = 4096

// event is one queued handler call. Hot paths implement it on the event's
// own struct, so queueing an event allocates nothing beyond that struct;
// everything else passes a closure as eventFunc.
type event interface{ fire() }

type eventFunc func()

func (f eventFunc) fire() { f() }

// queued is one entry of the pumped queue: the event and, for an event of
// a connection, the ClientID to stamp when it runs (see conn.stamp). Kept
// by value in the channel, so queueing allocates nothing more.
type queued struct {
	ev event
	c  *conn
	id *int32
}

func (q *queued) run(d *dispatcher) {
	if q.c != nil {
		q.c.stamp(q.id)
	}
	d.run(q.ev)
}

type dispatcher struct {
	mode     atomic.Int32
	queue    chan queued
	gone     func() bool // the server is destroyed: queued events do nothing
	wake     chan struct{}
	inflight atomic.Int32 // handlers running right now, for WaitIdle
}

func newDispatcher(size int, gone func() bool) *dispatcher {
	if size <= 0 {
		size = DefaultEventQueueSize
	}
	return &dispatcher{queue: make(chan queued, size), wake: make(chan struct{}, 1), gone: gone}
}

// post runs q at once in direct mode, or queues it in pumped mode. It
// blocks while the queue is full until abort is closed; it reports whether
// the event was delivered or queued.
func (d *dispatcher) post(q queued, abort <-chan struct{}) bool {
	if DispatchMode(d.mode.Load()) == DispatchDirect {
		q.run(d)
		return true
	}
	select {
	case d.queue <- q:
		return true
	default:
	}
	select {
	case d.queue <- q:
		return true
	case <-abort:
		return false
	}
}

// postOwned is post for an event raised on its connection's own goroutine.
// Direct mode skips the in-flight count, a contended counter on the
// busiest path: Destroy waits for connection goroutines anyway.
func (d *dispatcher) postOwned(ev event, abort <-chan struct{}) bool {
	if DispatchMode(d.mode.Load()) == DispatchDirect {
		if !d.gone() {
			ev.fire()
		}
		return true
	}
	return d.post(queued{ev: ev}, abort)
}

// run fires ev unless the server is destroyed: a queued event may come
// up after Destroy returned.
func (d *dispatcher) run(ev event) {
	d.inflight.Add(1)
	defer d.inflight.Add(-1)
	if !d.gone() {
		ev.fire()
	}
}

// dispatch runs queued events on the calling thread: it waits up to timeout
// for the first one (negative = forever), then runs up to max events (<= 0
// = all queued) without waiting again. It returns early when woken.
func (d *dispatcher) dispatch(timeout time.Duration, max int, destroyed <-chan struct{}) (int, error) {
	n := 0
	var first queued
	select {
	case <-destroyed: // queued events of a destroyed server are dropped
		return 0, ErrServerDestroyed
	default:
	}
	select {
	case first = <-d.queue:
	default:
		if timeout == 0 {
			return 0, nil
		}
		var tc <-chan time.Time
		if timeout > 0 {
			t := time.NewTimer(timeout)
			defer t.Stop()
			tc = t.C
		}
		select {
		case first = <-d.queue:
		case <-d.wake:
			return 0, nil
		case <-tc:
			return 0, nil
		case <-destroyed:
			return 0, ErrServerDestroyed
		}
	}
	first.run(d)
	n++
	for max <= 0 || n < max {
		select {
		case q := <-d.queue:
			q.run(d)
			n++
		default:
			return n, nil
		}
	}
	return n, nil
}

// wakeup makes one blocked dispatch call return (used at shutdown).
func (d *dispatcher) wakeup() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}
