package store

import (
	"sync"
	"time"

	"github.com/google/btree"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// The memory backend: the store of an SMSC run without a file. It keeps
// what the bbolt backend keeps, in the same order: the records in their
// encoding by id (msgList, a list of sorted blocks: ids grow, so a submit
// is an append), and as B-trees the time index by (due, id) and the
// waiting index by (account, id), whose entries go in and out anywhere. A
// record is kept encoded, not as a Record, so it costs one pointer-free
// allocation of about 150 octets (the garbage collector does not look
// inside it), an update sees exactly what a bbolt update sees, and
// nothing handed out aliases what is stored.

type msgItem struct {
	id string
	v  []byte // the encoding; never changed once stored (an update stores a new one)
}

type schedItem struct {
	due uint64 // schedAt
	id  string
}

type waitItem struct{ account, id string }

// degree of the B-trees: nodes of up to 63 items.
const degree = 32

type memBackend struct {
	// wmu makes the committer's batches and Purge one writer at a time,
	// like bbolt's one write transaction. The writer reads the trees
	// without mu (nobody else changes them) and takes mu only for each
	// change, so an update's fn runs with no lock a reader needs.
	wmu sync.Mutex
	mu  sync.RWMutex // guards the trees and closed against readers while they change

	msgs   msgList
	sched  *btree.BTreeG[schedItem]
	wait   *btree.BTreeG[waitItem]
	closed bool
}

func newMemory() *memBackend {
	return &memBackend{
		sched: btree.NewG(degree, func(a, b schedItem) bool {
			return a.due < b.due || a.due == b.due && a.id < b.id
		}),
		wait: btree.NewG(degree, func(a, b waitItem) bool {
			return a.account < b.account || a.account == b.account && a.id < b.id
		}),
	}
}

func (m *memBackend) counts() (pending, count int64) { return 0, 0 }

func (m *memBackend) close() error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.msgs = msgList{}
	m.sched.Clear(false)
	m.wait.Clear(false)
	return nil
}

func (m *memBackend) write(batch []result, delta *int64) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	*delta = 0
	for i := range batch {
		x := &batch[i]
		o := x.op
		if o.insert != nil {
			// As in bbolt: no look-up, ids are unique by construction.
			x.r = o.insert
			m.put(nil, o.insert, o.value, delta)
			continue
		}
		var v []byte
		if it, ok := m.msgs.get(o.id); ok {
			v = it.v
		}
		r, old, err := change(v, o)
		x.r, x.err = r, err
		if err == nil && old != nil {
			m.put(old, r, nil, delta)
		}
	}
	return nil
}

// put stores r (v is its encoding when already made) and moves its index
// entries from old's (nil for a new record), as the bbolt put does.
func (m *memBackend) put(old, r *Record, v []byte, delta *int64) {
	if v == nil {
		v = r.encode(nil)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs.put(msgItem{id: r.ID, v: v})
	if old != nil && !old.Due.IsZero() {
		m.sched.Delete(schedItem{schedAt(old.Due), old.ID})
		*delta--
	}
	if !r.Due.IsZero() {
		m.sched.ReplaceOrInsert(schedItem{schedAt(r.Due), r.ID})
		*delta++
	}
	if old != nil && old.WaitsFor() != "" {
		m.wait.Delete(waitItem{old.WaitsFor(), old.ID})
	}
	if w := r.WaitsFor(); w != "" {
		m.wait.ReplaceOrInsert(waitItem{w, r.ID})
	}
}

func (m *memBackend) get(id string) (*Record, error) {
	m.mu.RLock()
	it, ok := m.msgs.get(id)
	closed := m.closed
	m.mu.RUnlock()
	if closed {
		return nil, ErrClosed
	}
	if !ok {
		return nil, model.ErrNotFound
	}
	// it.v is never changed once stored: decode it without the lock.
	r := new(Record)
	if err := r.decode(it.v); err != nil {
		return nil, err
	}
	r.materialize(time.Now())
	return r, nil
}

func (m *memBackend) due(end uint64, limit int) ([]string, error) {
	var ids []string
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nil, ErrClosed
	}
	m.sched.Ascend(func(it schedItem) bool {
		if it.due > end || len(ids) >= limit {
			return false
		}
		ids = append(ids, it.id)
		return true
	})
	return ids, nil
}

func (m *memBackend) nextDue() time.Time {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if it, ok := m.sched.Min(); ok && !m.closed {
		return time.Unix(0, int64(it.due))
	}
	return time.Time{}
}

func (m *memBackend) waiting(account, after string, limit int) ([]string, error) {
	var ids []string
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		return nil, ErrClosed
	}
	m.wait.AscendGreaterOrEqual(waitItem{account, after}, func(it waitItem) bool {
		if it.account != account || len(ids) >= limit {
			return false
		}
		if after == "" || it.id != after {
			ids = append(ids, it.id)
		}
		return true
	})
	return ids, nil
}

// listChunk is how many records List takes under the read lock at a
// time: it decodes them without it, so a List that filters through many
// messages never holds up the committer for long.
const listChunk = 256

func (m *memBackend) list(f model.Filter, limit int) ([]model.Message, error) {
	var out []model.Message
	now := time.Now()
	chunk := make([]msgItem, 0, listChunk)
	before, first := f.Before, true // before: where this chunk starts
	for len(out) < limit {
		chunk = chunk[:0]
		m.mu.RLock()
		if m.closed {
			m.mu.RUnlock()
			return nil, ErrClosed
		}
		if first && before != "" {
			if _, ok := m.msgs.get(before); !ok {
				m.mu.RUnlock()
				return nil, model.ErrNotFound
			}
		}
		take := func(it msgItem) bool {
			if before != "" && it.id == before {
				return true // the one the last chunk (or f.Before) ended at
			}
			chunk = append(chunk, it)
			return len(chunk) < listChunk
		}
		m.msgs.descend(before, take)
		m.mu.RUnlock()
		first = false
		for _, it := range chunk {
			if len(out) >= limit {
				break
			}
			msg, ok, err := listed(it.v, f, now)
			if err != nil {
				return out, err
			}
			if ok {
				out = append(out, msg)
			}
		}
		if len(chunk) < listChunk {
			break // the oldest reached
		}
		before = chunk[len(chunk)-1].id
	}
	return out, nil
}

func (m *memBackend) purge(cutoff time.Time, over, limit int, after string) (int, string, error) {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	if m.closed {
		return 0, "", ErrClosed
	}
	now := time.Now()
	var gone []string
	next, scanned := "", 0
	// The one writer: the tree cannot change under this walk.
	m.msgs.ascend(after, func(it msgItem) bool {
		if len(gone) >= limit || scanned >= 4*limit {
			next = it.id
			return false
		}
		scanned++
		del, stop := purgeStep(it.v, now, cutoff, len(gone), over)
		if del {
			gone = append(gone, it.id)
		}
		return !stop
	})
	if len(gone) > 0 {
		m.mu.Lock()
		// A message with nothing left to do has no index entries.
		m.msgs.deleteSorted(gone)
		m.mu.Unlock()
	}
	return len(gone), next, nil
}
