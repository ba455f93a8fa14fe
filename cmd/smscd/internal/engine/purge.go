package engine

import (
	"time"
)

// purgeEvery is how often old final messages are deleted.
var purgeEvery = time.Second // a variable for the tests

// purge deletes final messages past the retention or the message limit,
// in transactions of at most 10,000, so the store's file stops growing
// under a steady load.
func (e *Engine) purge() {
	defer close(e.purged)
	t := time.NewTicker(purgeEvery)
	defer t.Stop()
	after := "" // where the last tick stopped
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
		}
		// As many transactions as it takes to catch up: deleting must keep
		// pace with submitting, or the file grows after all.
		// At most 20 transactions a second (200,000 deletions, 800,000
		// messages looked at), resuming where the last tick stopped, so
		// a large backlog of messages not final costs a bounded share.
		for range 20 {
			if e.closing.Load() {
				break
			}
			_, next, err := e.st.Purge(time.Now().Add(-e.cfg.Retention.Duration), e.cfg.MaxMessages, 10000, after)
			after = next
			if err != nil || next == "" {
				after = ""
				break
			}
		}
	}
}
