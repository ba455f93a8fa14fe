package core

import (
	"sync"
	"time"
)

// throttle paces what the server sends to one client (ThrottleRate). The
// reference waits inside the Send* call, so the caller's thread absorbs the
// pacing and nothing queues up unboundedly inside the library.
type throttle struct {
	mu   sync.Mutex
	next time.Time
}

// wait blocks until the next message may go, for a rate in messages per
// second (0 = unlimited), or until abort closes.
func (t *throttle) wait(rate int64, abort <-chan struct{}) bool {
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
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return true
	case <-abort:
		return false
	}
}
