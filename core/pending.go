package core

import (
	"sync"
	"time"
)

// pendingTable tracks the client's requests that were handed to the host
// and await its answer, so that (a) an answer for an unknown number is
// refused instead of confusing the client, and (b) a request the host never
// answers gets the default error reply after response-timeout.
//
// Requests time out in arrival order, so a FIFO of deadlines finds expired
// ones without scanning; answered entries are skipped lazily and trimmed
// from the front on every add, which keeps the FIFO about as long as the
// client's window.
type pendingTable struct {
	mu   sync.Mutex
	m    map[uint32]pendingReq
	fifo []pendingRef
	head int
	gen  uint64

	// stats receives the answer time of every request taken from the
	// table; rxOffset is what add's deadline adds to the arrival time
	// (response-timeout), so the arrival needs no field of add's own.
	stats    *serverStats
	rxOffset time.Duration
}

type pendingReq struct {
	cmd   uint32 // command/operation of the request
	gen   uint64
	extra any // protocol data needed to answer (e.g. submit_multi destinations)
	// dups counts further requests that arrived with the same number while
	// this one was pending (gosmpp numbers all parts of a split message
	// alike): each still gets exactly one answer.
	dups int
	rx   time.Time // when it was read, for the answer's latency
}

type pendingRef struct {
	key      uint32
	gen      uint64
	deadline time.Time
}

func (p *pendingTable) add(key uint32, cmd uint32, deadline time.Time, extra any) {
	p.mu.Lock()
	if p.m == nil {
		p.m = make(map[uint32]pendingReq)
	}
	if q, ok := p.m[key]; ok && q.cmd == cmd {
		q.dups++
		p.m[key] = q
		p.fifo = append(p.fifo, pendingRef{key: key, gen: q.gen, deadline: deadline})
		p.mu.Unlock()
		return
	}
	p.gen++
	p.m[key] = pendingReq{cmd: cmd, gen: p.gen, extra: extra, rx: deadline.Add(-p.rxOffset)}
	p.fifo = append(p.fifo, pendingRef{key: key, gen: p.gen, deadline: deadline})
	// Answered entries are trimmed once they are most of the FIFO, not on
	// every add: the check costs a map lookup.
	if queued := len(p.fifo) - p.head; queued > 2*len(p.m)+64 {
		p.trimLocked()
	}
	p.mu.Unlock()
}

// trimLocked drops answered entries at the front and compacts the slice
// when the dead prefix dominates, so its backing array is reused.
func (p *pendingTable) trimLocked() {
	for p.head < len(p.fifo) {
		r := p.fifo[p.head]
		if q, ok := p.m[r.key]; ok && q.gen == r.gen {
			break
		}
		p.head++
	}
	if p.head == len(p.fifo) {
		p.fifo = p.fifo[:0]
		p.head = 0
	} else if p.head > 64 && p.head*2 > len(p.fifo) {
		n := copy(p.fifo, p.fifo[p.head:])
		p.fifo = p.fifo[:n]
		p.head = 0
	}
}

// take removes and returns the request with that key.
func (p *pendingTable) take(key uint32) (pendingReq, bool) {
	p.mu.Lock()
	q, ok := p.m[key]
	if ok {
		p.release(key, q)
	}
	p.mu.Unlock()
	return q, ok
}

// takeIf is take for a request whose command accept approves, in one
// step: of two threads answering the same request, only one succeeds.
func (p *pendingTable) takeIf(key uint32, accept func(cmd uint32) bool) (pendingReq, bool) {
	p.mu.Lock()
	q, ok := p.m[key]
	if ok && accept(q.cmd) {
		p.release(key, q)
	} else {
		ok = false
	}
	p.mu.Unlock()
	return q, ok
}

// release answers one request of key: a duplicate first, then the entry.
func (p *pendingTable) release(key uint32, q pendingReq) {
	if p.stats != nil {
		p.stats.answered(q.cmd, q.rx)
	}
	if q.dups > 0 {
		q.dups--
		p.m[key] = q
		return
	}
	delete(p.m, key)
}

// expired removes and returns the requests whose deadline has passed.
func (p *pendingTable) expired(now time.Time, out []pendingExpired) []pendingExpired {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.head < len(p.fifo) {
		r := p.fifo[p.head]
		q, ok := p.m[r.key]
		if ok && q.gen == r.gen {
			if r.deadline.After(now) {
				break
			}
			p.release(r.key, q)
			if p.stats != nil {
				p.stats.respTimeouts.Add(1)
			}
			out = append(out, pendingExpired{key: r.key, req: q})
		}
		p.head++
	}
	p.trimLocked()
	return out
}

type pendingExpired struct {
	key uint32
	req pendingReq
}

// next is the earliest deadline of a live entry (may be a stale one, which
// only costs an early wake-up).
func (p *pendingTable) next() (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.head < len(p.fifo) {
		return p.fifo[p.head].deadline, true
	}
	return time.Time{}, false
}

// size is the number of requests awaiting the host (statistics).
func (p *pendingTable) size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, q := range p.m {
		n += 1 + q.dups
	}
	return n
}
