package core

import (
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

const submitBodyA = "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 00 00 01 41"

func bindRaw(t *testing.T, addr string, cmd uint32) *rawClient {
	c := dialRaw(t, addr)
	c.write(pduHex(cmd, 0, 1, bindBody("esme1", "secret", 0x34)))
	p := c.read(5 * time.Second)
	require.Equal(t, cmd|0x80000000, p.cmd)
	require.Equal(t, uint32(0), p.status)
	return c
}

func TestDefaultsWithoutHandlers(t *testing.T) {
	_, addr := startSMPP(t, SMPPHandlers{}, "")
	c := dialRaw(t, addr)
	// No login handler: the bind is rejected and the connection closed.
	c.write(pduHex(0x09, 0, 1, bindBody("esme1", "secret", 0x34)))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000009), p.cmd)
	require.Equal(t, uint32(0x0D), p.status) // ESME_RBINDFAIL
	c.expectClosed(5 * time.Second)
}

func TestDefaultSubmitAndOtherRequestsWithoutHandler(t *testing.T) {
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s)}
	}, "")
	c := bindRaw(t, addr, 0x09)
	c.write(pduHex(0x04, 0, 2, submitBodyA))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000004), p.cmd)
	require.Equal(t, uint32(0x08), p.status) // ESME_RSYSERR

	c.write(pduHex(0x03, 0, 3, "313200 00 00 3100")) // query_sm
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000003), p.cmd)
	require.Equal(t, uint32(0x67), p.status) // ESME_RQUERYFAIL
	c.write(pduHex(0x08, 0, 4, "00 313200 00 00 3100 00 00 3200"))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000008), p.cmd)
	require.Equal(t, uint32(0x11), p.status) // ESME_RCANCELFAIL

	// unbind with no handler: answered and closed.
	c.write(pduHex(0x06, 0, 5, ""))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000006), p.cmd)
	require.Equal(t, uint32(0), p.status)
	c.expectClosed(5 * time.Second)
}

func TestResponseTimeoutAnswersForTheHost(t *testing.T) {
	got := make(chan uint32, 4)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived:         acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) { got <- e.SequenceNumber },
		}
	}, "response-timeout=0.3")
	c := bindRaw(t, addr, 0x09)
	start := time.Now()
	c.write(pduHex(0x04, 0, 42, submitBodyA))
	require.Equal(t, uint32(42), recv(t, got, 5*time.Second, "submit event"))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000004), p.cmd)
	require.Equal(t, uint32(0x08), p.status)
	require.Equal(t, uint32(42), p.seq)
	require.GreaterOrEqual(t, time.Since(start), 250*time.Millisecond)
}

func TestLateAnswerIsRefused(t *testing.T) {
	var srv *SMPPServer
	got := make(chan *SmppSubmitMessageReceivedEventArgs, 1)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived:         acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) { got <- e },
		}
	}, "")
	c := bindRaw(t, addr, 0x09)
	c.write(pduHex(0x04, 0, 7, submitBodyA))
	e := recv(t, got, 5*time.Second, "submit")
	require.Equal(t, OK, srv.SmppSendSubmitMessageResponse(e.ClientID, 7, 0, "m1", false))
	require.Equal(t, ErrNotPending, srv.SmppSendSubmitMessageResponse(e.ClientID, 7, 0, "m1", false), "answered twice")
	require.Equal(t, ErrNotPending, srv.SmppSendLoginResponse(e.ClientID, 7, BmTransceiver, 0, ""), "not a bind")
	require.Equal(t, ErrUnknownClient, srv.SmppSendSubmitMessageResponse(9999, 7, 0, "m1", false))
	require.Equal(t, ErrInvalidArgument, srv.SmppSendSubmitMessageResponse(e.ClientID, 7, 0, strings.Repeat("x", 65), false))
	p := c.read(5 * time.Second)
	require.Equal(t, "m1\x00", string(p.body))
}

