package cluster

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/engine"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
)

// inflight bounds the deliveries (and, apart, the receipts) one node has
// in hand for one account: below the library's SMPP window of 100, so a
// single session's window rarely fills.
const inflight = 64

// worker pulls one account's deliveries and receipts while the account
// has a receiving session on this node.
type worker struct {
	account string
	quit    chan struct{}
	once    sync.Once
}

func (w *worker) stop() { w.once.Do(func() { close(w.quit) }) }

// Bound starts pulling for account (its first receiving session here).
// It runs under the engine's session lock: it only starts goroutines.
func (n *Node) Bound(account string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.workers[account] != nil || n.closed || n.ctx.Err() != nil {
		return
	}
	w := &worker{account: account, quit: make(chan struct{})}
	n.workers[account] = w
	n.pulls.Add(2)
	n.wg.Add(1)
	go n.pull(w, false)
	go n.pull(w, true)
	go func() { defer n.wg.Done(); n.putBind(account) }()
	n.logf("cluster: account %s bound on node %s: pulling its deliveries and receipts", account, n.name)
}

// Unbound stops pulling for account (its last receiving session here
// ended) and removes its bind from the routing table. What is in hand is
// finished or handed back by its own outcome.
func (n *Node) Unbound(account string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if w := n.workers[account]; w != nil {
		w.stop()
		delete(n.workers, account)
		n.wg.Add(1)
		go func() { defer n.wg.Done(); n.deleteBind(account) }()
	}
}

// pull is the loop of one consumer: the account's deliveries, or its
// receipts. The durable consumer is shared by every node holding a bind
// of the account; JetStream hands each message to one of them and hands
// it out again when it is not acknowledged within the consumer's AckWait.
func (n *Node) pull(w *worker, receipts bool) {
	defer n.pulls.Done()
	name, subj := "dlv_"+token(w.account), deliverSubject(w.account)
	if receipts {
		name, subj = "rct_"+token(w.account), receiptSubject(w.account)
	}
	var cons jetstream.Consumer
	for cons == nil {
		ctx, cancel := context.WithTimeout(n.ctx, opTimeout)
		c, err := n.js.CreateOrUpdateConsumer(ctx, streamName, jetstream.ConsumerConfig{Durable: name,
			FilterSubject: subj, AckPolicy: jetstream.AckExplicitPolicy, AckWait: n.ackWait,
			MaxDeliver: -1, MaxAckPending: 4 * inflight * 8})
		cancel()
		if err == nil {
			cons = c
			break
		}
		if !n.sleep(w, 500*time.Millisecond) {
			return
		}
	}
	// A pull that keeps up to inflight messages coming ahead of need
	// (one round trip per batch, not per message); a slot is taken before
	// each message is, so at most inflight are in hand at once. Each pull
	// request expires after a second: the request of a node that died
	// stays with the consumer's leader until it expires, and would take
	// (and lose for an AckWait) the messages handed out again meanwhile.
	it, err := cons.Messages(jetstream.PullMaxMessages(inflight), jetstream.PullExpiry(time.Second))
	for err != nil {
		if !n.sleep(w, 500*time.Millisecond) {
			return
		}
		it, err = cons.Messages(jetstream.PullMaxMessages(inflight), jetstream.PullExpiry(time.Second))
	}
	stopped := make(chan struct{})
	defer close(stopped)
	go func() {
		select {
		case <-w.quit:
			it.Drain() // what was pulled ahead stays readable: giveBack
		case <-n.ctx.Done():
			it.Stop()
		case <-stopped:
			it.Stop()
		}
	}()
	// giveBack hands the messages pulled ahead back to JetStream when the
	// account's last session here ends, so that the node it binds to next
	// gets them at once, not after the AckWait.
	giveBack := func() {
		for {
			m, err := it.Next()
			if err != nil {
				return
			}
			m.Nak()
		}
	}
	slots := make(chan struct{}, inflight)
	for {
		select {
		case slots <- struct{}{}:
		case <-w.quit:
			giveBack()
			return
		case <-n.ctx.Done():
			return
		}
		m, err := it.Next()
		if err != nil {
			<-slots
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return
			}
			select {
			case <-w.quit:
				giveBack()
				return
			default:
			}
			if !n.sleep(w, 200*time.Millisecond) {
				return
			}
			continue
		}
		n.inHand.Add(1)
		k := n.hold(m)
		release := func() { <-slots; n.unhold(k); n.inHand.Done() }
		// Each in its own goroutine (at most inflight): the state read
		// before a delivery is a round trip to JetStream.
		if receipts {
			go n.handleReceipt(m, release)
		} else {
			go n.handleDeliver(m, release)
		}
	}
}

// hold records m as in hand until unhold: what Close gives back.
func (n *Node) hold(m jetstream.Msg) uint64 {
	n.heldMu.Lock()
	defer n.heldMu.Unlock()
	n.heldSeq++
	n.held[n.heldSeq] = m
	return n.heldSeq
}

func (n *Node) unhold(k uint64) {
	n.heldMu.Lock()
	delete(n.held, k)
	n.heldMu.Unlock()
}

// sleep waits d, reporting false when the worker or the node stops first.
func (n *Node) sleep(w *worker, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-w.quit:
	case <-n.ctx.Done():
	}
	return false
}

// numDelivered is how many times JetStream has handed m out.
func numDelivered(m jetstream.Msg) int {
	if md, err := m.Metadata(); err == nil {
		return int(md.NumDelivered)
	}
	return 1
}

// handBack gives m back to JetStream: another node (or this one) gets it
// after delay.
func (n *Node) handBack(m jetstream.Msg, delay time.Duration) {
	m.NakWithDelay(delay)
	n.count(func(s *Stats) { s.Nak++ })
}

