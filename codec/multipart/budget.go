package multipart

import "sync/atomic"

// Budget bounds the octets several reassemblers hold together — a server's
// connections, whose per-reassembler limits alone let memory grow with the
// number of connections. Every reassembler given the budget charges it what
// it stores; a part that would take the total over the limit is refused
// with ErrFull, as a full reassembler refuses it. Safe for concurrent use. A
// nil *Budget is no limit.
type Budget struct {
	limit int64
	used  atomic.Int64
}

// NewBudget makes a budget of limit octets; limit <= 0 returns nil (no limit).
func NewBudget(limit int64) *Budget {
	if limit <= 0 {
		return nil
	}
	return &Budget{limit: limit}
}

// Used returns the octets charged now.
func (b *Budget) Used() int64 {
	if b == nil {
		return 0
	}
	return b.used.Load()
}

// has reports whether n more octets would fit now.
func (b *Budget) has(n int) bool {
	return b == nil || b.used.Load()+int64(n) <= b.limit
}

// reserve charges n octets if they fit; the compare-and-swap keeps
// concurrent reassemblers from overshooting the limit together.
func (b *Budget) reserve(n int) bool {
	if b == nil {
		return true
	}
	for {
		u := b.used.Load()
		if u+int64(n) > b.limit {
			return false
		}
		if b.used.CompareAndSwap(u, u+int64(n)) {
			return true
		}
	}
}

// add charges n octets (negative: gives them back) whether or not they fit:
// for what must be recorded anyway, and for releases.
func (b *Budget) add(n int) {
	if b != nil {
		b.used.Add(int64(n))
	}
}
