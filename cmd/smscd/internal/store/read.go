package store

import (
	"bytes"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// Get returns the record with id.
func (s *Store) Get(id string) (*Record, error) {
	var r *Record
	err := s.db.View(func(tx *bolt.Tx) error {
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

// Due returns at most limit ids whose work is due at now, earliest first.
func (s *Store) Due(now time.Time, limit int) ([]string, error) {
	var ids []string
	end := uint64(max(now.UnixNano(), 0))
	err := s.db.View(func(tx *bolt.Tx) error {
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

// NextDue is when the earliest scheduled work is due (zero when none).
func (s *Store) NextDue() time.Time {
	var t time.Time
	s.db.View(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bSched).Cursor().First(); k != nil {
			t = time.Unix(0, int64(binary.BigEndian.Uint64(k)))
		}
		return nil
	})
	return t
}

// Waiting returns at most limit ids, after the id after ("" = from the
// first), of messages whose next step waits for account to bind
// (Record.WaitsFor), in id order.
func (s *Store) Waiting(account, after string, limit int) ([]string, error) {
	var ids []string
	prefix := append([]byte(account), 0)
	err := s.db.View(func(tx *bolt.Tx) error {
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

// List returns the messages matching f, newest first.
func (s *Store) List(f model.Filter) ([]model.Message, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var out []model.Message
	now := time.Now()
	err := s.db.View(func(tx *bolt.Tx) error {
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
			var r Record
			if err := r.decode(v); err != nil {
				return err
			}
			r.materialize(now)
			if f.Account != "" && r.Account != f.Account && r.TargetAccount != f.Account {
				continue
			}
			if f.State != "" && r.State != f.State {
				continue
			}
			out = append(out, r.Message)
		}
		return nil
	})
	return out, err
}

// Count is the number of messages stored.
func (s *Store) Count() int { return int(s.count.Load()) }

// Pending counts the messages with work scheduled (the time index).
func (s *Store) Pending() int { return int(s.pending.Load()) }