func TestDeclineAndPanicGiveDefaultAnswer(t *testing.T) {
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				if e.SequenceNumber == 2 {
					e.Decline()
					return
				}
				panic("host bug")
			},
		}
	}, "")
	c := bindRaw(t, addr, 0x09)
	c.write(pduHex(0x04, 0, 2, submitBodyA))
	c.write(pduHex(0x04, 0, 3, submitBodyA))
	for _, seq := range []uint32{2, 3} {
		p := c.read(5 * time.Second)
		require.Equal(t, seq, p.seq)
		require.Equal(t, uint32(0x08), p.status)
	}
}

func TestKeepAliveSendsEnquireAndClosesSilentPeer(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s), OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "response-timeout=0.5")
	srv.SetKeepAliveInterval(1)
	c := bindRaw(t, addr, 0x09)
	// First enquire_link: answer it.
	p := c.read(3 * time.Second)
	require.Equal(t, uint32(0x15), p.cmd)
	c.write(pduHex(0x80000015, 0, p.seq, ""))
	// Second: stay silent; the server closes.
	p = c.read(3 * time.Second)
	require.Equal(t, uint32(0x15), p.cmd)
	c.expectClosed(3 * time.Second)
	d := recv(t, disc, 3*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "enquire_link")
}

func TestBindTimeout(t *testing.T) {
	_, addr := startSMPP(t, SMPPHandlers{}, "bind-timeout=0.3")
	c := dialRaw(t, addr)
	c.expectClosed(3 * time.Second)
}

func TestThrottlePacesDeliveries(t *testing.T) {
	var id atomic.Int32
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnTcpConnected:      func(e *TcpConnectedEventArgs) { id.Store(e.ClientID); s.TcpAcceptConnection(e.ClientID) },
			OnSmppLoginReceived: acceptAll(&s),
		}
	}, "")
	srv.SetThrottleRate(20)
	c := bindRaw(t, addr, 0x09)
	start := time.Now()
	for i := 0; i < 11; i++ {
		_, code := srv.SmppSendDeliverMessage(id.Load(), uint32(10+i), "1", 0, 0, "2", 0, 0, "hi", sms.Et7BitText, "", 0, "", "")
		require.Equal(t, OK, code)
	}
	// 11 messages at 20/s: the last may leave 500 ms after the first.
	require.GreaterOrEqual(t, time.Since(start), 450*time.Millisecond)
	for i := 0; i < 11; i++ {
		require.Equal(t, uint32(0x05), c.read(5*time.Second).cmd)
	}
}

func TestCloseAndFinalizeFromInsideHandlers(t *testing.T) {
	disc := make(chan int32, 4)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				if e.SystemID == "closeme" {
					require.Equal(t, OK, s.TcpCloseConnection(e.ClientID))
					return
				}
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				require.Equal(t, OK, s.SmppFinalizeServer())
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e.Reason },
		}
	}, "")
	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("closeme", "x", 0x34)))
	c.expectClosed(3 * time.Second)
	require.Equal(t, ReasonLocal, recv(t, disc, 3*time.Second, "disconnect"))

	c2 := bindRaw(t, addr, 0x09) // finalizes the server from inside the handler
	_, err := net.DialTimeout("tcp", addr, time.Second)
	require.Error(t, err, "no longer listening")
	// The existing connection still works.
	c2.write(pduHex(0x15, 0, 9, ""))
	require.Equal(t, uint32(0x80000015), c2.read(3*time.Second).cmd)
	srv.TcpCloseAllConnections()
	c2.expectClosed(3 * time.Second)
}

