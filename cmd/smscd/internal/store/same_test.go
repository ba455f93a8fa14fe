package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// The memory backend answers exactly as the bbolt one: the same random
// inserts, updates (moving due times, owners and receipts, finishing
// messages) and purges on both, and every read compared after each step.
func TestBackendsAgree(t *testing.T) {
	b, err := Open(filepath.Join(t.TempDir(), "s.db"), true)
	require.NoError(t, err)
	defer b.Close()
	m, err := Open("", true)
	require.NoError(t, err)
	defer m.Close()
	stores := []*Store{b, m}

	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Now().Add(-time.Hour)
	accounts := []string{"", "a", "b", "ab"}
	states := []model.State{model.StateAccepted, model.StateEnroute, model.StateDelivered, model.StateExpired}
	at := func() time.Time {
		if rng.IntN(3) == 0 {
			return time.Time{}
		}
		// Never within a minute of now: Get on each store sees its own
		// now, and an outcome due in between would tell them apart.
		d := rng.IntN(6000)
		if d > 3000 {
			d += 1200
		}
		return base.Add(time.Duration(d) * time.Second)
	}
	ids := []string{}
	purged := 0
	for step := range 400 {
		switch x := rng.IntN(10); {
		case x < 4 || len(ids) == 0:
			id := fmt.Sprintf("%06d", step)
			ids = append(ids, id)
			r := &Record{Message: model.Message{ID: id, Account: accounts[rng.IntN(4)], TargetAccount: accounts[rng.IntN(4)],
				SubmittedAt: base.Add(time.Duration(step) * time.Second), Text: "hello"},
				Due: at(), ReceiptDue: rng.IntN(2) == 0, Outcome: model.StateDelivered, OutcomeAt: at()}
			r.SetState(states[rng.IntN(4)], time.Now(), "")
			for _, s := range stores {
				c := *r
				c.History = append([]model.StateChange(nil), r.History...)
				insertWait(t, s, &c)
			}
		case x < 8:
			id, due, st, target, receipt := ids[rng.IntN(len(ids))], at(), states[rng.IntN(4)], accounts[rng.IntN(4)], rng.IntN(2) == 0
			skip := rng.IntN(5) == 0
			var got []*Record
			for _, s := range stores {
				r, err := s.UpdateWait(id, func(r *Record) bool {
					if skip {
						return false
					}
					r.Due, r.TargetAccount, r.ReceiptDue = due, target, receipt
					r.SetState(st, time.Unix(1700000000, 0), "x")
					return true
				})
				require.NoError(t, err)
				got = append(got, r)
			}
			require.Equal(t, got[0] == nil, got[1] == nil)
			if got[0] != nil {
				require.Equal(t, *got[0], *got[1])
			}
		default:
			cutoff, keep, limit, after := base.Add(time.Duration(rng.IntN(900))*time.Second), rng.IntN(3)*100, 1+rng.IntN(20), ""
			if rng.IntN(2) == 0 {
				after = ids[rng.IntN(len(ids))]
			}
			n0, next0, err0 := b.Purge(cutoff, keep, limit, after)
			n1, next1, err1 := m.Purge(cutoff, keep, limit, after)
			require.NoError(t, err0)
			require.NoError(t, err1)
			require.Equal(t, [2]any{n0, next0}, [2]any{n1, next1})
			purged += n0
		}
		compare(t, b, m, ids, base, step%10 == 0)
	}
	require.Greater(t, purged, 20) // the purges did purge
	w, _ := m.Waiting("a", "", 1000)
	require.NotEmpty(t, w)
}

// compare reads both stores every way the engine and the HTTP API do.
// With gets, every message too.
func compare(t *testing.T, b, m *Store, ids []string, base time.Time, gets bool) {
	t.Helper()
	same := func(what string, f func(s *Store) any) {
		t.Helper()
		require.Equal(t, f(b), f(m), what)
	}
	same("list all", func(s *Store) any { v, err := s.List(model.Filter{Limit: 1000}); return [2]any{v, err} })
	same("counts", func(s *Store) any { return [2]int{s.Count(), s.Pending()} })
	same("next due", func(s *Store) any { return s.NextDue() })
	for _, end := range []time.Time{base, base.Add(time.Hour), base.Add(3 * time.Hour)} {
		for _, limit := range []int{3, 1000} {
			same("due", func(s *Store) any { v, err := s.Due(end, limit); return [2]any{v, err} })
		}
	}
	for _, acc := range []string{"", "a", "b", "ab"} {
		for _, after := range []string{"", ids[len(ids)/2], ids[len(ids)-1]} {
			same("waiting", func(s *Store) any { v, err := s.Waiting(acc, after, 7); return [2]any{v, err} })
		}
		same("waiting all", func(s *Store) any { v, err := s.Waiting(acc, "", 100000); return [2]any{v, err} })
		for _, st := range []model.State{"", model.StateDelivered, model.StateAccepted} {
			for _, before := range []string{"", ids[len(ids)/3]} {
				for _, limit := range []int{4, 150} {
					f := model.Filter{Account: acc, State: st, Before: before, Limit: limit}
					same("list", func(s *Store) any { v, err := s.List(f); return [2]any{v, err} })
				}
			}
		}
	}
	for _, id := range ids {
		if !gets {
			break
		}
		same("get", func(s *Store) any { v, err := s.Get(id); return [2]any{v, err} })
	}
}
