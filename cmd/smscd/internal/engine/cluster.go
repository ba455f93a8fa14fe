package engine

import (
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
)

// Cluster is all the engine needs from cluster mode (package cluster,
// docs/scale-out.md): messages to owned addresses and their state live in
// NATS JetStream instead of the local store, and this node delivers the
// ones whose owner it holds a bind of. Without it (nil, single node)
// nothing here runs and the local store does everything, as before.
//
// Messages nobody owns stay in the local store (their outcome is simulated
// where they were submitted); only their receipts go through the cluster,
// since the submitter may bind on another node by then.
type Cluster interface {
	// Submit stores a new message (to an owned address, or one nobody
	// owns that owes a receipt: its OutcomeAt says when); done(nil) runs
	// once JetStream has acknowledged it, and only then is the submit
	// acknowledged to the client.
	Submit(r *store.Record, done func(error))
	// Receipt hands a final receipt owed for r to the cluster; done(nil)
	// once JetStream has it.
	Receipt(r *store.Record, done func(error))
	// Get and Update read and change a message the cluster stores
	// (query_sm, cancel_sm, replace_sm, the HTTP API); Update applies fn
	// with compare-and-set, fn reporting false to change nothing.
	Get(id string) (*store.Record, error)
	Update(id string, fn func(*store.Record) bool) (*store.Record, error)
	// IDSuffix is this node's fixed-width decimal number in the cluster,
	// appended to every message id: each node counts from its start
	// time, and nodes started in the same millisecond would hand out the
	// same ids.
	IDSuffix() string
	// Bound is called when account gets its first session here that may
	// receive, Unbound when it loses its last one.
	Bound(account string)
	Unbound(account string)
}

// SetCluster turns cluster mode on; call it before Start.
func (e *Engine) SetCluster(c Cluster) { e.cl, e.idSuffix = c, c.IDSuffix() }

// Result is the outcome of a delivery or receipt the cluster asked for.
type Result struct {
	OK        bool   // the client acknowledged it
	Permanent bool   // refused for good: do not retry
	Code      int    // the refusal's error code, for the receipt
	Detail    string // why it failed
}

// Deliver sends r (read from the cluster) to a session on this node:
// the message itself to a receiving session of its owner, or, when receipt
// is set, its final receipt to a session of the submitter on the protocol
// it submitted with. It reports false when this node has no such session;
// otherwise done runs once with the client's answer (or the library's
// outcome: no answer within ack_wait, connection lost).
func (e *Engine) Deliver(r *store.Record, receipt bool, done func(Result)) bool {
	var s *session
	a := action{kind: actDeliver}
	if receipt {
		s, a.kind = e.receiver(r.Account, r.Protocol), actReceipt
	} else {
		s = e.receiver(r.TargetAccount, "")
	}
	if s == nil {
		return false
	}
	a.to = s
	e.performDone(a, r, done)
	return true
}

// Finish moves r to a final state as the scheduler would (the receipt it
// owes, the event line, the delivery count) and returns whether the
// submitter is owed a receipt.
func (e *Engine) Finish(r *store.Record, s model.State, code int, detail string) bool {
	now := time.Now()
	r.ErrorCode = code
	r.SetState(s, now.UTC(), detail)
	e.finished(r, now)
	r.Due = time.Time{} // the cluster schedules nothing in the local store
	return r.ReceiptDue
}

// Backoff is the wait before attempt n+1.
func (e *Engine) Backoff(n int) time.Duration { return e.backoff(n) }

// get reads a message: from the local store, else from the cluster.
func (e *Engine) get(id string) (*store.Record, error) {
	r, err := e.st.Get(id)
	if err != nil && e.cl != nil {
		return e.cl.Get(id)
	}
	return r, err
}

// updateWait changes a message where it lives and returns once stored.
func (e *Engine) updateWait(id string, fn func(*store.Record) bool) (*store.Record, error) {
	if e.cl != nil {
		if _, err := e.st.Get(id); err != nil {
			return e.cl.Update(id, fn)
		}
	}
	return e.st.UpdateWait(id, fn)
}

// inCluster tells which new messages cluster mode keeps in JetStream:
// those to an owned address, and those nobody owns whose simulated outcome
// owes the submitter a receipt (a node that dies must not lose it). The
// rest, messages nobody owns that owe nothing, stay in the local store:
// one local write, and nothing is lost with the node but their state.
func (e *Engine) inCluster(r *store.Record) bool {
	return r.TargetAccount != "" || (r.Outcome != "" && wantsReceipt(r, r.Outcome))
}

// SimulatedOutcome applies the simulated outcome of a message nobody owns
// (a record the cluster keeps) and reports whether the submitter is owed
// a receipt for it.
func (e *Engine) SimulatedOutcome(r *store.Record) bool {
	if r.State.Final() || r.TargetAccount != "" || r.Outcome == "" {
		return r.ReceiptDue
	}
	return e.Finish(r, r.Outcome, 0, "simulated")
}

// storeCluster is store for a message kept in the cluster (inCluster).
func (e *Engine) storeCluster(r *store.Record, answer func(ok bool)) {
	e.inSubmit.Add(1)
	e.cl.Submit(r, func(err error) {
		defer e.inSubmit.Done()
		if err != nil {
			e.log.Error("cluster store failed", "id", r.ID, "err", err)
			answer(false)
			return
		}
		e.rates.submits.Add(1)
		answer(true)
		e.log.Info("submit", "id", r.ID, "account", r.Account, "protocol", r.Protocol, "from", r.From, "to", r.To,
			"target", r.TargetAccount, "receipt", r.Receipt, "cluster", true)
	})
}

// clusterReceipt hands a receipt due in the local store to the cluster and
// records the result like an answered receipt.
func (e *Engine) clusterReceipt(r *store.Record) {
	id := r.ID
	e.cl.Receipt(r, func(err error) {
		at := &attempt{id: id, receipt: true}
		if err != nil {
			at.failed, at.detail = true, "cluster: "+err.Error()
		}
		go e.resolve(at)
	})
}
