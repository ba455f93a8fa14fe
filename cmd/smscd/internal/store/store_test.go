package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// backends runs test against each backend: a bbolt file (without fsync,
// which only costs time here) and memory (Open("")).
func backends(t *testing.T, test func(t *testing.T, open func() *Store)) {
	for _, b := range []struct{ name, path string }{{"bolt", "s.db"}, {"memory", ""}} {
		t.Run(b.name, func(t *testing.T) {
			path := b.path
			if path != "" {
				path = filepath.Join(t.TempDir(), path)
			}
			test(t, func() *Store {
				s, err := Open(path, true)
				require.NoError(t, err)
				return s
			})
		})
	}
}

func insertWait(t *testing.T, s *Store, r *Record) {
	ch := make(chan error, 1)
	s.Insert(r, func(_ *Record, err error) { ch <- err })
	require.NoError(t, <-ch)
}

// A message nobody owns whose outcome was not scheduled shows its
// outcome once it is due.
func TestUnscheduledOutcomeMaterialises(t *testing.T) {
	backends(t, testUnscheduledOutcomeMaterialises)
}

func testUnscheduledOutcomeMaterialises(t *testing.T, open func() *Store) {
	s := open()
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

// fill stores a, b and c, owned by "owner", due one second apart, and
// delivers b.
func fill(t *testing.T, s *Store, now time.Time) {
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
	r, err = s.UpdateWait("zz", func(*Record) bool { return true })
	require.NoError(t, err)
	require.Nil(t, r)
}

// checkIndexes reads what fill stored, through every index.
func checkIndexes(t *testing.T, s *Store, now time.Time) {
	ids, _ := s.Due(now.Add(time.Hour), 10)
	require.Equal(t, []string{"a", "c"}, ids)
	ids, _ = s.Due(now.Add(time.Hour), 1)
	require.Equal(t, []string{"a"}, ids)
	require.Equal(t, now.UnixNano(), s.NextDue().UnixNano())
	require.Equal(t, 2, s.Pending())
	require.Equal(t, 3, s.Count())
	w, _ := s.Waiting("owner", "", 10)
	require.Equal(t, []string{"a", "c"}, w)
	w, _ = s.Waiting("owner", "a", 10)
	require.Equal(t, []string{"c"}, w)
	w, _ = s.Waiting("owne", "", 10)
	require.Empty(t, w)
	list, err := s.List(model.Filter{})
	require.NoError(t, err)
	require.Equal(t, "c", list[0].ID) // newest first
	list, _ = s.List(model.Filter{State: model.StateDelivered})
	require.Len(t, list, 1)
	list, _ = s.List(model.Filter{Before: "b"})
	require.Len(t, list, 1)
	require.Equal(t, "a", list[0].ID)
	_, err = s.List(model.Filter{Before: "bb"})
	require.ErrorIs(t, err, model.ErrNotFound)
	_, err = s.Get("zz")
	require.ErrorIs(t, err, model.ErrNotFound)
	got, err := s.Get("b")
	require.NoError(t, err)
	require.Len(t, got.History, 2)
	require.Equal(t, time.UTC, got.History[0].At.Location()) // as decoded, whatever the backend
}

// Records, their time index and the per-account waiting index: Due
// returns what is due in time order; updates move the index.
func TestStoreIndexes(t *testing.T) {
	backends(t, func(t *testing.T, open func() *Store) {
		s := open()
		now := time.Now()
		fill(t, s, now)
		checkIndexes(t, s, now)
		require.NoError(t, s.Close())
		require.ErrorIs(t, s.Close(), ErrClosed)
		_, err := s.UpdateWait("a", func(*Record) bool { return true })
		require.ErrorIs(t, err, ErrClosed)
	})
}

// A bbolt store keeps all of it across a reopen; a memory store keeps
// nothing.
func TestStoreReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path, false)
	require.NoError(t, err)
	now := time.Now()
	fill(t, s, now)
	require.NoError(t, s.Close())
	s, err = Open(path, false)
	require.NoError(t, err)
	defer s.Close()
	checkIndexes(t, s, now)

	m, err := Open("", false)
	require.NoError(t, err)
	fill(t, m, now)
	require.NoError(t, m.Close())
	m, err = Open("", false)
	require.NoError(t, err)
	defer m.Close()
	require.Equal(t, 0, m.Count())
	_, err = m.Get("a")
	require.ErrorIs(t, err, model.ErrNotFound)
}

// Purge deletes the oldest final messages with nothing left to do, by age
// and by count, and leaves the others.
func TestPurge(t *testing.T) { backends(t, testPurge) }

func testPurge(t *testing.T, open func() *Store) {
	s := open()
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
func TestPurgePassesABacklog(t *testing.T) { backends(t, testPurgePassesABacklog) }

func testPurgePassesABacklog(t *testing.T, open func() *Store) {
	s := open()
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
