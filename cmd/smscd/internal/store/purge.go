package store

import (
	"time"
)

// Purge deletes, oldest first, final messages with nothing left to do
// (no receipt owed) that were submitted before cutoff or are beyond the
// newest keep messages (keep 0 = no count limit). One call looks at most
// at 4 × limit messages from the id after (""= the first) and deletes at
// most limit, in one transaction; it returns how many it deleted and the
// id to go on from ("" when there is nothing more to delete now). Messages
// not final are passed over, so a backlog of them does not stop the purge.
// A bbolt file's freed pages are reused for new messages, so the file
// stops growing; in memory the records go at once.
func (s *Store) Purge(cutoff time.Time, keep, limit int, after string) (int, string, error) {
	over := 0
	if keep > 0 {
		over = int(s.count.Load()) - keep
	}
	n, next, err := s.b.purge(cutoff, over, limit, after)
	if err == nil {
		s.count.Add(int64(-n))
	}
	return n, next, err
}

// purgeStep decides for the stored encoding v, the next message in id
// order, with n deleted so far and over messages beyond the count limit:
// delete it, pass over it, or stop (it is too young and nothing older
// remains, for ids follow submission order).
func purgeStep(v []byte, now, cutoff time.Time, n, over int) (del, stop bool) {
	done, submittedAt, err := purgeable(v, now)
	if err != nil {
		return false, false
	}
	if submittedAt.After(cutoff) && n >= over {
		return false, true
	}
	return done, false
}
