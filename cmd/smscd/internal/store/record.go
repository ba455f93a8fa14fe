// Package store keeps smscd's messages in a bbolt file: every message with
// its state history, and a time index of the work due on each (a delivery
// attempt, a simulated outcome, a receipt), which the engine's one
// scheduler polls in bounded batches. Nothing is scheduled in memory, so a
// client that never reads its receipts costs disk, not RAM, and a restart
// picks up where the last run stopped.
package store

import (
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// Record is a stored message: what the operator sees (model.Message) and
// what the engine needs to deliver it and to send its receipt in the
// submitter's protocol.
type Record struct {
	model.Message
	SrcTON, SrcNPI, DstTON, DstNPI uint8
	Encoding                       int         // sms.Encoding of Text
	UDH                            string      // hex, UDHL included; "" when none
	RegisteredDelivery             uint8       // SMPP's registered_delivery as submitted
	ReportMask                     int         // UCP NT / CIMD2 056 as submitted (0 = absent)
	SCTS                           time.Time   // UCP and CIMD2: the time stamp that identifies the message in receipts
	Outcome                        model.State // for a message nobody owns: the simulated final state
	OutcomeAt                      time.Time
	ReceiptDue                     bool      // a final receipt is owed to the submitter
	IntermediateDue                bool      // an intermediate report is owed to the submitter
	Due                            time.Time // when the scheduler next looks at it; zero = never
	ErrorCode                      int       // the delivery's network error, for receipts
	ReceiptTries                   int
	// SentAt is when the delivery or receipt now in flight was sent (zero
	// when none is): a bind must not hurry a message already on its way.
	SentAt time.Time
	// NotBefore is the submit's scheduled delivery time (zero = at once).
	NotBefore time.Time
}

// materialize applies a simulated outcome that is due but was never
// scheduled: a message nobody owns whose submitter wants no receipt gets
// its outcome when it is read, not through the scheduler, which keeps
// such submits at one write each.
func (r *Record) materialize(now time.Time) {
	if !r.State.Final() && r.TargetAccount == "" && r.Outcome != "" && r.Due.IsZero() && !now.Before(r.OutcomeAt) {
		r.SetState(r.Outcome, r.OutcomeAt.UTC(), "simulated")
	}
}

// WaitsFor is the account whose binding lets the message's next step
// happen: the owner of To while it is not delivered, then the submitter
// while a receipt is owed; "" when neither.
func (r *Record) WaitsFor() string {
	if !r.State.Final() && r.TargetAccount != "" {
		return r.TargetAccount
	}
	if r.ReceiptDue && r.Account != "" {
		return r.Account
	}
	return ""
}

// SetState moves the message to s and appends the change to its history.
func (r *Record) SetState(s model.State, at time.Time, detail string) {
	r.State = s
	r.History = append(r.History, model.StateChange{At: at, State: s, Detail: detail})
}
