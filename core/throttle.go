package core

import (
	"sync"
	"time"
)

// throttle paces messages to ThrottleRate. The reference waits inside the
// Send call, so the caller's thread absorbs the pacing and nothing queues
// up unboundedly inside the library. A server has one throttle that all its
// connections share (the reference's rate is the component's); with
// throttle-scope=connection each connection uses its own.
type throttle struct {
	mu   sync.Mutex
	next time.Time // when the next message may go
}

// wait blocks until the next message may go, for a rate in messages per
// second (0 = unlimited), or until abort closes; it returns false then.
// beforeSleep runs when the caller has to wait. A caller reserves its slot
// under the lock and sleeps without it, so callers leave in the order they
// came and none holds up the others' turn.
func (t *throttle) wait(rate int64, abort <-chan struct{}, beforeSleep func()) bool {
	if rate <= 0 {
		return true
	}
	interval := time.Second / time.Duration(rate)
	t.mu.Lock()
	now := time.Now()
	if t.next.Before(now) {
		t.next = now
	}
	at := t.next
	t.next = t.next.Add(interval)
	t.mu.Unlock()
	d := time.Until(at)
	if d <= 0 {
		return true
	}
	beforeSleep()
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return true
	case <-abort:
		t.giveBack(at, interval)
		return false
	}
}

// giveBack returns an unused slot when no later one was reserved after it,
// so that a connection closing while it waits does not slow the others
// sharing the server's throttle. A slot with later ones behind it stays
// used: moving theirs would break the order they were promised.
func (t *throttle) giveBack(at time.Time, interval time.Duration) {
	t.mu.Lock()
	if t.next.Equal(at.Add(interval)) {
		t.next = at
	}
	t.mu.Unlock()
}
