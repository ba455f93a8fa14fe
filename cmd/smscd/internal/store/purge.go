package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// Purge deletes, oldest first, final messages with nothing left to do
// (no receipt owed) that were submitted before cutoff or are beyond the
// newest keep messages (keep 0 = no count limit). One call looks at most
// at 4 × limit messages from the id after (""= the first) and deletes at
// most limit, in one transaction; it returns how many it deleted and the
// id to go on from ("" when there is nothing more to delete now). Messages
// not final are passed over, so a backlog of them does not stop the purge.
// The file's freed pages are reused for new messages, so the file stops
// growing.
func (s *Store) Purge(cutoff time.Time, keep, limit int, after string) (int, string, error) {
	n, next := 0, ""
	now := time.Now()
	err := s.db.Update(func(tx *bolt.Tx) error {
		n, next = 0, ""
		over := 0
		if keep > 0 {
			over = int(s.count.Load()) - keep
		}
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
			done, submittedAt, err := purgeable(v, now)
			if err != nil {
				continue
			}
			if submittedAt.After(cutoff) && n >= over {
				break // ids follow submission order: nothing older remains
			}
			if !done {
				continue
			}
			if err := c.Delete(); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err == nil {
		s.count.Add(int64(-n))
	}
	return n, next, err
}