// record reads the record a message names and its revision; false when m
// was settled (the record is gone, or could not be read and m was handed
// back).
func (n *Node) record(m jetstream.Msg) (*store.Record, uint64, bool) {
	r, rev, err := n.getRev(string(m.Data()))
	switch {
	case errors.Is(err, model.ErrNotFound) && numDelivered(m) > 20:
		m.Term() // purged after the retention: nothing left to deliver
		return nil, 0, false
	case errors.Is(err, model.ErrNotFound):
		// Reads go to the stream's leader, so this should not happen
		// for a record stored before its id was published; but were it
		// a replica that lags, giving up would lose the message.
		n.handBack(m, time.Second)
		n.count(func(s *Stats) { s.NotFound++ })
		return nil, 0, false
	case err != nil:
		n.handBack(m, time.Second)
		return nil, 0, false
	}
	return r, rev, true
}

// handleDeliver delivers one message pulled for an account bound here.
func (n *Node) handleDeliver(m jetstream.Msg, release func()) {
	r, rev, ok := n.record(m)
	if !ok {
		release()
		return
	}
	now := time.Now()
	switch {
	case r.State.Final():
		// Cancelled or expired meanwhile, or delivered by a node that
		// stored the state but died before its acknowledgement (and
		// perhaps before queueing the receipt: queued again, once).
		if r.ReceiptDue && n.queueReceipt(r) != nil {
			n.handBack(m, time.Second)
		} else {
			m.Ack()
		}
		release()
		return
	case now.After(r.ValidUntil):
		go func() { defer release(); n.finish(m, r, rev, model.StateExpired, 0, "validity period ended") }()
		return
	case r.NotBefore.After(now):
		n.handBack(m, min(time.Until(r.NotBefore), time.Minute))
		release()
		return
	}
	m.InProgress() // the AckWait starts again: the wait for a slot is not the client's
	tries := numDelivered(m)
	sent := n.eng.Deliver(r, false, func(res engine.Result) {
		// The engine is done with r (sent and answered): it is ours to change.
		go func() { defer release(); n.delivered(m, r, rev, tries, res) }()
	})
	if !sent { // the session ended meanwhile: let another node have it
		n.handBack(m, 200*time.Millisecond)
		release()
	}
}

// delivered stores a delivery's outcome and settles m.
func (n *Node) delivered(m jetstream.Msg, r *store.Record, rev uint64, tries int, res engine.Result) {
	switch {
	case res.OK:
		if n.finish(m, r, rev, model.StateDelivered, 0, "") {
			n.count(func(s *Stats) {
				s.Delivered++
				if tries > 1 {
					s.Redelivered++
				}
			})
		}
	case res.Permanent:
		n.finish(m, r, rev, model.StateUndeliverable, res.Code, res.Detail)
	default:
		now := time.Now()
		wait := n.eng.Backoff(tries)
		n.updateFrom(r.ID, r, rev, func(r *store.Record) bool {
			if r.State.Final() {
				return false
			}
			r.Attempts = tries
			r.SetState(model.StateEnroute, now.UTC(), res.Detail)
			r.NextAttempt = now.Add(wait).UTC()
			return true
		})
		n.count(func(s *Stats) { s.Retried++ })
		n.handBack(m, wait)
	}
}

// finish stores a final state, queues the receipt it owes and
// acknowledges m; on a failure m is handed back (and delivered again:
// at least once). It reports whether m was acknowledged.
func (n *Node) finish(m jetstream.Msg, cur *store.Record, rev uint64, s model.State, code int, detail string) bool {
	owed := false
	tries, id := numDelivered(m), cur.ID
	r, err := n.updateFrom(id, cur, rev, func(r *store.Record) bool {
		if r.State.Final() {
			owed = false
			return false
		}
		r.Attempts = tries
		owed = n.eng.Finish(r, s, code, detail)
		return true
	})
	if err == nil && owed {
		err = n.queueReceipt(r)
	}
	if err != nil {
		n.handBack(m, time.Second)
		return false
	}
	m.Ack()
	return true
}

// handleReceipt sends one receipt pulled for an account bound here.
func (n *Node) handleReceipt(m jetstream.Msg, release func()) {
	r, _, ok := n.record(m)
	if !ok {
		release()
		return
	}
	if !r.State.Final() && r.TargetAccount == "" {
		// A message nobody owns: its simulated outcome happens at
		// OutcomeAt, then its receipt goes out.
		if wait := time.Until(r.OutcomeAt); wait > 0 {
			n.handBack(m, wait)
			release()
			return
		}
		var err error
		r, err = n.updateFrom(r.ID, nil, 0, func(*store.Record) bool { return false }) // it settles the outcome

		if err != nil {
			n.handBack(m, time.Second)
			release()
			return
		}
	}
	if !r.ReceiptDue { // sent already by a node that died before acknowledging
		m.Ack()
		release()
		return
	}
	m.InProgress()
	tries, id := numDelivered(m), r.ID
	sent := n.eng.Deliver(r, true, func(res engine.Result) {
		go func() {
			defer release()
			if !res.OK {
				n.handBack(m, n.eng.Backoff(tries))
				return
			}
			_, err := n.updateFrom(id, nil, 0, func(r *store.Record) bool {
				if !r.ReceiptDue {
					return false
				}
				r.ReceiptDue = false
				return true
			})
			if err != nil {
				n.handBack(m, time.Second)
				return
			}
			m.Ack()
			n.count(func(s *Stats) { s.Receipts++ })
		}()
	})
	if !sent { // no session of the submitter on its protocol here
		n.handBack(m, 200*time.Millisecond)
		release()
	}
}