func TestDestroyWhileClientsConnected(t *testing.T) {
	s := NewSMPPServer()
	var disc atomic.Int32
	s.SetHandlers(SMPPHandlers{OnSmppLoginReceived: acceptAll(&s), OnTcpDisconnected: func(*TcpDisconnectedEventArgs) { disc.Add(1) }})
	require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, ""))
	addr := "127.0.0.1:" + strconv.Itoa(s.LocalPort())
	var cs []*rawClient
	for i := 0; i < 5; i++ {
		cs = append(cs, bindRaw(t, addr, 0x09))
	}
	require.Equal(t, OK, s.Destroy(true, 5*time.Second))
	for _, c := range cs {
		c.expectClosed(3 * time.Second)
	}
	require.Equal(t, 0, s.ConnectionCount())
	require.Equal(t, ErrServerDestroyed, s.SmppInitializeServer("127.0.0.1", 0, ""))
	require.Equal(t, ErrServerDestroyed, s.TcpCloseConnection(1))
}

func TestPumpedModeRunsHandlersOnDispatcher(t *testing.T) {
	s := NewSMPPServer()
	require.Equal(t, OK, s.SetDispatchMode(DispatchPumped))
	var mu sync.Mutex
	var order []string
	s.SetHandlers(SMPPHandlers{
		OnTcpConnected: func(e *TcpConnectedEventArgs) {
			mu.Lock()
			order = append(order, "connected")
			mu.Unlock()
			s.TcpAcceptConnection(e.ClientID)
		},
		OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			mu.Lock()
			order = append(order, "login")
			mu.Unlock()
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
			mu.Lock()
			order = append(order, "submit"+strconv.Itoa(int(e.SequenceNumber)))
			mu.Unlock()
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "x", false)
		},
		OnTcpDisconnected: func(*TcpDisconnectedEventArgs) {
			mu.Lock()
			order = append(order, "disconnected")
			mu.Unlock()
		},
	})
	require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, ""))
	addr := "127.0.0.1:" + strconv.Itoa(s.LocalPort())

	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // the host's dispatcher thread
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, code := s.DispatchEvents(-1, 0); code == ErrServerDestroyed {
				return
			}
		}
	}()
	c := bindRaw(t, addr, 0x09)
	for i := 2; i < 6; i++ {
		c.write(pduHex(0x04, 0, uint32(i), submitBodyA))
	}
	for i := 2; i < 6; i++ {
		require.Equal(t, uint32(i), c.read(5*time.Second).seq)
	}
	c.nc.Close()
	waitFor(t, 5*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == 7 }, "all events")
	require.Equal(t, []string{"connected", "login", "submit2", "submit3", "submit4", "submit5", "disconnected"}, order)

	// A blocked dispatcher wakes up on request and on destroy.
	close(stop)
	s.WakeDispatcher()
	<-done
	s.Destroy(true, 5*time.Second)
	n, code := s.DispatchEvents(-1, 0)
	require.Equal(t, 0, n)
	require.Equal(t, ErrServerDestroyed, code)
}

func TestPumpedQueueAppliesBackPressure(t *testing.T) {
	s := NewSMPPServer()
	s.SetDispatchMode(DispatchPumped)
	var submits atomic.Int32
	s.SetHandlers(SMPPHandlers{
		OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
			submits.Add(1)
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "x", false)
		},
	})
	require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, ""))
	t.Cleanup(func() { s.Destroy(true, 5*time.Second) })
	addr := "127.0.0.1:" + strconv.Itoa(s.LocalPort())
	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("a", "b", 0x34)))
	s.DispatchEvents(time.Second, 0) // runs the login
	require.Equal(t, uint32(0), c.read(5*time.Second).status)
	// Send more submits than the queue holds without dispatching: the
	// library must stop reading instead of queueing without bound.
	const n = DefaultEventQueueSize + 2000
	go func() {
		buf := make([]byte, 0, 64*1024)
		for i := 0; i < n; i++ {
			buf = append(buf, pduHex(0x04, 0, uint32(10+i), submitBodyA)...)
			if len(buf) > 60*1024 {
				c.nc.Write(buf)
				buf = buf[:0]
			}
		}
		c.nc.Write(buf)
	}()
	time.Sleep(300 * time.Millisecond)
	require.LessOrEqual(t, len(s.disp.queue), DefaultEventQueueSize)
	require.Equal(t, int32(0), submits.Load())
	// Draining lets everything through, in order.
	total := 0
	for total < n {
		k, _ := s.DispatchEvents(time.Second, 0)
		total += k
		go func() {}()
	}
	require.Equal(t, int32(n), submits.Load())
}

