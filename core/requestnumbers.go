package core

import "sync"

// How UCP and CIMD2 servers number the requests they send (UCP 52, 53 and
// 31; CIMD2 20, 23 and 40). Their numbers are short: UCP TRNs are 00..99,
// CIMD2 server packet numbers the even 000..254, so only 100 or 128
// requests can be in flight on one connection. The reference's programs
// count TransactionNumber up from 1 (tn++) and expect every value to work;
// to them it is their own identifier of the request, not a wire number.
//
// So the host's number is an identifier of any value: it goes on the wire
// unchanged when it is a valid wire number that no request in flight
// uses, and otherwise the request takes the next free wire number. The
// client's answer is reported with the host's identifier again, so
// matching works whatever the host passed. No wire number is used twice
// in a row: Kannel takes a CIMD2 packet with the previous packet's number
// for a retransmission and does not process it. (SMPP needs none of this:
// its sequence numbers are 32 bits.)

// maxRequestSlots is the most wire numbers a protocol has (CIMD2's 128).
const maxRequestSlots = 128

// requestNumbers remembers, per wire number, the host's identifier of the
// request in flight under it.
type requestNumbers struct {
	mu    sync.Mutex
	slots int // wire numbers of the protocol: slot s is wire number s*step
	step  int
	next  int // the counter's next slot
	prev  int // the slot used last, plus one (0: none yet)
	busy  [maxRequestSlots]bool
	id    [maxRequestSlots]uint32
}

// init sets the protocol's numbering: UCP 100 slots of step 1 (00..99),
// CIMD2 128 of step 2 (000, 002, ... 254).
func (t *requestNumbers) init(slots, step int) { t.slots, t.step = slots, step }

// given reports whether id can go on the wire as it is (0 is left to the
// counter: it means "the library numbers it").
func (t *requestNumbers) given(id uint32) (slot int, ok bool) {
	if id == 0 || id%uint32(t.step) != 0 || id/uint32(t.step) >= uint32(t.slots) {
		return 0, false
	}
	return int(id) / t.step, true
}

// assign picks the wire number of a request the host identifies as id
// (0 = the library numbers it: the identifier is then the wire number).
// Tracked requests expect an answer reported to the host.
func (t *requestNumbers) assign(id uint32, tracked bool) (wire int, ident uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	slot, ok := t.given(id)
	if !ok || t.busy[slot] || slot+1 == t.prev {
		slot = t.freeSlot()
	}
	t.prev = slot + 1
	wire = slot * t.step
	if id == 0 {
		id = uint32(wire)
	}
	t.busy[slot], t.id[slot] = tracked, id
	return wire, id
}

// freeSlot is the counter's next slot not in flight and not used last;
// when all are (a client that never answers), the numbering simply wraps.
func (t *requestNumbers) freeSlot() int {
	for i := 0; i < t.slots; i++ {
		s := (t.next + i) % t.slots
		if !t.busy[s] && s+1 != t.prev {
			t.next = (s + 1) % t.slots
			return s
		}
	}
	s := t.next
	t.next = (s + 1) % t.slots
	return s
}

// send sends one tracked request the host identifies as id under the
// wire number assign picks, and frees that number again when the request
// never went out. It returns the identifier the answer will carry.
func (t *requestNumbers) send(id uint32, send func(wire int, ident uint32) Code) (uint32, Code) {
	wire, id := t.assign(id, true)
	code := send(wire, id)
	if code != OK {
		t.answered(wire)
	}
	return id, code
}

// numberedByLibrary is partNumbers.next for UCP and CIMD2: a part without
// a host's identifier (0) gets its number from assign.
func numberedByLibrary() uint32 { return 0 }

// answered frees wire's slot and returns the host's identifier of the
// request it answers (wire itself when none is in flight under it).
func (t *requestNumbers) answered(wire int) uint32 {
	if wire < 0 || wire%t.step != 0 || wire/t.step >= t.slots {
		return uint32(wire)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	s := wire / t.step
	if !t.busy[s] {
		return uint32(wire)
	}
	t.busy[s] = false
	return t.id[s]
}
