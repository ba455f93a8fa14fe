package engine

import (
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
)

// wantsReceipt reports whether the submitter of r asked for a final
// receipt for state s.
func wantsReceipt(r *store.Record, s model.State) bool {
	if r.Direction != "mt" {
		return false
	}
	if r.Protocol == pSMPP {
		switch r.RegisteredDelivery & 0x03 {
		case 1:
			return true
		case 2:
			return s != model.StateDelivered
		}
		return false
	}
	return r.Receipt
}

// wantsIntermediate reports whether r asked for an intermediate report:
// SMPP registered_delivery bit 4, UCP NT bit 4 (buffered), CIMD2 056 bit 1
// (temporary error).
func wantsIntermediate(r *store.Record) bool {
	switch r.Protocol {
	case pSMPP:
		return r.RegisteredDelivery&0x10 != 0
	case pUCP:
		return r.ReportMask&4 != 0
	case pCIMD2:
		return r.ReportMask&1 != 0
	}
	return false
}

// prepare fills in what the engine decides at submit: the owning account
// or a simulated outcome, and when the scheduler first looks at it.
// deliverAt is the submit's scheduled delivery time (zero = at once).
func (e *Engine) prepare(r *store.Record, now, deliverAt time.Time) {
	r.SubmittedAt = now.UTC()
	if r.ValidUntil.IsZero() {
		r.ValidUntil = now.Add(e.cfg.Retry.Validity.Duration).UTC()
	}
	r.SetState(model.StateAccepted, now.UTC(), "")
	start := now
	if deliverAt.After(now) {
		start, r.NotBefore = deliverAt, deliverAt.UTC()
	}
	if t := e.acc.owner(r.To); t != "" && !strings.Contains(r.To, ";") {
		r.TargetAccount = t
		r.Due = start
		return
	}
	rc := e.cfg.Receipts
	r.Outcome = pickOutcome(rc)
	delay := rc.Delay.Duration
	if spread := rc.DelayMax.Duration - delay; spread > 0 {
		delay += rand.N(spread)
	}
	r.OutcomeAt = start.Add(delay)
	if !wantsReceipt(r, r.Outcome) && !wantsIntermediate(r) {
		// Nothing to send: the outcome is applied when the message is
		// read (store.Record.materialize), not scheduled.
		return
	}
	r.Due = r.OutcomeAt
	if rc.Intermediate.Duration > 0 && rc.Intermediate.Duration < delay && wantsIntermediate(r) {
		r.IntermediateDue = true
		r.Due = start.Add(rc.Intermediate.Duration)
	}
}

func pickOutcome(rc config.Receipts) model.State {
	x := rand.Float64() * (rc.Delivered + rc.Undeliverable + rc.Expired + rc.Rejected)
	switch {
	case x < rc.Delivered:
		return model.StateDelivered
	case x < rc.Delivered+rc.Undeliverable:
		return model.StateUndeliverable
	case x < rc.Delivered+rc.Undeliverable+rc.Expired:
		return model.StateExpired
	}
	return model.StateRejected
}

// store stores a new record and calls answer with the outcome once it is
// durable; answer runs on the store's committer and must not block long.
func (e *Engine) store(r *store.Record, answer func(ok bool)) {
	if e.cl != nil && e.inCluster(r) {
		e.storeCluster(r, answer)
		return
	}
	e.inSubmit.Add(1)
	e.st.Insert(r, func(sr *store.Record, err error) {
		defer e.inSubmit.Done()
		if err != nil {
			e.log.Error("store failed", "id", r.ID, "err", err)
			answer(false)
			return
		}
		e.rates.submits.Add(1)
		answer(true)
		e.log.Info("submit", "id", r.ID, "account", r.Account, "protocol", r.Protocol, "from", r.From, "to", r.To,
			"target", r.TargetAccount, "receipt", r.Receipt)
		e.kickBefore(r.Due)
	})
}

// kickBefore wakes the scheduler when t is earlier than it would wake.
func (e *Engine) kickBefore(t time.Time) {
	if !t.IsZero() && t.UnixNano() < e.wakeAt.Load() {
		e.kickScheduler()
	}
}

func (e *Engine) kickScheduler() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// wake makes the messages waiting for account due now: it has just bound.
// It goes through them in pages, so a large backlog costs no more memory
// than a page.
func (e *Engine) wake(account string) {
	const page = 1000
	after := ""
	for {
		ids, err := e.st.Waiting(account, after, page)
		if err != nil || len(ids) == 0 {
			return
		}
		now := time.Now()
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			e.st.Update(id, func(r *store.Record) bool {
				// Not one already on its way in this run: that would
				// send it twice (one in flight before a restart is not).
				if r.Due.IsZero() || !r.Due.After(now) || r.SentAt.After(e.started) || r.NotBefore.After(now) {
					return false
				}
				r.Due = now
				return true
			}, func(*store.Record, error) { wg.Done() })
		}
		wg.Wait()
		e.kickScheduler()
		if len(ids) < page {
			return
		}
		after = ids[len(ids)-1]
	}
}

// backoff is the wait before attempt n+1: First doubling up to Max.
func (e *Engine) backoff(n int) time.Duration {
	d := e.cfg.Retry.First.Duration
	for i := 1; i < n && d < e.cfg.Retry.Max.Duration; i++ {
		d *= 2
	}
	return min(d, e.cfg.Retry.Max.Duration)
}
