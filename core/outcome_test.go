package core

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// Every delivery accounted for: each request the server sends gets one
// outcome in the protocol's DeliverResponseReceived event, the client's
// answer, a timeout or the connection lost, over real TCP for all three
// protocols.

// acctEvent is a DeliverResponseReceived (disc false) or OnTcpDisconnected.
type acctEvent struct {
	disc   bool
	client int32
	num    uint32
	code   uint32 // SMPP Status, UCP/CIMD2 ErrorCode
	ext    string
}

// acctRig is one logged-in client of one protocol.
type acctRig struct {
	t      *testing.T
	events chan acctEvent
	id     int32
	send   func() (uint32, Code) // one single-part delivery; its number
	report func() Code           // one status report, numbered by the library
	read   func() int            // the next request's wire number
	answer func(wire int)        // a positive answer to it
	close  func()
}

func (r *acctRig) next(what string) acctEvent {
	r.t.Helper()
	return recv(r.t, r.events, 10*time.Second, what)
}

func (r *acctRig) quiet(d time.Duration) {
	r.t.Helper()
	select {
	case e := <-r.events:
		r.t.Fatalf("unexpected event %+v", e)
	case <-time.After(d):
	}
}

func newSMPPAcct(t *testing.T, ext string) *acctRig {
	r := &acctRig{t: t, events: make(chan acctEvent, 256)}
	bound := make(chan int32, 1)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "smsc")
				bound <- e.ClientID
			},
			OnSmppDeliverResponseReceived: func(e *SmppDeliverResponseReceivedEventArgs) {
				r.events <- acctEvent{client: e.ClientID, num: e.SequenceNumber, code: e.Status, ext: e.ExtendedParameters}
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { r.events <- acctEvent{disc: true, client: e.ClientID} },
		}
	}, ext)
	c := bindRaw(t, addr, cmdBindReceiver)
	r.id = recv(t, bound, 5*time.Second, "bind")
	r.send = func() (uint32, Code) {
		seqs, code := srv.SmppSendDeliverMessage(r.id, 0, "1", 0, 0, "2", 0, 0, "hi", sms.Et7BitText, "", 0, "", "")
		if len(seqs) == 0 {
			return 0, code
		}
		return seqs[0], code
	}
	r.report = func() Code {
		return srv.SmppSendDeliverStatusReport(r.id, 0, "1", 0, 0, "2", 0, 0, RtFinal, "m1", "", 1, 1,
			time.Time{}, time.Time{}, MsDelivered, 0, "", "")
	}
	r.read = func() int {
		p := c.read(5 * time.Second)
		require.Equal(t, cmdDeliverSM, p.cmd)
		return int(p.seq)
	}
	r.answer = func(seq int) { c.write(pduHex(cmdDeliverSM|0x80000000, 0, uint32(seq), "00")) }
	r.close = func() { c.nc.Close() }
	return r
}

func newUCPAcct(t *testing.T, ext string) *acctRig {
	r := &acctRig{t: t, events: make(chan acctEvent, 256)}
	var id atomic.Int32
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		accept := ucpAcceptAll(s)
		return UCPHandlers{
			OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) { id.Store(e.ClientID); accept(e) },
			OnUcpDeliverResponseReceived: func(e *UcpDeliverResponseReceivedEventArgs) {
				r.events <- acctEvent{client: e.ClientID, num: e.TransactionNumber, code: e.ErrorCode, ext: e.ExtendedParameters}
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { r.events <- acctEvent{disc: true, client: e.ClientID} },
		}
	}, ext)
	c := dialUCP(t, addr)
	c.login()
	r.id = id.Load()
	r.send = func() (uint32, Code) {
		trns, code := srv.UcpSendDeliverMessage(r.id, 0, "1234", "4412345", "hi", sms.Et7BitText, "", 0, time.Time{}, "")
		if len(trns) == 0 {
			return 0, code
		}
		return trns[0], code
	}
	r.report = func() Code {
		return srv.UcpSendDeliverStatusReport(r.id, 0, time.Now(), "1234", "4412345", 0, 0, time.Time{}, "")
	}
	r.read = func() int {
		f := c.readFrame(5 * time.Second)
		require.Contains(t, []int{ucp.OTDeliverSM, ucp.OTDeliverNotification}, f.OT)
		return f.TRN
	}
	r.answer = func(trn int) { c.sendOp(trn, ucp.Result, 52, "A", "", "") }
	r.close = func() { c.nc.Close() }
	return r
}