func TestAnswerDefaultOnRequest(t *testing.T) {
	got := make(chan *SmppSubmitMessageReceivedEventArgs, 1)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s), OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) { got <- e }}
	}, "")
	c := bindRaw(t, addr, 0x09)
	c.write(pduHex(0x04, 0, 5, submitBodyA))
	e := recv(t, got, 5*time.Second, "submit")
	require.Equal(t, OK, srv.SmppAnswerDefault(e.ClientID, 5))
	require.Equal(t, ErrNotPending, srv.SmppAnswerDefault(e.ClientID, 5))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x08), p.status)
}

func TestKeepAliveChangeAppliesAtOnce(t *testing.T) {
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s)}
	}, "")
	c := bindRaw(t, addr, 0x09)
	time.Sleep(100 * time.Millisecond) // the reader now sleeps up to 5 s
	start := time.Now()
	srv.SetKeepAliveInterval(1)
	p := c.read(4 * time.Second)
	require.Equal(t, uint32(0x15), p.cmd)
	require.Less(t, time.Since(start), 2500*time.Millisecond)
}

func TestCloseConnectionFlushesQueuedResponse(t *testing.T) {
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0x0E, "")
			s.TcpCloseConnection(e.ClientID) // the reference's way to reject a login
		}}
	}, "")
	for i := 0; i < 20; i++ {
		c := dialRaw(t, addr)
		c.write(pduHex(0x09, 0, 1, bindBody("a", "b", 0x34)))
		p := c.read(5 * time.Second)
		require.Equal(t, uint32(0x0E), p.status)
		c.expectClosed(5 * time.Second)
	}
}

// gosmpp numbers every part of a split message alike; each submit must
// still get its answer.
func TestDuplicateSequenceNumbersEachAnswered(t *testing.T) {
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				require.Equal(t, OK, s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "x", false))
			},
		}
	}, "")
	c := bindRaw(t, addr, 0x09)
	c.write(pduHex(0x04, 0, 3, submitBodyA))
	c.write(pduHex(0x04, 0, 3, submitBodyA))
	for i := 0; i < 2; i++ {
		p := c.read(5 * time.Second)
		require.Equal(t, uint32(3), p.seq)
		require.Equal(t, uint32(0), p.status)
	}
}

func TestFailedBindAndQueryResponses(t *testing.T) {
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				status := uint32(0)
				if e.Password != "secret" {
					status = 0x0E
				}
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, status, "")
			},
			OnSmppQueryReceived: func(e *SmppQueryReceivedEventArgs) { e.Decline() },
		}
	}, "")
	_ = srv
	c := dialRaw(t, addr)
	c.write(pduHex(0x02, 0, 1, bindBody("a", "bad", 0x34)))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x0E), p.status)
	require.Empty(t, p.body, "a failed bind_resp is header only")
	c2 := bindRaw(t, addr, 0x02)
	c2.write(pduHex(0x03, 0, 9, "313233343500 01 01 343034303400"))
	p = c2.read(5 * time.Second)
	require.Equal(t, uint32(0x67), p.status)
	require.Equal(t, "12345\x00\x00\x07\x00", string(p.body), "query_sm_resp keeps its body on error")
}

func TestKeepAliveStartsRightAfterBind(t *testing.T) {
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s)}
	}, "")
	srv.SetKeepAliveInterval(1)
	start := time.Now()
	c := bindRaw(t, addr, 0x09)
	p := c.read(4 * time.Second)
	require.Equal(t, uint32(0x15), p.cmd)
	require.Less(t, time.Since(start), 2500*time.Millisecond, "not after the reader's 5 s idle sleep")
}
