package multipart

import (
	"hash/maphash"
	"sync"
	"time"
)

// Defaults used when NewReassembler gets a value <= 0.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultMaxPending = 256     // messages being assembled at once
	DefaultMaxBytes   = 1 << 20 // buffered part data, octets
)

// Bookkeeping charged against maxBytes on top of the data, so that many tiny
// parts or huge totals cannot use memory the limit does not see.
const (
	msgOverhead  = 128 // a pending message: struct, map entry, key strings
	slotOverhead = 40  // one slot per announced part
)

// Key identifies one long message: the connection, the addresses and the
// sender's reference (8-bit or 16-bit UDH reference, or sar_msg_ref_num).
type Key struct {
	Client                  int64
	Originator, Destination string
	Ref                     uint16
}

// Reason tells why a message was given up.
type Reason int

const (
	ReasonTimeout   Reason = iota // no new part within the timeout
	ReasonReplaced                // the sender reused the reference for another message
	ReasonFlushed                 // Flush (connection closed)
	ReasonDuplicate               // only repeated parts of a message already completed
)

func (r Reason) String() string {
	switch r {
	case ReasonTimeout:
		return "timeout"
	case ReasonReplaced:
		return "reference reused"
	case ReasonFlushed:
		return "flushed"
	case ReasonDuplicate:
		return "duplicate"
	}
	return "Reason(?)"
}

// Expired is an incomplete message that was dropped.
type Expired struct {
	Key      Key
	Total    int
	Received int
	IDs      []uint64 // ids of the parts received, in Seq order
	Seqs     []uint8  // their sequence numbers
	First    time.Time
	Last     time.Time // arrival of the newest part
	Reason   Reason
}

// Reassembler joins the parts of long messages. It is safe for concurrent
// use (one mutex; a server would still normally keep one per connection so
// that the limits are per connection and Flush can report a closed
// connection's leftovers).
//
// Parts are keyed by Key; a message is complete when parts 1..total have all
// arrived, in any order. A part whose Seq was already received with the same
// data is a duplicate and ignored (dup=true). For the timeout after a
// message completed, a part equal to one of its parts is also reported as
// dup=true, but kept aside rather than dropped: a retransmission then ends
// as an Expired with ReasonDuplicate (log it quietly), while a client that
// really sends the same text again under the same reference — or a new
// message starting with the same part — still gets it delivered. The same
// Seq with different data, or a different total, means the sender reused
// the reference: the old incomplete message is dropped and reported by the
// next Expire (ReasonReplaced).
//
// A message with no new part for the timeout is dropped by Expire, which
// returns it so the caller can report it; NextDeadline says when to call
// Expire. Memory is bounded by maxPending messages and maxBytes octets of
// buffered data plus bookkeeping; a part that would exceed either is refused
// with ErrFull and not stored.
type Reassembler struct {
	mu         sync.Mutex
	timeout    time.Duration
	maxPending int
	maxBytes   int
	bytes      int
	pending    map[Key]*pendingMsg
	head, tail *pendingMsg // sorted by last activity, oldest first
	done       map[Key]*doneMsg
	doneQ      []*doneMsg // completion order, oldest first (doneQ[doneOff:] live)
	doneOff    int
	replaced   []Expired // reported by the next Expire; charged against maxBytes
	replSize   int
	replacedAt time.Time
	seed       maphash.Seed
	budget     *Budget // shared with other reassemblers; nil = none
}

type pendingMsg struct {
	suspect     bool // every part so far repeats a recently completed message
	key         Key
	total       int
	received    int
	size        int
	first, last time.Time
	slots       []slot
	prev, next  *pendingMsg
}

type slot struct {
	data []byte
	id   uint64
	sum  uint64
	have bool
}

// doneMsg remembers a completed message's part checksums to spot late duplicates.
type doneMsg struct {
	key  Key
	at   time.Time
	sums []uint64
	size int  // charged against maxBytes
	gone bool // removed from the map, waiting to leave doneQ
}

// NewReassembler makes a reassembler; values <= 0 select the defaults.
func NewReassembler(timeout time.Duration, maxPending int, maxBytes int) *Reassembler {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if maxPending <= 0 {
		maxPending = DefaultMaxPending
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	return &Reassembler{
		timeout:    timeout,
		maxPending: maxPending,
		maxBytes:   maxBytes,
		pending:    make(map[Key]*pendingMsg),
		done:       make(map[Key]*doneMsg),
		seed:       maphash.MakeSeed(),
	}
}

// SetBudget makes r charge b, shared with other reassemblers, for what it
// holds, on top of its own limits. Call it before the first Add; Release
// gives everything back when r is done with.
func (r *Reassembler) SetBudget(b *Budget) {
	r.mu.Lock()
	r.budget = b
	r.mu.Unlock()
}

// Release forgets the completed messages kept to recognise late duplicates
// and hands their octets back to the budget. Call it after Flush when the
// connection is over: r holds nothing afterwards.
func (r *Reassembler) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range r.doneQ[r.doneOff:] {
		if d != nil {
			r.forgetDone(d)
		}
	}
	r.doneQ, r.doneOff = nil, 0
}