func newCIMD2Acct(t *testing.T, ext string) *acctRig {
	r := &acctRig{t: t, events: make(chan acctEvent, 256)}
	var id atomic.Int32
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				id.Store(e.ClientID)
				s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
			},
			OnCimd2DeliverResponseReceived: func(e *Cimd2DeliverResponseReceivedEventArgs) {
				r.events <- acctEvent{client: e.ClientID, num: e.TransactionNumber, code: e.ErrorCode, ext: e.ExtendedParameters}
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { r.events <- acctEvent{disc: true, client: e.ClientID} },
		}
	}, ext)
	c := dialCIMD2(t, addr)
	c.login()
	r.id = id.Load()
	r.send = func() (uint32, Code) {
		nums, code := srv.Cimd2SendDeliverMessage(r.id, 0, "1234", "4412345", "hi", sms.Et7BitText, "", 0, c2Stamp, "")
		if len(nums) == 0 {
			return 0, code
		}
		return nums[0], code
	}
	r.report = func() Code {
		return srv.Cimd2SendDeliverStatusReport(r.id, 0, c2Stamp, "1234", 4, 0, c2Stamp, "")
	}
	r.read = func() int {
		g := c.read(5 * time.Second)
		require.Contains(t, []int{cimd2.OpDeliverMessage, cimd2.OpDeliverStatusReport}, g.pkt.Op)
		return g.pkt.Number
	}
	r.answer = func(num int) { c.write(c2Packet(cimd2.OpDeliverMessageResponse, num)) }
	r.close = func() { c.nc.Close() }
	return r
}

var acctProtocols = []struct {
	name string
	rig  func(t *testing.T, ext string) *acctRig
}{{"smpp", newSMPPAcct}, {"ucp", newUCPAcct}, {"cimd2", newCIMD2Acct}}

func forEachAcct(t *testing.T, ext string, test func(t *testing.T, r *acctRig)) {
	for _, p := range acctProtocols {
		t.Run(p.name, func(t *testing.T) { test(t, p.rig(t, ext)) })
	}
}

// A client that never answers: after deliver-timeout each request gets
// exactly one timeout outcome, with the real ClientID, and an answer that
// comes later is not reported.
func TestOutcomeTimeout(t *testing.T) {
	forEachAcct(t, "deliver-timeout=0.5", func(t *testing.T, r *acctRig) {
		start := time.Now()
		want := map[uint32]bool{}
		for range 3 {
			n, code := r.send()
			require.Equal(t, OK, code)
			want[n] = true
		}
		require.Equal(t, OK, r.report())
		var wires []int
		for range 4 {
			wires = append(wires, r.read())
		}
		got := map[uint32]int{}
		for range 4 {
			e := r.next("timeout outcome")
			require.False(t, e.disc)
			require.Equal(t, OutcomeTimeout, e.code)
			require.Equal(t, "library.outcome=timeout", e.ext)
			require.Equal(t, r.id, e.client)
			got[e.num]++
		}
		require.GreaterOrEqual(t, time.Since(start), 500*time.Millisecond)
		for n := range want {
			require.Equal(t, 1, got[n], "outcome of %d", n)
		}
		// Late answers are dropped: the host had the outcome.
		for _, w := range wires {
			r.answer(w)
		}
		r.quiet(700 * time.Millisecond)
	})
}

// A client that drops with requests outstanding: each gets one
// connection-lost outcome with the real ClientID, all before
// OnTcpDisconnected.
func TestOutcomeConnectionLost(t *testing.T) {
	forEachAcct(t, "deliver-timeout=60", func(t *testing.T, r *acctRig) {
		want := map[uint32]bool{}
		for range 4 {
			n, code := r.send()
			require.Equal(t, OK, code)
			want[n] = true
		}
		for range 4 {
			r.read()
		}
		r.close()
		for range 4 {
			e := r.next("connection-lost outcome")
			require.False(t, e.disc, "OnTcpDisconnected before every outcome")
			require.Equal(t, OutcomeConnectionLost, e.code)
			require.Equal(t, "library.outcome=connection-lost", e.ext)
			require.Equal(t, r.id, e.client)
			require.True(t, want[e.num], "outcome of %d", e.num)
			delete(want, e.num)
		}
		e := r.next("OnTcpDisconnected")
		require.True(t, e.disc)
		require.Equal(t, r.id, e.client)
	})
}

// The normal case: each answer is reported once, and nothing follows it
// when deliver-timeout passes.
func TestOutcomeAnsweredOnce(t *testing.T) {
	forEachAcct(t, "deliver-timeout=0.5", func(t *testing.T, r *acctRig) {
		for range 3 {
			_, code := r.send()
			require.Equal(t, OK, code)
		}
		for range 3 {
			r.answer(r.read())
		}
		for range 3 {
			e := r.next("answer")
			require.Zero(t, e.code, "%+v", e)
			require.Empty(t, e.ext)
		}
		r.quiet(time.Second)
	})
}

