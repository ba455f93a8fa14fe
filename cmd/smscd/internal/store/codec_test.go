package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// Every field survives encode and decode; a cut encoding is an error.
func TestRecordCodecRoundTrip(t *testing.T) {
	now := time.Unix(1700000000, 123456789).UTC()
	r := &Record{Message: model.Message{ID: "abc", Direction: "mt", Account: "a", Protocol: "ucp", TargetAccount: "b",
		From: "1", To: "2", Text: "héllo", Receipt: true, SubmittedAt: now, ValidUntil: now.Add(time.Hour), Attempts: 3,
		NextAttempt: now.Add(time.Minute), State: model.StateEnroute},
		SrcTON: 1, SrcNPI: 2, DstTON: 3, DstNPI: 4, Encoding: 2, UDH: "050003010201", RegisteredDelivery: 0x11, ReportMask: 7,
		SCTS: now, Outcome: model.StateExpired, OutcomeAt: now.Add(time.Second), ReceiptDue: true, IntermediateDue: true,
		Due: now.Add(2 * time.Second), ErrorCode: 5, ReceiptTries: 2, SentAt: now.Add(3 * time.Second),
		NotBefore: now.Add(4 * time.Second)}
	r.SetState(model.StateAccepted, now, "")
	r.SetState(model.StateEnroute, now.Add(time.Second), "no answer")
	b := r.encode(nil)
	var got Record
	require.NoError(t, got.decode(b))
	require.Equal(t, *r, got)
	for i := 1; i < len(b); i += 7 {
		var cut Record
		require.Error(t, cut.decode(b[:i]), "cut at %d", i)
	}
}

// purgeable agrees with a full decode and materialize.
func TestPurgeableAgreesWithDecode(t *testing.T) {
	now := time.Now()
	cases := []Record{
		{Message: model.Message{ID: "1", State: model.StateDelivered}},
		{Message: model.Message{ID: "2", State: model.StateAccepted, TargetAccount: "x"}, Due: now},
		{Message: model.Message{ID: "3", State: model.StateAccepted}, Outcome: model.StateRejected, OutcomeAt: now.Add(-time.Second)},
		{Message: model.Message{ID: "4", State: model.StateAccepted}, Outcome: model.StateRejected, OutcomeAt: now.Add(time.Hour)},
		{Message: model.Message{ID: "5", State: model.StateExpired}, ReceiptDue: true, Due: now},
	}
	for _, r := range cases {
		r.SubmittedAt = now.Add(-time.Minute).Round(0).UTC()
		done, at, err := purgeable(r.encode(nil), now)
		require.NoError(t, err)
		var full Record
		require.NoError(t, full.decode(r.encode(nil)))
		full.materialize(now)
		want := full.State.Final() && !full.ReceiptDue && full.Due.IsZero()
		require.Equal(t, want, done, r.ID)
		require.Equal(t, r.SubmittedAt, at, r.ID)
	}
}
