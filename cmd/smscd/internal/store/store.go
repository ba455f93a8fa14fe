package store

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// Store keeps the messages in one of two backends: a bbolt file (a named
// store, kept across restarts) or memory (no name: nothing is kept across
// restarts, and a message costs no page writes). Either way its writes go
// through one committer goroutine that folds every write waiting into one
// batch (group commit): with bbolt a submit costs a share of an fsync, not
// a whole one, and with either an update's fn never races another.
type Store struct {
	b    backend
	ops  chan op
	done chan struct{}

	commits atomic.Int64 // batches committed, for the benchmark
	pending atomic.Int64 // entries in the time index (committed)
	count   atomic.Int64 // messages stored

	mu     sync.RWMutex // guards closed and the sends on ops
	closed bool
}

// backend is where the records and their two indexes live. Both keep
// every record in its encoding (codec.go), so an update decodes, changes
// and re-encodes it the same way in both and a reader gets its own copy.
type backend interface {
	// write applies a batch of ops in order, setting each result, and adds
	// the change in time-index entries to delta; an error fails the whole
	// batch (nothing of it is written).
	write(batch []result, delta *int64) error
	get(id string) (*Record, error)
	due(end uint64, limit int) ([]string, error)
	nextDue() time.Time
	waiting(account, after string, limit int) ([]string, error)
	list(f model.Filter, limit int) ([]model.Message, error)
	purge(cutoff time.Time, over, limit int, after string) (int, string, error)
	// counts are the time-index entries and the messages stored at open.
	counts() (pending, count int64)
	close() error
}

// ErrClosed is a write after Close.
var ErrClosed = errors.New("store: closed")

// Open opens (creating) the bbolt store at path; path "" is a store in
// memory, for an SMSC that keeps nothing across restarts. noSync skips the
// fsync of each bbolt commit.
func Open(path string, noSync bool) (*Store, error) {
	var b backend
	if path == "" {
		b = newMemory()
	} else {
		bb, err := openBolt(path, noSync)
		if err != nil {
			return nil, err
		}
		b = bb
	}
	s := &Store{b: b, ops: make(chan op, 4096), done: make(chan struct{})}
	pending, count := b.counts()
	s.pending.Store(pending)
	s.count.Store(count)
	go s.commitLoop()
	return s, nil
}

// Close finishes the writes queued and closes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	close(s.ops)
	s.mu.Unlock()
	<-s.done
	return s.b.close()
}

// op is one write: Insert a new record, or Update the stored one with fn
// (fn reports false to leave it unchanged). done runs after the commit with
// the record as stored (nil when there is none) and the commit's error.
type op struct {
	insert *Record
	value  []byte // insert's encoding, made by the caller
	id     string
	fn     func(r *Record) bool
	done   func(r *Record, err error)
}

// maxBatch bounds one transaction; what waits beyond it goes in the next.
const maxBatch = 4096

func (s *Store) commitLoop() {
	// The callbacks of a committed batch run on their own goroutine, in
	// order, while the next batch is being written: answering a batch's
	// submits overlaps the next commit's fsync.
	answers := make(chan []result, 2)
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		for rs := range answers {
			for _, x := range rs {
				if x.op.done != nil {
					x.op.done(x.r, x.err)
				}
			}
		}
	}()
	defer func() {
		close(answers)
		<-answered
		close(s.done)
	}()
	for first := range s.ops {
		batch := append(make([]result, 0, 64), result{op: first})
	fill:
		for len(batch) < maxBatch {
			select {
			case o, ok := <-s.ops:
				if !ok {
					break fill
				}
				batch = append(batch, result{op: o})
			default:
				break fill
			}
		}
		var delta int64
		err := s.b.write(batch, &delta)
		s.commits.Add(1)
		if err == nil {
			s.pending.Add(delta)
			for i := range batch {
				if batch[i].op.insert != nil && batch[i].err == nil {
					s.count.Add(1)
				}
			}
		}
		if err != nil {
			for i := range batch {
				batch[i].r, batch[i].err = nil, err
			}
		}
		answers <- batch
	}
}

// result is an op with its outcome.
type result struct {
	op  op
	r   *Record
	err error
}

// Insert stores a new record; done runs once it is durable (or failed).
// The record is encoded on the caller's goroutine, so the encoding of
// concurrent submits runs in parallel and the committer only writes.
func (s *Store) Insert(r *Record, done func(*Record, error)) {
	s.send(op{insert: r, value: r.encode(nil), done: done})
}

// send queues o, or fails it at once after Close.
func (s *Store) send(o op) {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		if o.done != nil {
			o.done(nil, ErrClosed)
		}
		return
	}
	s.ops <- o
	s.mu.RUnlock()
}

// Update applies fn to the stored record with id in the committer, so
// updates of one record never race; done (may be nil) runs after the commit
// with the record as stored (nil when the id is unknown).
func (s *Store) Update(id string, fn func(*Record) bool, done func(*Record, error)) {
	s.send(op{id: id, fn: fn, done: done})
}

// UpdateWait is Update that returns once committed.
func (s *Store) UpdateWait(id string, fn func(*Record) bool) (*Record, error) {
	ch := make(chan struct{})
	var rr *Record
	var re error
	s.Update(id, fn, func(r *Record, err error) { rr, re = r, err; close(ch) })
	<-ch
	return rr, re
}

// change runs an Update op on the stored encoding v (nil when the id is
// unknown): it returns the record as it is now and, when fn changed it,
// the record as it was (for moving its index entries); both backends
// update through it, so they agree on what an update sees.
func change(v []byte, o op) (r, old *Record, err error) {
	if v == nil {
		return nil, nil, nil
	}
	r = new(Record)
	if err := r.decode(v); err != nil {
		return nil, nil, err
	}
	r.materialize(time.Now())
	was := *r // fn may append to History: was keeps its own length
	if !o.fn(r) {
		return r, nil, nil
	}
	return r, &was, nil
}

// schedAt is a due time's place in the time index: Unix nanoseconds, a
// time before 1970 counting as 1970.
func schedAt(t time.Time) uint64 { return uint64(max(t.UnixNano(), 0)) }
