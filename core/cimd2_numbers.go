package core

import "sync"

// How a CIMD2 server numbers the requests it sends (deliver message 20,
// status report 23, alive 40). CIMD2 packet numbers are three digits and
// the server's are even (000..254), so only 128 can be in flight on one
// connection. The reference's programs count TransactionNumber up from 1
// (tn++) and expect every value to work; those values are their own
// identifiers for the request, not wire numbers.
//
// So the host's number is an identifier of any value: it goes on the wire
// unchanged when it is a valid server number (even, 2..254) that no
// request in flight uses, and otherwise the packet takes the next free
// even number. The answer (70, 73, 98, 99) is reported with the host's
// identifier again, so matching works whatever the host passed.
// docs/protocols.md, "CIMD2 packet numbers", tells the same for users.

// cimd2Slots is the number of even server packet numbers, 000..254.
const cimd2Slots = 128

// cimd2Numbers remembers, per even wire number, the host's identifier of
// the request in flight under it.
type cimd2Numbers struct {
	mu   sync.Mutex
	next int // the counter's next slot
	busy [cimd2Slots]bool
	id   [cimd2Slots]uint32
}

// cimd2ValidServerNumber: an even number the server may put on the wire
// as the host gave it (000 is left to the library's counter).
func cimd2ValidServerNumber(n uint32) bool { return n != 0 && n%2 == 0 && n <= 254 }

// assign picks the wire number of a request the host identifies as id
// (0 = the library numbers it: the identifier is then the wire number).
// tracked requests expect an answer reported to the host.
func (t *cimd2Numbers) assign(id uint32, tracked bool) (wire int, ident uint32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	slot := -1
	if cimd2ValidServerNumber(id) && !t.busy[id/2] {
		slot = int(id / 2)
	} else {
		slot = t.freeSlot()
	}
	wire = slot * 2
	if id == 0 {
		id = uint32(wire)
	}
	t.busy[slot], t.id[slot] = tracked, id
	return wire, id
}

// freeSlot is the counter's next slot not in flight; when all 128 are (a
// client that never answers), the oldest numbering simply wraps.
func (t *cimd2Numbers) freeSlot() int {
	for i := 0; i < cimd2Slots; i++ {
		s := (t.next + i) % cimd2Slots
		if !t.busy[s] {
			t.next = (s + 1) % cimd2Slots
			return s
		}
	}
	s := t.next
	t.next = (s + 1) % cimd2Slots
	return s
}

// answered frees wire's slot and returns the host's identifier of the
// request it answers (wire itself when none is in flight under it).
func (t *cimd2Numbers) answered(wire int) uint32 {
	if wire < 0 || wire%2 != 0 || wire/2 >= cimd2Slots {
		return uint32(wire)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	s := wire / 2
	if !t.busy[s] {
		return uint32(wire)
	}
	t.busy[s] = false
	return t.id[s]
}
