package core

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// kindIndex is the index of a named kind of protocol, failing the test
// for a name the protocol does not have.
func kindIndex(t *testing.T, proto, name string) int {
	t.Helper()
	for i, n := range StatKindNames(proto) {
		if n == name {
			return i
		}
	}
	t.Fatalf("%s has no kind %q", proto, name)
	return -1
}

// pduCounts renders the non-zero per-kind counters by name, so a failure
// shows every count at once.
func pduCounts(proto string, c [StatKinds]uint64) map[string]uint64 {
	m := map[string]uint64{}
	names := StatKindNames(proto)
	for i, v := range c {
		if v != 0 {
			m[names[i]] = v
		}
	}
	return m
}

func checkHistogram(t *testing.T, h LatencyHistogram, count uint64, atLeast time.Duration) {
	t.Helper()
	require.Equal(t, count, h.Count)
	var n uint64
	for _, b := range h.Buckets {
		n += b
	}
	require.Equal(t, h.Count, n, "buckets add up to the count")
	require.GreaterOrEqual(t, h.Max, atLeast)
	require.GreaterOrEqual(t, h.Sum, h.Max)
}

func TestStatisticsSMPP(t *testing.T) {
	hold := make(chan *SmppSubmitMessageReceivedEventArgs, 1)
	s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				status := uint32(0)
				if e.Password != "x" {
					status = 0x0E // ESME_RINVPASWD
				}
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, status, "")
			},
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				switch e.SequenceNumber {
				case 50: // a slow host: the histogram's maximum must show it
					time.Sleep(30 * time.Millisecond)
				case 100: // left pending until the test answers it
					hold <- e
					return
				}
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "id", false)
			},
		}
	}, "max-connections=2")

	st := s.Statistics()
	require.Equal(t, "smpp", st.Protocol)
	require.Zero(t, st.ConnectionsAccepted)

	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("sys", "x", 0x34)))
	require.Equal(t, uint32(0x80000009), c.read(5*time.Second).cmd)

	bad := dialRaw(t, addr)
	bad.write(pduHex(0x02, 0, 1, bindBody("sys", "wrong", 0x34)))
	r := bad.read(5 * time.Second)
	require.Equal(t, uint32(0x80000002), r.cmd)
	require.Equal(t, uint32(0x0E), r.status)

	// Over max-connections=2: closed at once, counted as refused.
	third := dialRaw(t, addr)
	third.expectClosed(5 * time.Second)

	submit := "00 05 00 416c70686100 01 01 34343737303039303031323300 00 00 00 00 00 00 00 00 00 02 6869"
	for seq := uint32(2); seq < 7; seq++ {
		c.write(pduHex(0x04, 0, seq, submit))
		require.Equal(t, uint32(0x80000004), c.read(5*time.Second).cmd)
	}
	c.write(pduHex(0x04, 0, 50, submit))
	require.Equal(t, uint32(50), c.read(5*time.Second).seq)
	c.write(pduHex(0x04, 0, 7, "00")) // body cut short: malformed
	r = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000004), r.cmd)
	require.NotZero(t, r.status)
	c.write(pduHex(0x15, 0, 8, "")) // enquire_link
	require.Equal(t, uint32(0x80000015), c.read(5*time.Second).cmd)
	c.write(pduHex(0x1234, 0, 9, "")) // unknown: generic_nack
	r = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000000), r.cmd)

	c.write(pduHex(0x04, 0, 100, submit))
	held := recv(t, hold, 5*time.Second, "the held submit")
	waitFor(t, 5*time.Second, func() bool { return s.Statistics().ConnectionsCurrent == 2 }, "the refused connection to go")
	st = s.Statistics()
	require.Equal(t, int64(1), st.PendingRequests)

	require.Equal(t, uint64(3), st.ConnectionsAccepted)
	require.Equal(t, uint64(1), st.ConnectionsRefused)
	require.Equal(t, int64(2), st.ConnectionsCurrent)
	require.Equal(t, uint64(1), st.LoginsAccepted)
	require.Equal(t, uint64(1), st.LoginsRefused)
	require.Equal(t, int64(1), st.LoginsCurrent)
	require.Equal(t, map[string]uint64{"bind": 2, "submit_sm": 8, "enquire_link": 1, "other": 1}, pduCounts("smpp", st.PDUsIn))
	require.Equal(t, map[string]uint64{"bind_resp": 2, "submit_sm_resp": 7, "enquire_link_resp": 1, "generic_nack": 1},
		pduCounts("smpp", st.PDUsOut))
	require.Equal(t, uint64(1), st.Malformed)
	require.Equal(t, uint64(3), st.ErrorResponses) // the refused bind, the malformed submit, generic_nack
	require.Zero(t, st.WriteErrors)
	require.Zero(t, st.ResponseTimeouts)
	require.Zero(t, st.EventQueue)
	checkHistogram(t, st.Latency[LatencyLogin], 2, 0)
	checkHistogram(t, st.Latency[LatencySubmit], 6, 30*time.Millisecond)
	require.Zero(t, st.Latency[LatencyOther].Count)

	require.Equal(t, OK, s.SmppSendSubmitMessageResponse(held.ClientID, held.SequenceNumber, 0, "id", false))
	require.Equal(t, uint32(100), c.read(5*time.Second).seq)
	st = s.Statistics()
	require.Zero(t, st.PendingRequests)
	require.Equal(t, uint64(7), st.Latency[LatencySubmit].Count)
}