// Add stores one part. When it completes the message (or total == 1) it
// returns done=true, the parts' data concatenated in Seq order and their ids
// in Seq order; for total == 1 whole is data itself, otherwise a new slice.
// dup=true says the part repeats one already received: a repeat within a
// pending message changes nothing; a repeat of a just-completed message is
// kept aside as described on Reassembler. data is copied.
//
// Errors: ErrBadPart (total 0, seq 0 or > total), ErrFull (limits).
func (r *Reassembler) Add(now time.Time, k Key, total, seq uint8, data []byte, id uint64) (whole []byte, ids []uint64, done bool, dup bool, err error) {
	if total == 0 || seq == 0 || seq > total {
		return nil, nil, false, false, ErrBadPart
	}
	if total == 1 {
		return data, []uint64{id}, true, false, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pruneDone(now)
	sum := maphash.Bytes(r.seed, data)

	// A part equal to one of a message completed within the timeout is
	// most likely a retransmission, but a client with a fixed reference may
	// also send a new message whose first parts are the same text. So it is
	// kept aside ("suspect", reported with dup=true): if the message then
	// differs or completes, it is delivered; if nothing more comes it is
	// reported by Expire as ReasonDuplicate.
	matchesDone := false
	if d := r.done[k]; d != nil {
		if len(d.sums) == int(total) && d.sums[seq-1] == sum {
			matchesDone = true
		} else {
			r.forgetDone(d) // a new message under the same reference
		}
	}

	p := r.pending[k]
	if p != nil {
		if p.total == int(total) && p.slots[seq-1].have && p.slots[seq-1].sum == sum {
			return nil, nil, false, true, nil
		}
		// Another total, or the same seq with other data: the sender reused
		// the reference for a new message.
		if p.total != int(total) || p.slots[seq-1].have {
			r.drop(p, now, ReasonReplaced)
			p = nil
		}
	}

	need := len(data)
	if p == nil {
		need += msgOverhead + len(k.Originator) + len(k.Destination) + int(total)*slotOverhead
		if len(r.pending) >= r.maxPending || !r.makeRoom(need) || !r.budget.reserve(need) {
			return nil, nil, false, false, ErrFull
		}
		p = &pendingMsg{key: k, total: int(total), first: now, slots: make([]slot, total), suspect: matchesDone}
		r.pending[k] = p
	} else {
		if !r.makeRoom(need) || !r.budget.reserve(need) {
			return nil, nil, false, false, ErrFull
		}
		r.unlink(p)
	}
	r.bytes += need
	p.size += need
	p.slots[seq-1] = slot{data: append([]byte(nil), data...), id: id, sum: sum, have: true}
	p.received++
	p.last = now
	p.suspect = p.suspect && matchesDone
	r.insert(p)

	if p.received < p.total {
		return nil, nil, false, p.suspect, nil
	}
	n := 0
	for i := range p.slots {
		n += len(p.slots[i].data)
	}
	whole = make([]byte, 0, n)
	ids = make([]uint64, p.total)
	sums := make([]uint64, p.total)
	for i := range p.slots {
		whole = append(whole, p.slots[i].data...)
		ids[i] = p.slots[i].id
		sums[i] = p.slots[i].sum
	}
	r.remove(p)
	r.rememberDone(k, now, sums)
	return whole, ids, true, false, nil
}

// Expire drops and returns the messages that had no new part for the
// timeout, and those replaced by a reused reference since the last call.
func (r *Reassembler) Expire(now time.Time) []Expired {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.takeReplaced()
	for p := r.head; p != nil && !now.Before(p.last.Add(r.timeout)); p = r.head {
		out = append(out, r.expired(p, ReasonTimeout))
		r.remove(p)
	}
	r.pruneDone(now)
	return out
}

// Flush drops and returns every incomplete message (e.g. when the
// connection closes), plus any not yet reported replacements.
func (r *Reassembler) Flush() []Expired {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.takeReplaced()
	for p := r.head; p != nil; p = r.head {
		out = append(out, r.expired(p, ReasonFlushed))
		r.remove(p)
	}
	return out
}

// NextDeadline is when Expire next has something to return: the oldest
// message's last activity plus the timeout, or a past time when a replaced
// message waits to be reported. false when nothing is pending.
func (r *Reassembler) NextDeadline() (time.Time, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.replaced) > 0 {
		return r.replacedAt, true
	}
	if r.head == nil {
		return time.Time{}, false
	}
	return r.head.last.Add(r.timeout), true
}

// Pending returns the number of incomplete messages and the octets charged
// against maxBytes.
func (r *Reassembler) Pending() (messages, bytes int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pending), r.bytes
}

// drop moves p to the replaced list. The report is charged against
// maxBytes until Expire hands it over, so a caller that never calls Expire
// gets ErrFull instead of unbounded growth.
func (r *Reassembler) drop(p *pendingMsg, now time.Time, why Reason) {
	if len(r.replaced) == 0 {
		r.replacedAt = now
	}
	r.replaced = append(r.replaced, r.expired(p, why))
	r.remove(p)
	n := msgOverhead + 9*p.received
	r.replSize += n
	r.bytes += n
	r.budget.add(n)
}

