package engine

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

func routingConfig() config.Config {
	c := testConfig()
	c.Accounts = []config.Account{
		{SystemID: "smppapp", Password: "pw", Addresses: []string{"100*"}},
		{SystemID: "ucpapp", Password: "pw", Addresses: []string{"200*"}},
		{SystemID: "cimdapp", Password: "pw", Addresses: []string{"300*"}},
	}
	return c
}

// An SMPP client submits to an address a UCP client owns and one a CIMD2
// client owns; each receives its message as an MO (UCP 52, CIMD2 20) and,
// once they acknowledged, the SMPP client gets two receipts saying delivered.
func TestSMPPToUCPAndCIMD2(t *testing.T) {
	h := startEngine(t, routingConfig())
	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	m := dialCIMD2(t, h.cimd2)
	require.Equal(t, "", m.login("cimdapp", "pw"))
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "smppapp", "pw"))

	st, id1 := s.Submit("1001", "2005", "to ucp", 1)
	require.Equal(t, uint32(0), st)
	st, id2 := s.Submit("1001", "3007", "to cimd", 1)
	require.Equal(t, uint32(0), st)

	f := u.nextOp(52)
	require.Equal(t, "2005", string(f.Fields[ucp.F5xAdC]))
	require.Equal(t, "1001", string(f.Fields[ucp.F5xOAdC]))
	require.Equal(t, "to ucp", ucpText(f))
	p := m.nextOp(cimd2.OpDeliverMessage)
	require.Equal(t, "3007", get(p, cimd2.ParamDestinationAddress))
	require.Equal(t, "1001", get(p, cimd2.ParamOriginatingAddress))
	require.Equal(t, "to cimd", get(p, cimd2.ParamUserData))

	got := map[string]string{}
	for range 2 {
		d := s.NextDeliver(0)
		require.Equal(t, byte(0x04), d.EsmClass, "a receipt")
		require.Contains(t, d.Text, "stat:DELIVRD")
		got[receiptID(d.Text)] = d.From
	}
	require.Equal(t, map[string]string{id1: "2005", id2: "3007"}, got)
	msg, err := h.e.Message(t.Context(), id1)
	require.NoError(t, err)
	require.Equal(t, model.StateDelivered, msg.State)
	require.Equal(t, "ucpapp", msg.TargetAccount)
}

// The other way: a UCP client and a CIMD2 client submit to an address an
// SMPP receiver owns; it gets both as deliver_sm, and each submitter gets
// its receipt in its own protocol, naming the time stamp of its ack.
func TestUCPAndCIMD2ToSMPP(t *testing.T) {
	h := startEngine(t, routingConfig())
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindRX, "smppapp", "pw"))
	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	m := dialCIMD2(t, h.cimd2)
	require.Equal(t, "", m.login("cimdapp", "pw"))

	r := u.submit("2001", "1009", "from ucp", true)
	require.Equal(t, "A", r[0])
	adc, scts, _ := strings.Cut(r[2], ":")
	require.Equal(t, "1009", adc)
	p := m.submit("3001", "1008", "from cimd", true)
	ts := get(p, cimd2.ParamServiceCentreTimestamp)
	require.Len(t, ts, 12)

	texts := map[string]string{}
	for range 2 {
		d := s.NextDeliver(0)
		require.Equal(t, byte(0), d.EsmClass&0x3C, "an MO, not a receipt")
		texts[d.To] = d.From + ":" + d.Text
	}
	require.Equal(t, map[string]string{"1009": "2001:from ucp", "1008": "3001:from cimd"}, texts)

	n := u.nextOp(53)
	require.Equal(t, "2001", string(n.Fields[ucp.F5xAdC]))
	require.Equal(t, "1009", string(n.Fields[ucp.F5xOAdC]))
	require.Equal(t, scts, string(n.Fields[ucp.F5xSCTS]))
	require.Equal(t, "0", string(n.Fields[ucp.F5xDst]))
	rep := m.nextOp(cimd2.OpDeliverStatusReport)
	require.Equal(t, ts, get(rep, cimd2.ParamServiceCentreTimestamp))
	require.Equal(t, "1008", get(rep, cimd2.ParamDestinationAddress))
	require.Equal(t, "4", get(rep, cimd2.ParamStatusCode))
}

// A target that answers deliver_sm with an error gets the message again
// after the back-off; the receipt comes once it accepts.
func TestRetryAfterRefusedDelivery(t *testing.T) {
	h := startEngine(t, routingConfig())
	rx := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), rx.Bind(cmdBindRX, "smppapp", "pw"))
	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	u.submit("2001", "1000", "again", true)
	first := rx.NextDeliver(0x58) // throttled: try later
	start := time.Now()
	second := rx.NextDeliver(0)
	require.Equal(t, first.Text, second.Text)
	require.GreaterOrEqual(t, time.Since(start), 40*time.Millisecond)
	n := u.nextOp(53)
	require.Equal(t, "0", string(n.Fields[ucp.F5xDst]))
	msgs, err := h.e.Messages(t.Context(), model.Filter{Account: "ucpapp"})
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	require.Equal(t, 2, msgs[0].Attempts)
	var states []model.State
	for _, c := range msgs[0].History {
		states = append(states, c.State)
	}
	require.Equal(t, []model.State{model.StateAccepted, model.StateEnroute, model.StateDelivered}, states)
}