func TestStatisticsResponseTimeout(t *testing.T) {
	s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived:         acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {}, // never answers
		}
	}, "response-timeout=1")
	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("sys", "x", 0x34)))
	c.read(5 * time.Second)
	c.write(pduHex(0x04, 0, 2, "00 05 00 416c70686100 01 01 3100 00 00 00 00 00 00 00 00 00 02 6869"))
	r := c.read(5 * time.Second) // the default answer after response-timeout
	require.Equal(t, uint32(0x80000004), r.cmd)
	require.Equal(t, uint32(0x08), r.status) // ESME_RSYSERR
	st := s.Statistics()
	require.Equal(t, uint64(1), st.ResponseTimeouts)
	require.Equal(t, uint64(1), st.ErrorResponses)
	checkHistogram(t, st.Latency[LatencySubmit], 1, time.Second)
}

func TestStatisticsUCP(t *testing.T) {
	s, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
		}
	}, "")
	c := dialUCP(t, addr)
	c.login()
	for trn := 1; trn <= 3; trn++ {
		c.sendOp(trn, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "hi", "")...)
		require.Contains(t, c.readText(5*time.Second), "/R/51/A/")
	}
	// A wrong checksum: NACK 01.
	broken := ucpText(t, 4, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "hi", "")...)
	c.sendText(broken[:len(broken)-2] + "00")
	require.Contains(t, c.readText(5*time.Second), "/R/51/N/01/")
	c.sendText(ucpKannelAlive)
	require.Contains(t, c.readText(5*time.Second), "/R/31/A/")

	st := s.Statistics()
	require.Equal(t, "ucp", st.Protocol)
	require.Equal(t, map[string]uint64{"60": 1, "51": 4, "31": 1}, pduCounts("ucp", st.PDUsIn))
	require.Equal(t, map[string]uint64{"60_ack": 1, "51_ack": 3, "51_nack": 1, "31_ack": 1}, pduCounts("ucp", st.PDUsOut))
	require.Equal(t, uint64(1), st.Malformed)
	require.Equal(t, uint64(1), st.ErrorResponses)
	require.Equal(t, uint64(1), st.LoginsAccepted)
	require.Equal(t, int64(1), st.LoginsCurrent)
	checkHistogram(t, st.Latency[LatencyLogin], 1, 0)
	checkHistogram(t, st.Latency[LatencySubmit], 3, 0)
}

func TestStatisticsCIMD2(t *testing.T) {
	h := newC2SubmitHarness(t, "", nil)
	for i := 0; i < 2; i++ {
		num := 3 + 2*i
		h.c.write(c2Packet(3, num, "021:123", "033:hi"))
		require.Empty(t, h.c.expectOp(53, num).param(900))
	}
	h.c.write(c2Packet(3, 7, "033:hi")) // no destination: refused with 900
	require.Equal(t, "301", h.c.expectOp(53, 7).param(900))
	h.c.send("<STX>03:009<TAB>021:1<TAB>00<ETX>") // wrong checksum: NACK
	h.c.expectOp(99, 9)
	h.c.write(c2Packet(40, 11))
	h.c.expectOp(90, 11)

	st := h.srv.Statistics()
	require.Equal(t, "cimd2", st.Protocol)
	require.Equal(t, map[string]uint64{"login": 1, "submit": 4, "alive": 1}, pduCounts("cimd2", st.PDUsIn))
	require.Equal(t, map[string]uint64{"login_resp": 1, "submit_resp": 3, "nack": 1, "alive_resp": 1}, pduCounts("cimd2", st.PDUsOut))
	require.Equal(t, uint64(1), st.Malformed)
	require.Equal(t, uint64(2), st.ErrorResponses)
	require.Equal(t, uint64(1), st.LoginsAccepted)
	require.Equal(t, int64(1), st.LoginsCurrent)
	checkHistogram(t, st.Latency[LatencyLogin], 1, 0)
	checkHistogram(t, st.Latency[LatencySubmit], 2, 0)

	// The client goes: no connection and no login remain.
	h.c.nc.Close()
	waitFor(t, 5*time.Second, func() bool { return h.srv.Statistics().ConnectionsCurrent == 0 }, "the connection to end")
	require.Zero(t, h.srv.Statistics().LoginsCurrent)
}