// window-full=wait: a Send call on a full window returns once an answer
// frees a slot.
func TestWindowFullWaits(t *testing.T) {
	forEachAcct(t, "window=2;deliver-timeout=30", func(t *testing.T, r *acctRig) {
		for range 2 {
			_, code := r.send()
			require.Equal(t, OK, code)
		}
		first := r.read()
		r.read()
		done := make(chan Code, 1)
		go func() { _, code := r.send(); done <- code }()
		select {
		case code := <-done:
			t.Fatalf("Send returned %v on a full window", code)
		case <-time.After(300 * time.Millisecond):
		}
		r.answer(first)
		require.Equal(t, OK, recv(t, done, 10*time.Second, "Send after a slot freed"))
		r.read()
	})
}

// window-full=fail: a Send call on a full window fails at once.
func TestWindowFullFails(t *testing.T) {
	forEachAcct(t, "window=2;window-full=fail", func(t *testing.T, r *acctRig) {
		for range 2 {
			_, code := r.send()
			require.Equal(t, OK, code)
		}
		_, code := r.send()
		require.Equal(t, ErrSendQueueFull, code)
		require.Equal(t, ErrSendQueueFull, r.report())
		r.answer(r.read())
		r.next("answer")
		_, code = r.send()
		require.Equal(t, OK, code)
	})
}

// A full window that stays full: the wait ends after deliver-timeout with
// ErrTimeout (and the requests in flight get their timeout outcomes).
func TestWindowWaitTimesOut(t *testing.T) {
	forEachAcct(t, "window=1;deliver-timeout=0.5", func(t *testing.T, r *acctRig) {
		_, code := r.send()
		require.Equal(t, OK, code)
		start := time.Now()
		_, code = r.send()
		// The outcome of the first frees the slot about when the wait ends.
		require.Contains(t, []Code{OK, ErrTimeout}, code)
		require.GreaterOrEqual(t, time.Since(start), 400*time.Millisecond)
	})
}

func TestAccountingKeys(t *testing.T) {
	for _, tc := range []struct {
		proto, ext string
		ok         bool
	}{
		{"smpp", "window=1", true}, {"smpp", "window=0", false}, {"smpp", "window=x", false},
		{"ucp", "window=98", true}, {"ucp", "window=99", false},
		{"cimd2", "window=126", true}, {"cimd2", "window=127", false},
		{"smpp", "window-full=fail", true}, {"smpp", "window-full=WAIT", true}, {"smpp", "window-full=drop", false},
		{"smpp", "deliver-timeout=2.5", true}, {"smpp", "deliver-timeout=-1", false},
		{"smpp", "max-connections-per-ip=2", true}, {"smpp", "max-connections-per-ip=-1", false},
		{"smpp", "trace-passwords=true", true}, {"smpp", "trace-passwords=maybe", false},
	} {
		_, err := parseConfig(ParseParams(tc.ext), tc.proto)
		require.Equal(t, tc.ok, err == nil, fmt.Sprintf("%s %s", tc.proto, tc.ext))
	}
	c, err := parseConfig(ParseParams(""), "smpp")
	require.NoError(t, err)
	require.Equal(t, 100, c.Window)
	require.False(t, c.WindowFail)
	require.Equal(t, 30*time.Second, c.DeliverTimeout)
	c, _ = parseConfig(ParseParams("response-timeout=5"), "ucp")
	require.Equal(t, 98, c.Window)
	require.Equal(t, 5*time.Second, c.DeliverTimeout, "deliver-timeout follows response-timeout")
	c, _ = parseConfig(ParseParams(""), "cimd2")
	require.Equal(t, 100, c.Window)
}

// A handler that sends on its own connection in direct dispatch mode runs
// on the goroutine that reads the answers: a full window does not hold it
// (it would wait for itself), the request goes beyond the window.
func TestWindowFullInOwnHandlerDoesNotWait(t *testing.T) {
	codes := make(chan Code, 8)
	var srv *SMPPServer
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		srv = s
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&srv),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "m", false)
				for range 3 { // window=1: two beyond it
					_, code := s.SmppSendDeliverMessage(e.ClientID, 0, "1", 0, 0, "2", 0, 0, "r", sms.Et7BitText, "", 0, "", "")
					codes <- code
				}
			},
		}
	}, "window=1;deliver-timeout=30")
	require.Equal(t, DispatchDirect, srv.DispatchMode())
	c := bindRaw(t, addr, cmdBindTransceiver)
	c.write(pduHex(cmdSubmitSM, 0, 5, submitBodyA))
	// Well before deliver-timeout (30 s), which a wait would take.
	for range 3 {
		require.Equal(t, OK, recv(t, codes, 10*time.Second, "send from the handler"))
	}
	require.Equal(t, cmdSubmitSM|respBit, c.read(5*time.Second).cmd)
	for range 3 {
		require.Equal(t, cmdDeliverSM, c.read(5*time.Second).cmd)
	}
}