func (r *Reassembler) takeReplaced() []Expired {
	out := r.replaced
	r.replaced = nil
	r.bytes -= r.replSize
	r.budget.add(-r.replSize)
	r.replSize = 0
	return out
}

// makeRoom forgets remembered completed messages (oldest first) until need
// more octets fit, in r and in the budget; it reports whether they do.
func (r *Reassembler) makeRoom(need int) bool {
	fits := func() bool { return r.bytes+need <= r.maxBytes && r.budget.has(need) }
	for !fits() && len(r.done) > 0 {
		r.compactDone()
		r.forgetDone(r.doneQ[r.doneOff])
	}
	return fits()
}

func (r *Reassembler) expired(p *pendingMsg, why Reason) Expired {
	if p.suspect {
		why = ReasonDuplicate
	}
	e := Expired{Key: p.key, Total: p.total, Received: p.received, First: p.first, Last: p.last, Reason: why,
		IDs: make([]uint64, 0, p.received), Seqs: make([]uint8, 0, p.received)}
	for i := range p.slots {
		if p.slots[i].have {
			e.IDs = append(e.IDs, p.slots[i].id)
			e.Seqs = append(e.Seqs, uint8(i+1))
		}
	}
	return e
}

func (r *Reassembler) remove(p *pendingMsg) {
	r.unlink(p)
	delete(r.pending, p.key)
	r.bytes -= p.size
	r.budget.add(-p.size)
}

// insert links p into the activity list, kept sorted by last. Callers pass
// a non-decreasing now, so this is an append; an earlier time (a clock
// step, a test) walks back from the tail so the head stays the oldest.
func (r *Reassembler) insert(p *pendingMsg) {
	after := r.tail
	for after != nil && after.last.After(p.last) {
		after = after.prev
	}
	p.prev = after
	if after != nil {
		p.next = after.next
		after.next = p
	} else {
		p.next = r.head
		r.head = p
	}
	if p.next != nil {
		p.next.prev = p
	} else {
		r.tail = p
	}
}

func (r *Reassembler) unlink(p *pendingMsg) {
	if p.prev != nil {
		p.prev.next = p.next
	} else if r.head == p {
		r.head = p.next
	}
	if p.next != nil {
		p.next.prev = p.prev
	} else if r.tail == p {
		r.tail = p.prev
	}
	p.prev, p.next = nil, nil
}

// rememberDone keeps at most maxPending completed messages for duplicate
// detection; the oldest is forgotten first.
func (r *Reassembler) rememberDone(k Key, now time.Time, sums []uint64) {
	if old := r.done[k]; old != nil {
		r.forgetDone(old)
	}
	for len(r.done) >= r.maxPending {
		r.compactDone()
		r.forgetDone(r.doneQ[r.doneOff])
	}
	size := msgOverhead + len(k.Originator) + len(k.Destination) + 8*len(sums)
	if !r.makeRoom(size) || !r.budget.reserve(size) {
		return // no room: late duplicates of this message will not be recognised
	}
	if len(r.doneQ)-r.doneOff > 2*r.maxPending+32 { // many forgotten entries behind a live head
		live := r.doneQ[:0]
		for _, d := range r.doneQ[r.doneOff:] {
			if !d.gone {
				live = append(live, d)
			}
		}
		clear(r.doneQ[len(live):])
		r.doneQ, r.doneOff = live, 0
	}
	d := &doneMsg{key: k, at: now, sums: sums, size: size}
	r.bytes += size
	r.done[k] = d
	r.doneQ = append(r.doneQ, d)
}

func (r *Reassembler) forgetDone(d *doneMsg) {
	if !d.gone {
		d.gone = true
		delete(r.done, d.key)
		r.bytes -= d.size
		r.budget.add(-d.size)
	}
}

// pruneDone forgets completed messages older than the timeout.
func (r *Reassembler) pruneDone(now time.Time) {
	for r.doneOff < len(r.doneQ) {
		d := r.doneQ[r.doneOff]
		if !d.gone && now.Before(d.at.Add(r.timeout)) {
			break
		}
		r.forgetDone(d)
		r.doneQ[r.doneOff] = nil
		r.doneOff++
	}
	r.compactDone()
}

// compactDone drops forgotten entries from the front of doneQ and reclaims
// its backing array once half of it is dead, so the queue stays O(maxPending).
func (r *Reassembler) compactDone() {
	for r.doneOff < len(r.doneQ) && r.doneQ[r.doneOff].gone {
		r.doneQ[r.doneOff] = nil
		r.doneOff++
	}
	if r.doneOff == len(r.doneQ) {
		r.doneQ, r.doneOff = r.doneQ[:0], 0
		return
	}
	if r.doneOff > 32 && r.doneOff*2 > len(r.doneQ) {
		n := copy(r.doneQ, r.doneQ[r.doneOff:])
		clear(r.doneQ[n:])
		r.doneQ, r.doneOff = r.doneQ[:n], 0
	}
}
