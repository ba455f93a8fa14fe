package store

import (
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// Get returns the record with id.
func (s *Store) Get(id string) (*Record, error) { return s.b.get(id) }

// Due returns at most limit ids whose work is due at now, earliest first.
func (s *Store) Due(now time.Time, limit int) ([]string, error) {
	return s.b.due(schedAt(now), limit)
}

// NextDue is when the earliest scheduled work is due (zero when none).
func (s *Store) NextDue() time.Time { return s.b.nextDue() }

// Waiting returns at most limit ids, after the id after ("" = from the
// first), of messages whose next step waits for account to bind
// (Record.WaitsFor), in id order.
func (s *Store) Waiting(account, after string, limit int) ([]string, error) {
	return s.b.waiting(account, after, limit)
}

// List returns the messages matching f, newest first: at most f.Limit
// (100 when not set), older than f.Before when set (model.ErrNotFound when
// there is no such message).
func (s *Store) List(f model.Filter) ([]model.Message, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	return s.b.list(f, limit)
}

// listed decodes the stored encoding v for List: the message as it is at
// now, and whether f lets it through.
func listed(v []byte, f model.Filter, now time.Time) (model.Message, bool, error) {
	var r Record
	if err := r.decode(v); err != nil {
		return model.Message{}, false, err
	}
	r.materialize(now)
	if f.Account != "" && r.Account != f.Account && r.TargetAccount != f.Account {
		return model.Message{}, false, nil
	}
	if f.State != "" && r.State != f.State {
		return model.Message{}, false, nil
	}
	return r.Message, true, nil
}

// Count is the number of messages stored.
func (s *Store) Count() int { return int(s.count.Load()) }

// Pending counts the messages with work scheduled (the time index).
func (s *Store) Pending() int { return int(s.pending.Load()) }
