package engine

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// Without any configuration everyone binds and a message nobody owns gets
// a delivered receipt after the delay, as smscd always did.
func TestDefaultAcceptsAllAndReceipts(t *testing.T) {
	h := startEngine(t, testConfig())
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "anyone", "anything"))
	st, id := s.Submit("1234", "447700900123", "hello", 1)
	require.Equal(t, uint32(0), st)
	d := s.NextDeliver(0)
	require.Equal(t, byte(0x04), d.EsmClass)
	require.Equal(t, id, receiptID(d.Text))
	require.Contains(t, d.Text, "stat:DELIVRD")
	require.Equal(t, "447700900123", d.From)
	require.Equal(t, "1234", d.To)
}

// Simulated outcomes follow the configured weights: all rejected here,
// reported as REJECTD (SMPP), Dst 2 (UCP) and 061:3 (CIMD2).
func TestSimulatedRejected(t *testing.T) {
	c := testConfig()
	c.Receipts.Delivered, c.Receipts.Rejected = 0, 1
	h := startEngine(t, c)
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "a", ""))
	_, id := s.Submit("1", "2", "x", 1)
	d := s.NextDeliver(0)
	require.Equal(t, id, receiptID(d.Text))
	require.Contains(t, d.Text, "stat:REJECTD")

	u := dialUCP(t, h.ucp)
	u.login("a", "")
	r := u.submit("1", "2", "x", true)
	_, scts, _ := strings.Cut(r[2], ":")
	n := u.nextOp(53)
	require.Equal(t, scts, string(n.Fields[ucp.F5xSCTS]))
	require.Equal(t, "2", string(n.Fields[ucp.F5xDst]))

	m := dialCIMD2(t, h.cimd2)
	m.login("a", "")
	ts := get(m.submit("1", "2", "x", true), cimd2.ParamServiceCentreTimestamp)
	rep := m.nextOp(cimd2.OpDeliverStatusReport)
	require.Equal(t, ts, get(rep, cimd2.ParamServiceCentreTimestamp))
	require.Equal(t, "3", get(rep, cimd2.ParamStatusCode))
}

// registered_delivery 0x11 asks for an intermediate notification too: an
// ENROUTE receipt (esm_class 0x20) comes before the final one.
func TestSMPPIntermediateReceipt(t *testing.T) {
	c := testConfig()
	c.Receipts.Delay.Duration = 300 * time.Millisecond
	c.Receipts.Intermediate.Duration = 20 * time.Millisecond
	h := startEngine(t, c)
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "a", ""))
	_, id := s.Submit("1", "2", "x", 0x11)
	d := s.NextDeliver(0)
	require.Equal(t, byte(0x20), d.EsmClass)
	require.Contains(t, d.Text, "stat:ENROUTE")
	require.Equal(t, id, receiptID(d.Text))
	d = s.NextDeliver(0)
	require.Equal(t, byte(0x04), d.EsmClass)
	require.Contains(t, d.Text, "stat:DELIVRD")
}

// UCP NT 7 (delivered, not delivered, buffered) gets a "buffered" 53
// (Dst 1) before the final one; CIMD2 056 15 (bit 1: temporary error) gets
// a 23 with 061 1 (in process) before 061 4.
func TestUCPAndCIMD2IntermediateReports(t *testing.T) {
	c := testConfig()
	c.Receipts.Delay.Duration = 300 * time.Millisecond
	c.Receipts.Intermediate.Duration = 20 * time.Millisecond
	h := startEngine(t, c)
	u := dialUCP(t, h.ucp)
	u.login("a", "")
	u.submitNT("1", "2", "x", "7")
	require.Equal(t, "1", string(u.nextOp(53).Fields[ucp.F5xDst]))
	require.Equal(t, "0", string(u.nextOp(53).Fields[ucp.F5xDst]))

	m := dialCIMD2(t, h.cimd2)
	m.login("a", "")
	m.submitSRR("1", "2", "x", "15")
	require.Equal(t, "1", get(m.nextOp(cimd2.OpDeliverStatusReport), cimd2.ParamStatusCode))
	require.Equal(t, "4", get(m.nextOp(cimd2.OpDeliverStatusReport), cimd2.ParamStatusCode))
}

// query_sm reads the store; cancel_sm deletes a message still waiting
// (its owner is not bound) and a second cancel fails.
func TestQueryAndCancel(t *testing.T) {
	h := startEngine(t, routingConfig())
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "smppapp", "pw"))
	_, id := s.Submit("1001", "2001", "for an unbound ucpapp", 0)

	query := func() (uint32, byte) {
		s.Send(cmdQuery, 0, 0, append(append(cstr(id), 1, 1), cstr("1001")...))
		p := s.Next()
		require.Equal(t, uint32(cmdQuery|cmdResp), p.Cmd)
		if p.Status != 0 {
			return p.Status, 0
		}
		// message_id, final_date, message_state, error_code
		rest := p.Body[len(id)+1:]
		i := strings.IndexByte(string(rest), 0)
		return 0, rest[i+1]
	}
	st, state := query()
	require.Equal(t, uint32(0), st)
	require.Equal(t, byte(6), state) // ACCEPTED

	cancel := func() uint32 {
		var b []byte
		b = append(b, cstr("")...)
		b = append(b, cstr(id)...)
		b = append(b, 1, 1)
		b = append(b, cstr("1001")...)
		b = append(b, 1, 1)
		b = append(b, cstr("2001")...)
		s.Send(cmdCancel, 0, 0, b)
		p := s.Next()
		require.Equal(t, uint32(cmdCancel|cmdResp), p.Cmd)
		return p.Status
	}
	require.Equal(t, uint32(0), cancel())
	st, state = query()
	require.Equal(t, uint32(0), st)
	require.Equal(t, byte(4), state) // DELETED
	require.Equal(t, uint32(esmeRCANCELFAIL), cancel())
	msg, err := h.e.Message(t.Context(), id)
	require.NoError(t, err)
	require.Equal(t, model.StateDeleted, msg.State)
}

