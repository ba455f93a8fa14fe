package store

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// A record is stored in a compact binary form rather than JSON: encoding
// runs once per submit and decoding once per update, and JSON took a
// third of smscd's CPU under load. Layout: a version octet, then every
// field in a fixed order, strings and byte counts as uvarints with their
// octets, times as varint Unix nanoseconds (0 = zero time), booleans as
// one octet. A new field goes at the end, read only when present.

const codecVersion = 1

var errCorrupt = errors.New("store: corrupt record")

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// encode appends r's encoding to b.
func (r *Record) encode(b []byte) []byte {
	if b == nil {
		n := 96 + len(r.ID) + len(r.Account) + len(r.TargetAccount) + len(r.From) + len(r.To) + len(r.Text) + len(r.UDH)
		for _, h := range r.History {
			n += 24 + len(h.Detail)
		}
		b = make([]byte, 0, n)
	}
	b = append(b, codecVersion)
	for _, s := range []string{r.ID, r.Direction, r.Account, r.Protocol, r.TargetAccount, r.From, r.To, r.Text,
		string(r.State), r.UDH, string(r.Outcome)} {
		b = appendString(b, s)
	}
	b = appendBool(b, r.Receipt)
	for _, t := range []time.Time{r.SubmittedAt, r.ValidUntil, r.NextAttempt, r.SCTS, r.OutcomeAt, r.Due} {
		b = appendTime(b, t)
	}
	for _, n := range []int{r.Attempts, r.Encoding, r.ReportMask, r.ErrorCode, r.ReceiptTries} {
		b = binary.AppendVarint(b, int64(n))
	}
	b = append(b, r.SrcTON, r.SrcNPI, r.DstTON, r.DstNPI, r.RegisteredDelivery)
	b = appendBool(b, r.ReceiptDue)
	b = appendBool(b, r.IntermediateDue)
	b = binary.AppendUvarint(b, uint64(len(r.History)))
	for _, h := range r.History {
		b = appendTime(b, h.At)
		b = appendString(b, string(h.State))
		b = appendString(b, h.Detail)
	}
	// After the history, fields added later: absent in older records.
	b = appendTime(b, r.SentAt)
	return appendTime(b, r.NotBefore)
}

// decoder reads an encoding, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err, d.b = errCorrupt, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err, d.b = errCorrupt, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if uint64(len(d.b)) < n {
		d.err, d.b = errCorrupt, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) time() time.Time {
	if v := d.varint(); v != 0 {
		return time.Unix(0, v).UTC()
	}
	return time.Time{}
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.err = errCorrupt
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// decode reads an encoding made by encode into r.
func (r *Record) decode(b []byte) error {
	d := &decoder{b: b}
	if d.byte() != codecVersion {
		return errCorrupt
	}
	for _, s := range []*string{&r.ID, &r.Direction, &r.Account, &r.Protocol, &r.TargetAccount, &r.From, &r.To, &r.Text} {
		*s = d.string()
	}
	r.State = model.State(d.string())
	r.UDH = d.string()
	r.Outcome = model.State(d.string())
	r.Receipt = d.byte() == 1
	for _, t := range []*time.Time{&r.SubmittedAt, &r.ValidUntil, &r.NextAttempt, &r.SCTS, &r.OutcomeAt, &r.Due} {
		*t = d.time()
	}
	for _, n := range []*int{&r.Attempts, &r.Encoding, &r.ReportMask, &r.ErrorCode, &r.ReceiptTries} {
		*n = int(d.varint())
	}
	for _, c := range []*uint8{&r.SrcTON, &r.SrcNPI, &r.DstTON, &r.DstNPI, &r.RegisteredDelivery} {
		*c = d.byte()
	}
	r.ReceiptDue = d.byte() == 1
	r.IntermediateDue = d.byte() == 1
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		return errCorrupt
	}
	r.History = make([]model.StateChange, n)
	for i := range r.History {
		r.History[i] = model.StateChange{At: d.time(), State: model.State(d.string()), Detail: d.string()}
	}
	if d.err == nil && len(d.b) > 0 {
		r.SentAt = d.time()
	}
	if d.err == nil && len(d.b) > 0 {
		r.NotBefore = d.time()
	}
	return d.err
}

// skip passes over a string without making it.
func (d *decoder) skip() {
	n := d.uvarint()
	if uint64(len(d.b)) < n {
		d.err, d.b = errCorrupt, nil
		return
	}
	d.b = d.b[n:]
}

// bytes returns the octets of a string field without copying them.
func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if uint64(len(d.b)) < n {
		d.err, d.b = errCorrupt, nil
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

// purgeable reads, without allocating, whether a record has nothing left
// to do (final, or its unscheduled simulated outcome due, and no receipt
// owed) and when it was submitted: what Purge needs of every record it
// looks at, which a full decode would make ten strings for.
func purgeable(b []byte, now time.Time) (done bool, submittedAt time.Time, err error) {
	d := &decoder{b: b}
	if d.byte() != codecVersion {
		return false, time.Time{}, errCorrupt
	}
	for range 4 { // ID, Direction, Account, Protocol
		d.skip()
	}
	owned := len(d.bytes()) > 0 // TargetAccount
	for range 3 {               // From, To, Text
		d.skip()
	}
	state := model.State(d.bytes())
	d.skip() // UDH
	hasOutcome := len(d.bytes()) > 0
	d.byte() // Receipt
	submittedAt = d.time()
	for range 3 { // ValidUntil, NextAttempt, SCTS
		d.varint()
	}
	outcomeAt, due := d.time(), d.time()
	for range 5 { // Attempts, Encoding, ReportMask, ErrorCode, ReceiptTries
		d.varint()
	}
	for range 5 { // TONs, NPIs, RegisteredDelivery
		d.byte()
	}
	receiptDue := d.byte() == 1
	if d.err != nil {
		return false, time.Time{}, d.err
	}
	final := state.Final() || (!owned && hasOutcome && due.IsZero() && !now.Before(outcomeAt))
	return final && !receiptDue && due.IsZero(), submittedAt, nil
}
