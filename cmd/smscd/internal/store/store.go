package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	bMsgs    = []byte("msgs")    // id -> Record (codec.go); ids grow with time, so this is submission order too
	bSched   = []byte("sched")   // due (8 bytes, unix ns) + id -> nil: the time index
	bWaiting = []byte("waiting") // target account + 0 + id -> nil: messages not final, per owning account
)

// Store is an open bbolt file. Its writes go through one committer
// goroutine that folds every write waiting into one transaction (group
// commit): a submit costs a share of an fsync, not a whole one.
type Store struct {
	db   *bolt.DB
	temp string // file to remove on Close ("" for a named store)
	ops  chan op
	done chan struct{}

	commits atomic.Int64 // transactions committed, for the benchmark
	pending atomic.Int64 // entries in the time index (committed)
	count   atomic.Int64 // messages stored

	mu     sync.RWMutex // guards closed and the sends on ops
	closed bool
}

// ErrClosed is a write after Close.
var ErrClosed = errors.New("store: closed")

// Open opens (creating) the store at path; path "" is a temporary file
// removed on Close, for an SMSC that keeps nothing across restarts.
// noSync skips the fsync of each commit.
func Open(path string, noSync bool) (*Store, error) {
	s := &Store{ops: make(chan op, 4096), done: make(chan struct{})}
	if path == "" {
		f, err := os.CreateTemp("", "smscd-*.db")
		if err != nil {
			return nil, err
		}
		f.Close()
		path, s.temp, noSync = f.Name(), f.Name(), true
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second, NoSync: noSync, NoFreelistSync: true})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bMsgs, bSched, bWaiting} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	db.View(func(tx *bolt.Tx) error {
		s.pending.Store(int64(tx.Bucket(bSched).Stats().KeyN))
		s.count.Store(int64(tx.Bucket(bMsgs).Stats().KeyN))
		return nil
	})
	s.db = db
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
	err := s.db.Close()
	if s.temp != "" {
		os.Remove(s.temp)
	}
	return err
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
		err := s.db.Update(func(tx *bolt.Tx) error {
			delta = 0
			for i := range batch {
				x := &batch[i]
				x.r, x.err = apply(tx, x.op, &delta)
				if x.err != nil && !errors.Is(x.err, errCorrupt) {
					return x.err // the file: nothing of this batch is written
				}
			}
			return nil
		})
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

func apply(tx *bolt.Tx, o op, delta *int64) (*Record, error) {
	msgs := tx.Bucket(bMsgs)
	if o.insert != nil {
		// No look-up first: ids are unique by construction (the engine's
		// counter starts from the clock), and the look-up cost a tenth
		// of smscd's CPU under load.
		return o.insert, put(tx, nil, o.insert, o.value, delta)
	}
	v := msgs.Get([]byte(o.id))
	if v == nil {
		return nil, nil
	}
	r := new(Record)
	if err := r.decode(v); err != nil {
		return nil, err
	}
	r.materialize(time.Now())
	old := *r // fn may append to History: old keeps its own length
	if !o.fn(r) {
		return r, nil
	}
	return r, put(tx, &old, r, nil, delta)
}

// put writes r (v is its encoding when already made) and moves its index
// entries from old's (nil for a new record).
func put(tx *bolt.Tx, old, r *Record, v []byte, delta *int64) error {
	if v == nil {
		v = r.encode(nil)
	}
	msgs := tx.Bucket(bMsgs)
	// Ids only grow, so pages fill from the left and are never split
	// for an insert in the middle: fill them (bbolt's default of half
	// doubles the pages written and the file).
	msgs.FillPercent = 0.95
	if err := msgs.Put([]byte(r.ID), v); err != nil {
		return err
	}
	sched, waiting := tx.Bucket(bSched), tx.Bucket(bWaiting)
	if old != nil && !old.Due.IsZero() {
		sched.Delete(schedKey(old.Due, old.ID))
		*delta--
	}
	if !r.Due.IsZero() {
		if err := sched.Put(schedKey(r.Due, r.ID), nil); err != nil {
			return err
		}
		*delta++
	}
	if old != nil && old.WaitsFor() != "" {
		waiting.Delete(waitKey(old.WaitsFor(), old.ID))
	}
	if w := r.WaitsFor(); w != "" {
		return waiting.Put(waitKey(w, r.ID), nil)
	}
	return nil
}

func schedKey(t time.Time, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(max(t.UnixNano(), 0)))
	return append(k, id...)
}

func waitKey(account, id string) []byte {
	return append(append([]byte(account), 0), id...)
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