// A message to an owned address whose owner is not bound waits; it is
// delivered as soon as the owner binds (the back-off here is a minute:
// only the bind can make it come sooner).
func TestDeliveredWhenOwnerBinds(t *testing.T) {
	c := routingConfig()
	c.Retry.Max.Duration = time.Minute
	h := startEngine(t, c)
	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	u.submit("2001", "1000", "wait for me", false)
	time.Sleep(200 * time.Millisecond)
	rx := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), rx.Bind(cmdBindRX, "smppapp", "pw"))
	require.Equal(t, "wait for me", rx.NextDeliver(0).Text)
}

// A concatenated message keeps its parts: each SMPP part (UDH 05 00 03
// ref total n) reaches the UCP owner as a 52 carrying the same header in
// XSer type 01, and the CIMD2 owner as a 20 with 032.
func TestConcatenatedPartsKeepTheirHeader(t *testing.T) {
	h := startEngine(t, routingConfig())
	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	m := dialCIMD2(t, h.cimd2)
	require.Equal(t, "", m.login("cimdapp", "pw"))
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTX, "smppapp", "pw"))

	for i, part := range []string{"first half ", "second half"} {
		udh := []byte{5, 0, 3, 0x2A, 2, byte(i + 1)}
		st, _ := s.SubmitUDH("1001", "2001", udh, part, 0)
		require.Equal(t, uint32(0), st)
		st, _ = s.SubmitUDH("1001", "3001", udh, part, 0)
		require.Equal(t, uint32(0), st)
	}
	for i, part := range []string{"first half ", "second half"} {
		f := u.nextOp(52)
		require.Equal(t, part, ucpText(f))
		xser := string(f.Fields[ucp.F5xXSer])
		require.Contains(t, xser, fmt.Sprintf("01060500032A02%02X", i+1), xser)
		p := m.nextOp(cimd2.OpDeliverMessage)
		require.Equal(t, part, get(p, cimd2.ParamUserData))
		require.Equal(t, fmt.Sprintf("0500032A02%02X", i+1), get(p, cimd2.ParamUserDataHeader))
	}
}

// A deliver_sm_resp that refuses the message for good (0x65, a permanent
// application error) makes it undeliverable at once, and the submitter's
// receipt says so.
func TestPermanentRefusalIsUndeliverable(t *testing.T) {
	h := startEngine(t, routingConfig())
	rx := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), rx.Bind(cmdBindRX, "smppapp", "pw"))
	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	u.submit("2001", "1000", "no thanks", true)
	rx.NextDeliver(0x65)
	n := u.nextOp(53)
	require.Equal(t, "2", string(n.Fields[ucp.F5xDst]))
	require.Equal(t, "101", string(n.Fields[ucp.F5xRsn]), "the refusal's code, 0x65")
	msgs, err := h.e.Messages(t.Context(), model.Filter{Account: "ucpapp"})
	require.NoError(t, err)
	require.Equal(t, model.StateUndeliverable, msgs[0].State)
	require.Equal(t, 1, msgs[0].Attempts)
}

// A second bind of the owner while deliveries to its first session are in
// flight (unanswered) does not send them again.
func TestBindDoesNotResendInFlight(t *testing.T) {
	h := startEngine(t, routingConfig())
	first := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), first.Bind(cmdBindRX, "smppapp", "pw"))
	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	const n = 5
	var pending []uint32
	for i := range n {
		u.submit("2001", "1000", fmt.Sprintf("m%d", i), false)
	}
	for range n { // read, do not answer yet
		p := first.Next()
		require.Equal(t, uint32(0x05), p.Cmd)
		pending = append(pending, p.Seq)
	}
	second := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), second.Bind(cmdBindRX, "smppapp", "pw"))
	if p, err := second.Read(500 * time.Millisecond); err == nil {
		t.Fatalf("sent again to the new session: 0x%X", p.Cmd)
	}
	for _, seq := range pending {
		first.Send(0x80000005, 0, seq, cstr(""))
	}
	require.Eventually(t, func() bool {
		msgs, _ := h.e.Messages(t.Context(), model.Filter{State: model.StateDelivered})
		return len(msgs) == n
	}, 3*time.Second, 20*time.Millisecond)
}

// A submit with schedule_delivery_time is delivered then, not before, even
// when its owner binds meanwhile.
func TestScheduledDelivery(t *testing.T) {
	h := startEngine(t, routingConfig())
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTX, "smppapp", "pw"))
	start := time.Now()
	require.Equal(t, uint32(0), s.SubmitScheduled("1001", "2001", "later", "000000000001000R")) // in 1 s
	u := dialUCP(t, h.ucp)
	ack, _ := u.login("ucpapp", "pw")
	require.Equal(t, "A", ack)
	require.Equal(t, "later", ucpText(u.nextOp(52)))
	require.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond)
}