func TestStatKindNames(t *testing.T) {
	for _, p := range []string{"smpp", "ucp", "cimd2"} {
		names := StatKindNames(p)
		require.LessOrEqual(t, len(names), StatKinds, p)
		require.Equal(t, "other", names[0])
		seen := map[string]bool{}
		for _, n := range names {
			require.False(t, seen[n], "%s: %s twice", p, n)
			seen[n] = true
			require.Equal(t, strings.ToLower(n), n)
		}
	}
	require.Nil(t, StatKindNames("x"))
	require.Equal(t, LatencyBuckets, len(LatencyBounds())+1)
}

// A connection the host closes in OnTcpConnected never starts its session:
// accepted by the listener, refused by the host.
func TestStatisticsHostRefusesConnection(t *testing.T) {
	s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnTcpConnected: func(e *TcpConnectedEventArgs) { s.TcpCloseConnection(e.ClientID) }}
	}, "")
	c := dialRaw(t, addr)
	c.expectClosed(5 * time.Second)
	waitFor(t, 5*time.Second, func() bool { return s.Statistics().ConnectionsCurrent == 0 }, "the connection to go")
	st := s.Statistics()
	require.Equal(t, uint64(1), st.ConnectionsAccepted)
	require.Equal(t, uint64(1), st.ConnectionsRefused)
	require.Zero(t, st.LoginsCurrent)
}

// A delivery the client does not answer is outstanding until
// deliver-timeout, then a deliver timeout; a connection that never binds
// is a session timeout (bind-timeout).
func TestStatisticsDeliveriesAndTimeouts(t *testing.T) {
	var s *SMPPServer
	s, addr := startSMPPWith(t, func(srv *SMPPServer) SMPPHandlers {
		s = srv
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s)}
	}, "deliver-timeout=1;bind-timeout=1")
	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("sys", "x", 0x34)))
	c.read(5 * time.Second)
	var id int32
	waitFor(t, 5*time.Second, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		for k := range s.conns {
			id = k
		}
		return id != 0
	}, "the connection")
	_, code := s.SmppSendDeliverMessage(id, 1, "1", 0, 0, "2", 0, 0, "hi", sms.Et7BitText, "", 0, "", "")
	require.Equal(t, OK, code)
	require.Equal(t, uint32(0x05), c.read(5*time.Second).cmd) // deliver_sm, left unanswered
	require.Equal(t, int64(1), s.Statistics().OutstandingDeliveries)
	waitFor(t, 5*time.Second, func() bool { return s.Statistics().DeliverTimeouts == 1 }, "the deliver timeout")
	require.Zero(t, s.Statistics().OutstandingDeliveries)
	require.Equal(t, uint64(1), s.Statistics().PDUsOut[kindIndex(t, "smpp", "deliver_sm")])

	idle := dialRaw(t, addr) // never binds
	idle.expectClosed(5 * time.Second)
	require.Equal(t, uint64(1), s.Statistics().SessionTimeouts)
}

// In pumped mode an event nobody dispatches waits in the queue.
func TestStatisticsEventQueue(t *testing.T) {
	s := NewSMPPServer()
	require.Equal(t, OK, s.SetDispatchMode(DispatchPumped))
	s.SetHandlers(SMPPHandlers{OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {}})
	require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, ""))
	t.Cleanup(func() { s.Destroy(true, 5*time.Second) })
	c := dialRaw(t, "127.0.0.1:"+itoa(s.LocalPort()))
	c.write(pduHex(0x09, 0, 1, bindBody("sys", "x", 0x34)))
	waitFor(t, 5*time.Second, func() bool { return s.Statistics().EventQueue == 1 }, "the queued login")
	require.Equal(t, int64(1), s.Statistics().PendingRequests)
	n, code := s.DispatchEvents(time.Second, 0)
	require.Equal(t, OK, code)
	require.Equal(t, 1, n)
	require.Zero(t, s.Statistics().EventQueue)
}
