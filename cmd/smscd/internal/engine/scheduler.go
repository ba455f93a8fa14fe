package engine

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
)

// schedBatch bounds one poll of the time index.
const schedBatch = 256

// schedule is the one scheduler goroutine: it takes the work due from the
// store's time index, at most schedBatch at a time, decides each message's
// next step inside the store's committer (so it never races an answer or
// a cancel), and after the commit sends what was decided.
func (e *Engine) schedule() {
	defer close(e.stopped)
	for {
		ids, _ := e.st.Due(time.Now(), schedBatch)
		if len(ids) == 0 {
			// Publish the wake time before reading the index: a record
			// stored after the read then sees it and kicks.
			wait := time.Second
			e.wakeAt.Store(time.Now().Add(wait).UnixNano())
			if next := e.st.NextDue(); !next.IsZero() {
				wait = min(wait, max(time.Until(next), time.Millisecond))
				e.wakeAt.Store(time.Now().Add(wait).UnixNano())
			}
			t := time.NewTimer(wait)
			select {
			case <-e.stop:
				t.Stop()
				return
			case <-e.kick:
			case <-t.C:
			}
			t.Stop()
			e.wakeAt.Store(0) // busy: nobody needs to kick
			continue
		}
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			var act action
			e.st.Update(id, func(r *store.Record) bool { act = e.decide(r, time.Now()); return true },
				func(r *store.Record, err error) {
					defer wg.Done()
					if err == nil && r != nil {
						e.perform(act, r)
					}
				})
		}
		wg.Wait()
		select {
		case <-e.stop:
			return
		default:
		}
	}
}

// action is what the scheduler does after committing a decision.
type action struct {
	kind int // actNone, actDeliver, actReceipt, actIntermediate
	to   *session
}

const (
	actNone = iota
	actDeliver
	actReceipt
	actIntermediate
	actClusterReceipt
)

// decide moves r one step on and says what to send; it runs inside the
// store's transaction and only reads the session table.
func (e *Engine) decide(r *store.Record, now time.Time) action {
	if r.Due.IsZero() || r.Due.After(now) {
		return action{} // someone else moved it meanwhile
	}
	if !r.State.Final() && now.After(r.ValidUntil) {
		r.SetState(model.StateExpired, now.UTC(), "validity period ended")
		e.finished(r, now)
	}
	if r.IntermediateDue && !r.State.Final() {
		r.IntermediateDue = false
		r.Due = r.OutcomeAt
		if s := e.receiver(r.Account, r.Protocol); s != nil {
			return action{kind: actIntermediate, to: s}
		}
		return action{}
	}
	if !r.State.Final() && r.TargetAccount != "" {
		s := e.receiver(r.TargetAccount, "")
		if s == nil {
			// Nobody to deliver to: wait; a bind of the owner wakes it.
			r.Due = untilValidity(r, now.Add(e.cfg.Retry.Max.Duration))
			r.NextAttempt = r.Due.UTC()
			return action{}
		}
		r.Attempts++
		r.Due = now.Add(e.safetyWait())
		r.NextAttempt = time.Time{}
		r.SentAt = now
		return action{kind: actDeliver, to: s}
	}
	if !r.State.Final() { // nobody owns To: the simulated outcome is due
		r.SetState(r.Outcome, now.UTC(), "simulated")
		e.finished(r, now)
	}
	if r.ReceiptDue && e.cl != nil {
		// The submitter may be bound on another node: the cluster carries it.
		r.Due = now.Add(e.safetyWait())
		r.SentAt = now
		return action{kind: actClusterReceipt}
	}
	if r.ReceiptDue {
		s := e.receiver(r.Account, r.Protocol)
		if s == nil {
			r.ReceiptTries++
			r.Due = now.Add(e.backoff(r.ReceiptTries))
			return action{}
		}
		r.Due = now.Add(e.safetyWait())
		r.SentAt = now
		return action{kind: actReceipt, to: s}
	}
	r.Due = time.Time{}
	return action{}
}

// untilValidity is t, or the end of r's validity period when that comes
// first: a message waiting for a retry expires on time.
func untilValidity(r *store.Record, t time.Time) time.Time {
	if end := r.ValidUntil.Add(time.Millisecond); end.Before(t) {
		return end
	}
	return t
}

// safetyWait is when an attempt in flight is looked at again if neither
// an answer nor the library's timeout outcome (at ack_wait) came: only
// after a crash of the attempt's bookkeeping, or a restart.
func (e *Engine) safetyWait() time.Duration {
	return e.cfg.Retry.AckWait.Duration + 5*time.Second
}

// finished sets what follows a final state: a receipt when one is wanted.
func (e *Engine) finished(r *store.Record, now time.Time) {
	r.ReceiptDue = wantsReceipt(r, r.State)
	r.IntermediateDue = false
	if r.ReceiptDue {
		r.Due = now
	} else {
		r.Due = time.Time{}
	}
	e.log.Info("state", "id", r.ID, "state", string(r.State), "attempts", r.Attempts)
	if r.State == model.StateDelivered {
		e.rates.deliveries.Add(1)
	}
}

