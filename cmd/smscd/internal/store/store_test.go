package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

func insertWait(t *testing.T, s *Store, r *Record) {
	ch := make(chan error, 1)
	s.Insert(r, func(_ *Record, err error) { ch <- err })
	require.NoError(t, <-ch)
}

// A message nobody owns whose outcome was not scheduled shows its
// outcome once it is due.
func TestUnscheduledOutcomeMaterialises(t *testing.T) {
	s, err := Open("", true)
	require.NoError(t, err)
	defer s.Close()
	now := time.Now()
	r := &Record{Message: model.Message{ID: "x"}, Outcome: model.StateUndeliverable, OutcomeAt: now.Add(100 * time.Millisecond)}
	r.SetState(model.StateAccepted, now, "")
	insertWait(t, s, r)
	got, err := s.Get("x")
	require.NoError(t, err)
	require.Equal(t, model.StateAccepted, got.State)
	time.Sleep(150 * time.Millisecond)
	got, _ = s.Get("x")
	require.Equal(t, model.StateUndeliverable, got.State)
	require.Len(t, got.History, 2)
}

// Records, their time index and the per-account waiting index survive a
// reopen; Due returns what is due in time order; updates move the index.
func TestStoreIndexesAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path, false)
	require.NoError(t, err)
	now := time.Now()
	for i, id := range []string{"a", "b", "c"} {
		r := &Record{Message: model.Message{ID: id, Direction: "mt", TargetAccount: "owner"}, Due: now.Add(time.Duration(i) * time.Second)}
		r.SetState(model.StateAccepted, now, "")
		insertWait(t, s, r)
	}
	ids, err := s.Due(now.Add(1500*time.Millisecond), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, ids)
	r, err := s.UpdateWait("b", func(r *Record) bool {
		r.SetState(model.StateDelivered, now, "")
		r.Due = time.Time{}
		return true
	})
	require.NoError(t, err)
	require.Equal(t, model.StateDelivered, r.State)
	require.Equal(t, 2, s.Pending())
	require.NoError(t, s.Close())
	require.ErrorIs(t, s.Close(), ErrClosed)

	s, err = Open(path, false)
	require.NoError(t, err)
	defer s.Close()
	ids, _ = s.Due(now.Add(time.Hour), 10)
	require.Equal(t, []string{"a", "c"}, ids)
	require.Equal(t, 2, s.Pending())
	w, _ := s.Waiting("owner", "", 10)
	require.Equal(t, []string{"a", "c"}, w)
	w, _ = s.Waiting("owner", "a", 10)
	require.Equal(t, []string{"c"}, w)
	list, err := s.List(model.Filter{})
	require.NoError(t, err)
	require.Equal(t, "c", list[0].ID) // newest first
	list, _ = s.List(model.Filter{State: model.StateDelivered})
	require.Len(t, list, 1)
	list, _ = s.List(model.Filter{Before: "b"})
	require.Len(t, list, 1)
	require.Equal(t, "a", list[0].ID)
	_, err = s.Get("zz")
	require.ErrorIs(t, err, model.ErrNotFound)
}

// Purge deletes the oldest final messages with nothing left to do, by age
// and by count, and leaves the others.
func TestPurge(t *testing.T) {
	s, err := Open("", true)
	require.NoError(t, err)
	defer s.Close()
	old := time.Now().Add(-time.Hour)
	for i, st := range []model.State{model.StateDelivered, model.StateAccepted, model.StateExpired, model.StateDelivered, model.StateDelivered} {
		r := &Record{Message: model.Message{ID: string(rune('a' + i)), SubmittedAt: old}}
		r.SetState(st, old, "")
		if st == model.StateAccepted {
			r.Due = time.Now().Add(time.Hour)
		}
		if i >= 3 {
			r.SubmittedAt = time.Now()
		}
		insertWait(t, s, r)
	}
	require.Equal(t, 5, s.Count())
	n, next, err := s.Purge(time.Now().Add(-time.Minute), 0, 100, "")
	require.NoError(t, err)
	require.Equal(t, "", next)
	require.Equal(t, 2, n) // a and c: old and final; b is still due
	require.Equal(t, 3, s.Count())
	n, _, err = s.Purge(time.Now().Add(-time.Minute), 1, 100, "")
	require.NoError(t, err)
	require.Equal(t, 2, n) // at most 1 kept: d and e go, b cannot
	require.Equal(t, 1, s.Count())
	_, err = s.Get("b")
	require.NoError(t, err)
	_, err = s.Get("e")
	require.ErrorIs(t, err, model.ErrNotFound)
}

// A backlog of messages not final at the front does not stop the purge:
// it goes on from where the last call stopped.
func TestPurgePassesABacklog(t *testing.T) {
	s, err := Open("", true)
	require.NoError(t, err)
	defer s.Close()
	old := time.Now().Add(-time.Hour)
	for i := range 30 {
		r := &Record{Message: model.Message{ID: fmt.Sprintf("%03d", i), SubmittedAt: old}}
		r.SetState(model.StateDelivered, old, "")
		if i < 20 {
			r.SetState(model.StateAccepted, old, "")
			r.Due = time.Now().Add(time.Hour)
		}
		insertWait(t, s, r)
	}
	total, after := 0, ""
	for range 10 {
		n, next, err := s.Purge(time.Now(), 0, 2, after)
		require.NoError(t, err)
		total += n
		if next == "" {
			break
		}
		after = next
	}
	require.Equal(t, 10, total)
	require.Equal(t, 20, s.Count())
}
