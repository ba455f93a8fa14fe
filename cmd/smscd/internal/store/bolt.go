package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// The bbolt backend: a named store, kept across restarts.

var (
	bMsgs    = []byte("msgs")    // id -> Record (codec.go); ids grow with time, so this is submission order too
	bSched   = []byte("sched")   // due (8 bytes, unix ns) + id -> nil: the time index
	bWaiting = []byte("waiting") // target account + 0 + id -> nil: messages not final, per owning account
)

type boltBackend struct {
	db *bolt.DB
}

func openBolt(path string, noSync bool) (*boltBackend, error) {
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
	return &boltBackend{db: db}, nil
}

func (b *boltBackend) counts() (pending, count int64) {
	b.db.View(func(tx *bolt.Tx) error {
		pending = int64(tx.Bucket(bSched).Stats().KeyN)
		count = int64(tx.Bucket(bMsgs).Stats().KeyN)
		return nil
	})
	return pending, count
}

func (b *boltBackend) close() error { return b.db.Close() }

// write is one bbolt transaction.
func (b *boltBackend) write(batch []result, delta *int64) error {
	return b.db.Update(func(tx *bolt.Tx) error {
		*delta = 0
		for i := range batch {
			x := &batch[i]
			x.r, x.err = apply(tx, x.op, delta)
			if x.err != nil && !errors.Is(x.err, errCorrupt) {
				return x.err // the file: nothing of this batch is written
			}
		}
		return nil
	})
}

func apply(tx *bolt.Tx, o op, delta *int64) (*Record, error) {
	msgs := tx.Bucket(bMsgs)
	if o.insert != nil {
		// No look-up first: ids are unique by construction (the engine's
		// counter starts from the clock), and the look-up cost a tenth
		// of smscd's CPU under load.
		return o.insert, put(tx, nil, o.insert, o.value, delta)
	}
	r, old, err := change(msgs.Get([]byte(o.id)), o)
	if err != nil || old == nil {
		return r, err
	}
	return r, put(tx, old, r, nil, delta)
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
	binary.BigEndian.PutUint64(k, schedAt(t))
	return append(k, id...)
}

func waitKey(account, id string) []byte {
	return append(append([]byte(account), 0), id...)
}

func (b *boltBackend) get(id string) (*Record, error) {
	var r *Record
	err := b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bMsgs).Get([]byte(id))
		if v == nil {
			return model.ErrNotFound
		}
		r = new(Record)
		if err := r.decode(v); err != nil {
			return err
		}
		r.materialize(time.Now())
		return nil
	})
	return r, err
}

func (b *boltBackend) due(end uint64, limit int) ([]string, error) {
	var ids []string
	err := b.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bSched).Cursor()
		for k, _ := c.First(); k != nil && len(ids) < limit; k, _ = c.Next() {
			if binary.BigEndian.Uint64(k) > end {
				break
			}
			ids = append(ids, string(k[8:]))
		}
		return nil
	})
	return ids, err
}

func (b *boltBackend) nextDue() time.Time {
	var t time.Time
	b.db.View(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bSched).Cursor().First(); k != nil {
			t = time.Unix(0, int64(binary.BigEndian.Uint64(k)))
		}
		return nil
	})
	return t
}

func (b *boltBackend) waiting(account, after string, limit int) ([]string, error) {
	var ids []string
	prefix := append([]byte(account), 0)
	err := b.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bWaiting).Cursor()
		k, _ := c.Seek(append(prefix, after...))
		if k != nil && after != "" && string(k[len(prefix):]) == after {
			k, _ = c.Next()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(ids) < limit; k, _ = c.Next() {
			ids = append(ids, string(k[len(prefix):]))
		}
		return nil
	})
	return ids, err
}

func (b *boltBackend) list(f model.Filter, limit int) ([]model.Message, error) {
	var out []model.Message
	now := time.Now()
	err := b.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bMsgs).Cursor()
		var k, v []byte
		if f.Before != "" {
			if k, _ = c.Seek([]byte(f.Before)); k == nil || string(k) != f.Before {
				return model.ErrNotFound
			}
			k, v = c.Prev()
		} else {
			k, v = c.Last()
		}
		for ; k != nil && len(out) < limit; k, v = c.Prev() {
			m, ok, err := listed(v, f, now)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, m)
			}
		}
		return nil
	})
	return out, err
}

// purge is one bbolt transaction; over is how many messages are beyond
// the count limit (see Store.Purge).
func (b *boltBackend) purge(cutoff time.Time, over, limit int, after string) (int, string, error) {
	n, next := 0, ""
	now := time.Now()
	err := b.db.Update(func(tx *bolt.Tx) error {
		n, next = 0, ""
		c := tx.Bucket(bMsgs).Cursor()
		k, v := c.First()
		if after != "" {
			k, v = c.Seek([]byte(after))
		}
		for scanned := 0; k != nil; k, v = c.Next() {
			if n >= limit || scanned >= 4*limit {
				next = string(k)
				break
			}
			scanned++
			del, stop := purgeStep(v, now, cutoff, n, over)
			if stop {
				break
			}
			if !del {
				continue
			}
			if err := c.Delete(); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, next, err
}