// Expiry: a message whose owner never binds expires at its validity
// period and the submitter's receipt says so.
func TestExpiresAtValidity(t *testing.T) {
	c := routingConfig()
	c.Retry.Validity.Duration = 300 * time.Millisecond
	c.Retry.Max.Duration = time.Minute // the expiry does not wait for the back-off
	h := startEngine(t, c)
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "smppapp", "pw"))
	start := time.Now()
	_, id := s.Submit("1001", "2001", "nobody reads", 1)
	d := s.NextDeliver(0)
	require.Less(t, time.Since(start), 2*time.Second)
	require.Equal(t, id, receiptID(d.Text))
	require.Contains(t, d.Text, "stat:EXPIRED")
}

// A client that submits with receipts and never reads what smscd sends
// costs bounded memory: receipts wait in the store, the deliveries in
// flight stay within the window, and the heap does not grow with the
// number of submits.
func TestNeverReadingClientBoundedMemory(t *testing.T) {
	c := testConfig()
	c.Receipts.Delay.Duration = time.Millisecond
	h := startEngine(t, c)
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "greedy", ""))
	const n = 20000
	done := make(chan struct{})
	go func() { // write only: never read a response or a receipt
		defer close(done)
		for i := 0; i < n; i++ {
			s.Conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if s.SubmitAsyncErr("1", "2", "x", 1) != nil {
				return
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
	}
	time.Sleep(500 * time.Millisecond)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	require.GreaterOrEqual(t, h.e.rates.submits.Load(), int64(500), "submits stored")
	require.LessOrEqual(t, h.e.InFlight(), 100, "in flight bounded by the window")
	require.Less(t, ms.HeapInuse, uint64(64<<20), "heap in use")
	t.Logf("%d submits stored, heap in use %d MB, in flight %d, scheduled %d", h.e.rates.submits.Load(), ms.HeapInuse>>20, h.e.InFlight(), h.st.Pending())
}

// replace_sm changes the text of a message still waiting in the store:
// the owner, binding later, gets the new text.
func TestReplaceWaitingMessage(t *testing.T) {
	c := routingConfig()
	c.Retry.Max.Duration = time.Minute
	h := startEngine(t, c)
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTX, "smppapp", "pw"))
	_, id := s.Submit("1001", "2001", "old text", 0)
	var b []byte
	b = append(b, cstr(id)...)
	b = append(b, 1, 1)
	b = append(b, cstr("1001")...)
	b = append(b, 0, 0)    // schedule_delivery_time, validity_period: none
	b = append(b, 0, 0, 8) // registered_delivery, sm_default_msg_id, sm_length
	b = append(b, "new text"...)
	s.Send(0x07, 0, 0, b)
	p := s.Next()
	require.Equal(t, uint32(0x80000007), p.Cmd)
	require.Equal(t, uint32(0), p.Status)

	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	require.Equal(t, "new text", ucpText(u.nextOp(52)))
	msg, err := h.e.Message(t.Context(), id)
	require.NoError(t, err)
	require.Equal(t, "new text", msg.Text)
}

// With max_messages set, the oldest final messages are deleted as new
// ones come: the store holds at most that many (plus those not final).
func TestPurgeKeepsTheStoreBounded(t *testing.T) {
	defer func(d time.Duration) { purgeEvery = d }(purgeEvery)
	purgeEvery = 50 * time.Millisecond
	c := testConfig()
	c.MaxMessages = 100
	h := startEngine(t, c)
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTX, "a", ""))
	var last string
	for range 300 {
		_, last = s.Submit("1", "2", "x", 0)
	}
	require.Eventually(t, func() bool { return h.st.Count() <= 100 }, 3*time.Second, 20*time.Millisecond)
	_, err := h.e.Message(t.Context(), last)
	require.NoError(t, err, "the newest are kept")
}

// With delay_max above delay, each simulated outcome comes at its own time
// between the two.
func TestSimulatedDelaySpread(t *testing.T) {
	c := testConfig()
	c.Receipts.Delay.Duration = 50 * time.Millisecond
	c.Receipts.DelayMax.Duration = 400 * time.Millisecond
	h := startEngine(t, c)
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "a", ""))
	start := time.Now()
	for range 20 {
		s.Submit("1", "2", "x", 1)
	}
	var first, last time.Duration
	for i := range 20 {
		s.NextDeliver(0)
		if i == 0 {
			first = time.Since(start)
		}
		last = time.Since(start)
	}
	require.GreaterOrEqual(t, first, 40*time.Millisecond)
	require.Less(t, last, 2*time.Second)
	require.Greater(t, last-first, 100*time.Millisecond, "spread out, not all at once")
}
