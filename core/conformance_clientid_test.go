package core

import (
	"sync"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/ucp"
	"github.com/stretchr/testify/require"
)

// Conformance with the reference's statement on every EventArgs page: "If
// the value returned by ClientID equals -1 then the connection to which
// event is reported has been disconnected prior to processing of the
// message." In pumped mode events wait in a queue, so the connection can
// end between the arrival of a frame and the host's handling of it.

// idLog records, per event, the ClientID a handler saw and what answering
// with it returned.
type idLog struct {
	mu      sync.Mutex
	ids     map[string][]int32
	answers []Code
}

func (l *idLog) add(event string, id int32) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ids == nil {
		l.ids = map[string][]int32{}
	}
	l.ids[event] = append(l.ids[event], id)
}

func (l *idLog) answered(c Code) {
	l.mu.Lock()
	l.answers = append(l.answers, c)
	l.mu.Unlock()
}

func (l *idLog) get(event string) []int32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int32(nil), l.ids[event]...)
}

// pumpUntil runs queued events until cond holds.
func pumpUntil(t *testing.T, s *server, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		require.True(t, time.Now().Before(deadline), "timed out waiting for %s", what)
		s.DispatchEvents(20*time.Millisecond, 0)
	}
}

// queueThenDrop waits until n events wait in s's queue, closes the client,
// waits for the disconnect to be queued too, then runs them all.
func queueThenDrop(t *testing.T, s *server, n int, drop func()) {
	t.Helper()
	waitFor(t, 5*time.Second, func() bool { return len(s.disp.queue) >= n }, "queued events")
	drop()
	waitFor(t, 5*time.Second, func() bool { return len(s.disp.queue) >= n+1 }, "the disconnect queued")
	s.DispatchEvents(0, 0)
}

// checkStale asserts what the reference states: the events that waited
// carry -1 and cannot be answered; OnTcpDisconnected keeps the real id
// so the host can forget the connection.
func checkStale(t *testing.T, l *idLog, event string, n int, live int32) {
	t.Helper()
	require.Equal(t, make([]int32, n), zeroIfMinusOne(l.get(event)), "%s ClientIDs %v", event, l.get(event))
	require.Equal(t, []int32{live}, l.get("disconnected"))
	l.mu.Lock()
	defer l.mu.Unlock()
	require.Len(t, l.answers, n)
	for _, c := range l.answers {
		require.Equal(t, ErrUnknownClient, c)
	}
}

func zeroIfMinusOne(ids []int32) []int32 {
	out := make([]int32, len(ids))
	for i, id := range ids {
		if id != -1 {
			out[i] = id + 1000 // anything but -1 fails the comparison
		}
	}
	return out
}

func TestReference_ClientIDIsMinusOneWhenDisconnectedPriorToProcessing_SMPP(t *testing.T) {
	var l idLog
	s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		s.SetDispatchMode(DispatchPumped)
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				l.add("login", e.ClientID)
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
			},
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				l.add("submit", e.ClientID)
				l.answered(s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "x", false))
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { l.add("disconnected", e.ClientID) },
		}
	}, "")
	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("a", "b", 0x34)))
	pumpUntil(t, &s.server, func() bool { return len(l.get("login")) == 1 }, "the bind")
	require.Equal(t, uint32(0), c.read(5*time.Second).status)
	live := l.get("login")[0]
	require.Positive(t, live)
	c.write(append(pduHex(0x04, 0, 2, submitBodyA), pduHex(0x04, 0, 3, submitBodyA)...))
	queueThenDrop(t, &s.server, 2, func() { c.nc.Close() })
	checkStale(t, &l, "submit", 2, live)
}

func TestReference_ClientIDIsMinusOneWhenDisconnectedPriorToProcessing_UCP(t *testing.T) {
	var l idLog
	s, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		s.SetDispatchMode(DispatchPumped)
		return UCPHandlers{
			OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) {
				l.add("login", e.ClientID)
				s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
			},
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				l.add("submit", e.ClientID)
				l.answered(s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, ""))
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { l.add("disconnected", e.ClientID) },
		}
	}, "")
	c := dialUCP(t, addr)
	c.sendText(ucpKannelLogin)
	pumpUntil(t, &s.server, func() bool { return len(l.get("login")) == 1 }, "the login")
	c.readText(5 * time.Second)
	live := l.get("login")[0]
	c.write(append(ucpFrame(t, 1, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "a", "")...),
		ucpFrame(t, 2, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "b", "")...)...))
	queueThenDrop(t, &s.server, 2, func() { c.nc.Close() })
	checkStale(t, &l, "submit", 2, live)
}

func TestReference_ClientIDIsMinusOneWhenDisconnectedPriorToProcessing_CIMD2(t *testing.T) {
	var l idLog
	s, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		s.SetDispatchMode(DispatchPumped)
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				l.add("login", e.ClientID)
				s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
			},
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				l.add("submit", e.ClientID)
				l.answered(s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, ""))
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { l.add("disconnected", e.ClientID) },
		}
	}, "")
	c := dialCIMD2(t, addr)
	c.send("<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>")
	pumpUntil(t, &s.server, func() bool { return len(l.get("login")) == 1 }, "the login")
	c.read(5 * time.Second)
	live := l.get("login")[0]
	c.write(append(c2Packet(3, 3, "021:123", "033:a"), c2Packet(3, 5, "021:123", "033:b")...))
	queueThenDrop(t, &s.server, 2, func() { c.nc.Close() })
	checkStale(t, &l, "submit", 2, live)
}

// In direct mode an event runs as its frame arrives, while the
// connection is open, so it carries the connection's id.
func TestReference_ClientIDOfALiveConnectionIsItsID(t *testing.T) {
	got := make(chan int32, 1)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			got <- e.ClientID
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		}}
	}, "")
	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("a", "b", 0x34)))
	require.Positive(t, recv(t, got, 5*time.Second, "the bind"))
	require.Equal(t, uint32(0), c.read(5*time.Second).status)
}