// perform sends what decide chose, on the session's protocol, and records
// it in flight; a send that fails at once is an attempt that failed.
func (e *Engine) perform(a action, r *store.Record) { e.performDone(a, r, nil) }

// performDone is perform whose result goes to done when it is not nil
// (cluster mode) instead of the store.
func (e *Engine) performDone(a action, r *store.Record, done func(Result)) {
	if a.kind == actNone {
		return
	}
	if a.kind == actClusterReceipt {
		e.clusterReceipt(r)
		return
	}
	var nums []uint32
	var ok bool
	var detail string
	// Sending and recording happen under flightMu, which answered takes
	// too: an answer quicker than the bookkeeping still finds its attempt.
	e.flightMu.Lock()
	defer e.flightMu.Unlock()
	switch a.kind {
	case actDeliver:
		nums, ok, detail = e.sendDeliver(a.to, r)
		e.log.Info("deliver", "id", r.ID, "session", a.to.ID, "account", a.to.Account, "attempt", r.Attempts, "sent", ok, "detail", detail)
	case actReceipt, actIntermediate:
		var n uint32
		n, ok, detail = e.sendReceipt(a.to, r, a.kind == actIntermediate)
		nums = []uint32{n}
		e.log.Info("receipt", "id", r.ID, "session", a.to.ID, "state", string(r.State), "intermediate", a.kind == actIntermediate, "sent", ok, "detail", detail)
		if a.kind == actIntermediate {
			return // best effort: not tracked
		}
	}
	at := &attempt{id: r.ID, receipt: a.kind == actReceipt, parts: len(nums), done: done}
	if !ok {
		at.failed, at.detail = true, detail
		go e.resolve(at) // not on the committer's goroutine: resolve queues a store update
		return
	}
	for _, n := range nums {
		e.inflight[ikey{a.to.Protocol, a.to.client, n}] = at
	}
}

// answered handles the client's answer (or the library's outcome) for one
// of our numbers. ok is a positive answer; permanent a refusal not worth
// retrying.
func (e *Engine) answered(proto string, client int32, num uint32, ok, permanent bool, code uint32, detail string) {
	k := ikey{proto, client, num}
	e.flightMu.Lock()
	at := e.inflight[k]
	delete(e.inflight, k)
	if at == nil {
		e.flightMu.Unlock()
		return
	}
	at.parts--
	if !ok && !at.failed {
		at.failed, at.detail = true, detail
	}
	if permanent && !at.final {
		at.final, at.code = true, int(min(code, 999))
	}
	done := at.parts <= 0
	e.flightMu.Unlock()
	if done {
		e.resolve(at)
	}
}

// InFlight is the number of deliveries and receipts awaiting an answer.
func (e *Engine) InFlight() int {
	e.flightMu.Lock()
	defer e.flightMu.Unlock()
	return len(e.inflight)
}

// resolve stores the result of a whole attempt.
func (e *Engine) resolve(at *attempt) {
	if at.done != nil {
		at.done(Result{OK: !at.failed, Permanent: at.final, Code: at.code, Detail: at.detail})
		return
	}
	e.st.Update(at.id, func(r *store.Record) bool {
		now := time.Now()
		r.SentAt = time.Time{}
		if at.receipt {
			if !r.ReceiptDue {
				return false
			}
			if at.failed {
				r.ReceiptTries++
				r.Due = now.Add(e.backoff(r.ReceiptTries))
			} else {
				r.ReceiptDue, r.Due = false, time.Time{}
			}
			return true
		}
		if r.State.Final() {
			return false // cancelled or expired meanwhile
		}
		if !at.failed {
			r.SetState(model.StateDelivered, now.UTC(), "")
			e.finished(r, now)
			return true
		}
		if at.final {
			r.ErrorCode = at.code
			r.SetState(model.StateUndeliverable, now.UTC(), at.detail)
			e.finished(r, now)
			return true
		}
		r.SetState(model.StateEnroute, now.UTC(), at.detail)
		r.Due = untilValidity(r, now.Add(e.backoff(r.Attempts)))
		r.NextAttempt = r.Due.UTC()
		return true
	}, func(r *store.Record, err error) {
		if r != nil {
			e.kickBefore(r.Due)
		}
	})
}

// rateMeter counts submits and deliveries for Rates.
type rateMeter struct {
	submits, deliveries atomic.Int64
	mu                  sync.Mutex
	lastAt              time.Time
	lastS, lastD        int64
	sps, dps            float64
}

func (m *rateMeter) rates() (float64, float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if d := now.Sub(m.lastAt); d >= time.Second || m.lastAt.IsZero() {
		s, dl := m.submits.Load(), m.deliveries.Load()
		if !m.lastAt.IsZero() {
			m.sps, m.dps = float64(s-m.lastS)/d.Seconds(), float64(dl-m.lastD)/d.Seconds()
		}
		m.lastAt, m.lastS, m.lastD = now, s, dl
	}
	return m.sps, m.dps
}
