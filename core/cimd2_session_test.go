package core

import (
	"math/rand"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/smstime"
)

// TestCIMD2KannelConversation replays Kannel 1.4.5's side of the capture
// (docs/test-vectors.md, CIMD2 vectors) and checks every answer byte for byte.
func TestCIMD2KannelConversation(t *testing.T) {
	logins := make(chan *Cimd2LoginReceivedEventArgs, 1)
	submits := make(chan *Cimd2SubmitMessageReceivedEventArgs, 1)
	completed := make(chan *Cimd2SubmitMessageCompletedEventArgs, 1)
	responses := make(chan *Cimd2DeliverResponseReceivedEventArgs, 4)
	logouts := make(chan *Cimd2LogoutReceivedEventArgs, 1)
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	var mu sync.Mutex
	var traces []*Cimd2TraceProtocolEventArgs
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				logins <- e
				require.Equal(t, OK, s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, ""))
			},
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				submits <- e
				require.Equal(t, OK, s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, c2Stamp, 0, ""))
			},
			OnCimd2SubmitMessageCompleted:  func(e *Cimd2SubmitMessageCompletedEventArgs) { completed <- e },
			OnCimd2DeliverResponseReceived: func(e *Cimd2DeliverResponseReceivedEventArgs) { responses <- e },
			OnCimd2LogoutReceived:          func(e *Cimd2LogoutReceivedEventArgs) { logouts <- e },
			OnTcpDisconnected:              func(e *TcpDisconnectedEventArgs) { disc <- e },
			OnCimd2TraceProtocol: func(e *Cimd2TraceProtocolEventArgs) {
				mu.Lock()
				traces = append(traces, e)
				mu.Unlock()
			},
		}
	}, "")
	c := dialCIMD2(t, addr)

	c.send("<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>")
	c.expect("<STX>51:001<TAB>3C<ETX>")
	l := recv(t, logins, 5*time.Second, "login")
	require.Equal(t, uint32(1), l.TransactionNumber)
	require.Equal(t, "cimduser", l.UserIdentity)
	require.Equal(t, "secret", l.Password)
	require.Equal(t, "", l.ExtendedParameters)
	id := l.ClientID

	c.send("<STX>40:003<TAB>3C<ETX>")
	c.expect("<STX>90:003<TAB>41<ETX>")

	c.send("<STX>03:003<TAB>021:4412345<TAB>023:1234<TAB>056:14<TAB>055:0<TAB>044:0<TAB>033:Hello _Oa_XX(_XXe_XX>_a\"<TAB>4B<ETX>")
	c.expect("<STX>53:003<TAB>021:4412345<TAB>060:261121232018<TAB>B3<ETX>")
	e := recv(t, submits, 5*time.Second, "submit")
	require.Equal(t, id, e.ClientID)
	require.Equal(t, uint32(3), e.TransactionNumber)
	require.Equal(t, "4412345", e.Destination)
	require.Equal(t, "1234", e.Originator)
	require.Equal(t, "Hello @{€]ä", e.Content)
	require.Equal(t, sms.Et7BitText, e.Encoding)
	require.Equal(t, sms.SoRequestStatusReport, e.Options)
	require.Equal(t, "", e.UserDataHeader)
	require.True(t, e.DeliveryTime.IsZero())
	require.True(t, e.ValidityPeriod.IsZero())
	require.Equal(t, "cimd2.056=14;cimd2.055=0;cimd2.044=0", e.ExtendedParameters)
	ce := recv(t, completed, 5*time.Second, "completed")
	require.Equal(t, "Hello @{€]ä", ce.Content)
	require.Equal(t, []uint32{3}, ce.TransactionNumbers)
	require.Len(t, ce.TimeStamps, 1)
	require.True(t, ce.TimeStamps[0].Equal(c2Stamp), "time stamp of the 53: %v", ce.TimeStamps[0])

	// Status report with the submit's time stamp; the first server number is 000.
	require.Equal(t, OK, srv.Cimd2SendDeliverStatusReport(id, 0, ce.TimeStamps[0], "4412345", 4, 0, c2Stamp, ""))
	c.expect("<STX>23:000<TAB>021:4412345<TAB>060:261121232018<TAB>061:4<TAB>063:261121232018<TAB>F4<ETX>")
	c.send("<STX>73:000<TAB>3F<ETX>")
	r := recv(t, responses, 5*time.Second, "73")
	require.Equal(t, uint32(0), r.TransactionNumber)
	require.Equal(t, uint32(0), r.ErrorCode)
	require.Equal(t, int32(73), r.Code)

	// Mobile-originated message; the next server number is 002.
	nums, code := srv.Cimd2SendDeliverMessage(id, 0, "1234", "4412345", "Hi @ there", sms.Et7BitText, "", 0, c2Stamp, "")
	require.Equal(t, OK, code)
	require.Equal(t, []uint32{2}, nums)
	c.expect("<STX>20:002<TAB>021:1234<TAB>023:4412345<TAB>060:261121232018<TAB>033:Hi _Oa there<TAB>3F<ETX>")
	c.send("<STX>70:002<TAB>3E<ETX>")
	r = recv(t, responses, 5*time.Second, "70")
	require.Equal(t, uint32(2), r.TransactionNumber)
	require.Equal(t, int32(70), r.Code)

	c.send("<STX>02:007<TAB>3E<ETX>")
	c.expect("<STX>52:007<TAB>43<ETX>")
	require.Equal(t, uint32(7), recv(t, logouts, 5*time.Second, "logout").TransactionNumber)
	c.expectClosed(5 * time.Second)
	d := recv(t, disc, 5*time.Second, "disconnect")
	require.Equal(t, id, d.ClientID)

	// Every packet was traced, both ways, with op and number.
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, traces, 12)
	require.Equal(t, uint32(1), traces[0].Operation)
	require.Equal(t, uint32(1), traces[0].OperationType)
	// The password masked (trace-passwords=false, the default).
	require.Equal(t, upperHex(c2("<STX>01:001<TAB>010:cimduser<TAB>011:******<TAB>C2<ETX>")), traces[0].PDU)
	require.Equal(t, "127.0.0.1:"+strconv.Itoa(srv.LocalPort()), traces[0].ToAddress)
	require.Equal(t, uint32(51), traces[1].Operation)
	require.Equal(t, traces[0].ToAddress, traces[1].FromAddress)
}

func TestCIMD2DefaultsWithoutHandlers(t *testing.T) {
	_, addr := startCIMD2(t, func(*CIMD2Server) CIMD2Handlers { return CIMD2Handlers{} }, "")
	c := dialCIMD2(t, addr)
	// Alive is answered before login too.
	c.send("<STX>40:001<TAB><ETX>")
	c.expectOp(90, 1)
	// No login handler: rejected (CIMD2 vector 9) and closed.
	c.send("<STX>01:001<TAB>010:username<TAB>011:password<TAB>B3<ETX>")
	c.expect("<STX>51:001<TAB>900:100<TAB>901:Invalid login<TAB>86<ETX>")
	c.expectClosed(5 * time.Second)
}

func TestCIMD2DefaultAnswers(t *testing.T) {
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{OnCimd2LoginReceived: c2AcceptLogins(s)}
	}, "")
	c := dialCIMD2(t, addr)
	// Before login: submit refused with 900:1.
	c.write(c2Packet(3, 1, "021:123", "033:hi"))
	g := c.expectOp(53, 1)
	require.Equal(t, "1", g.param(900))
	c.login()
	// Logged in, no submit handler: general system error.
	c.write(c2Packet(3, 3, "021:123", "033:hi"))
	g = c.expectOp(53, 3)
	require.Equal(t, "6", g.param(900))
	require.Equal(t, "General system error", g.param(901))
	// Unknown operation: 98 with 900:1 (CIMD2 vector 10).
	c.send("<STX>77:003<TAB><ETX>")
	c.expect("<STX>98:003<TAB>900:1<TAB>901:Unexpected operation<TAB>39<ETX>")
	// Known request without an event: its own response with 900:1.
	c.write(c2Packet(4, 5, "021:123", "060:261121232018"))
	g = c.expectOp(54, 5)
	require.Equal(t, "1", g.param(900))
	// A second login is refused.
	c.write(c2Packet(1, 7, "010:a", "011:b"))
	g = c.expectOp(51, 7)
	require.Equal(t, "1", g.param(900))
	// A request the server may send, sent by the client: 98.
	c.write(c2Packet(20, 9, "021:1"))
	c.expectOp(98, 9)
	// Responses are never answered: a stray 53 then an alive; the next packet is the 90.
	c.write(c2Packet(53, 11))
	c.write(c2Packet(40, 13))
	c.expectOp(90, 13)
	// Logout without a logout handler: answered and closed.
	c.send("<STX>02:007<TAB>3E<ETX>")
	c.expect("<STX>52:007<TAB>43<ETX>")
	c.expectClosed(5 * time.Second)
}

func TestCIMD2LoginRejectedByHost(t *testing.T) {
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				if e.Password != "right" {
					require.Equal(t, OK, s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 100, "Invalid login"))
					return
				}
				require.Equal(t, "cimd2.019=8;cimd2.012=1", e.ExtendedParameters)
				require.Equal(t, OK, s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, ""))
			},
		}
	}, "")
	c := dialCIMD2(t, addr)
	c.send("<STX>01:001<TAB>010:username<TAB>011:password<TAB>B3<ETX>")
	c.expect("<STX>51:001<TAB>900:100<TAB>901:Invalid login<TAB>86<ETX>")
	// Still connected, still not logged in; a retry succeeds.
	c.write(c2Packet(3, 3, "021:123", "033:hi"))
	require.Equal(t, "1", c.expectOp(53, 3).param(900))
	c.write(c2Packet(1, 1, "010:username", "011:right", "019:8", "012:1"))
	c.expect("<STX>51:001<TAB>3C<ETX>")
}

func TestCIMD2BadChecksumGarbageAndCutPackets(t *testing.T) {
	logins := make(chan *Cimd2LoginReceivedEventArgs, 2)
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
			logins <- e
			s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		}}
	}, "")
	c := dialCIMD2(t, addr)
	// Bad checksum: NACK with the packet's number, nothing reaches the host.
	c.send("<STX>01:001<TAB>010:username<TAB>011:password<TAB>B4<ETX>")
	c.expectOp(99, 1)
	// The same login without a checksum is fine (CIMD2 vector 13), after garbage.
	c.send("\r\nnoise<TAB>\x00<STX>01:001<TAB>010:username<TAB>011:password<TAB><ETX>more noise")
	c.expect("<STX>51:001<TAB>3C<ETX>")
	require.Equal(t, "username", recv(t, logins, 5*time.Second, "login").UserIdentity)
	// Unreadable header: NACK with the number the client should be at (003).
	c.send("<STX>0x:zzz<TAB><ETX>")
	c.expect("<STX>99:003<TAB>4A<ETX>")
	// A malformed parameter: NACK with the packet's number.
	c.send("<STX>40:005<TAB>bad<TAB><ETX>")
	c.expectOp(99, 5)
	// A request cut short by the next packet: NACKed, the next one served.
	c.send("<STX>03:007<TAB>021:12<STX>40:009<TAB><ETX>")
	c.expectOp(99, 7)
	c.expectOp(90, 9)
	select {
	case e := <-logins:
		t.Fatalf("unexpected login %+v", e)
	default:
	}
}

func TestCIMD2OversizeAndEndlessPackets(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 4)
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "pdu-timeout=0.4")

	// A packet over the default 4 KiB without ETX: closed.
	c := dialCIMD2(t, addr)
	c.write(append(c2("<STX>03:001<TAB>033:"), strings.Repeat("x", 5000)...))
	c.expectClosed(5 * time.Second)
	d := recv(t, disc, 5*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "max-pdu-size")

	// One that never ends: closed after pdu-timeout.
	c = dialCIMD2(t, addr)
	c.send("<STX>03:001<TAB>021:123")
	start := time.Now()
	c.expectClosed(5 * time.Second)
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
	d = recv(t, disc, 5*time.Second, "disconnect")
	require.Contains(t, d.ReasonText, "pdu-timeout")

	// Garbage without STX never accumulates: 64 KiB of it is harmless.
	c = dialCIMD2(t, addr)
	c.write([]byte(strings.Repeat("garbage ", 8192)))
	c.send("<STX>40:001<TAB><ETX>")
	c.expectOp(90, 1)

	// A client vanishing in the middle of a packet.
	c2c := dialCIMD2(t, addr)
	c2c.send("<STX>01:001<TAB>010:us")
	time.Sleep(50 * time.Millisecond)
	c2c.nc.Close()
	d = recv(t, disc, 5*time.Second, "disconnect")
	require.Equal(t, ReasonRemote, d.Reason)
}

func TestCIMD2MaxPacketSizeOption(t *testing.T) {
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers { return CIMD2Handlers{} }, "max-pdu-size=8192")
	require.Equal(t, 8192, srv.cfg.MaxPDUSize)
	c := dialCIMD2(t, addr)
	c.write(c2Packet(40, 1, "999:"+strings.Repeat("x", 6000)))
	c.expectOp(90, 1)
	s2 := NewCIMD2Server()
	defer s2.Destroy(true, time.Second)
	require.Equal(t, OK, s2.Cimd2InitializeServer("127.0.0.1", 0, ""))
	require.Equal(t, DefaultCIMD2MaxPacket, s2.cfg.MaxPDUSize)
	require.Equal(t, ErrInvalidArgument, NewCIMD2Server().Cimd2InitializeServer("127.0.0.1", 0, "time-zone=Nowhere/Atlantis"))
}

func TestCIMD2KeepAlive(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{OnCimd2LoginReceived: c2AcceptLogins(s), OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "response-timeout=0.5")
	srv.SetKeepAliveInterval(1)
	c := dialCIMD2(t, addr)
	c.login()
	// First alive (number 000): answer it.
	c.read(3 * time.Second)
	c.write(c2Packet(90, 0))
	// Second (002): stay silent; the server closes.
	g := c.read(3 * time.Second)
	require.Equal(t, 40, g.pkt.Op)
	require.Equal(t, 2, g.pkt.Number)
	c.expectClosed(3 * time.Second)
	d := recv(t, disc, 3*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "alive")
}

func TestCIMD2LoginTimeout(t *testing.T) {
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers { return CIMD2Handlers{} }, "bind-timeout=0.3")
	c := dialCIMD2(t, addr)
	c.expectClosed(3 * time.Second)
}

func TestCIMD2ThrottlePacesDeliveries(t *testing.T) {
	var id atomic.Int32
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnTcpConnected:       func(e *TcpConnectedEventArgs) { id.Store(e.ClientID); s.TcpAcceptConnection(e.ClientID) },
			OnCimd2LoginReceived: c2AcceptLogins(s),
		}
	}, "")
	srv.SetThrottleRate(20)
	c := dialCIMD2(t, addr)
	c.login()
	start := time.Now()
	for i := 0; i < 6; i++ {
		_, code := srv.Cimd2SendDeliverMessage(id.Load(), 0, "1234", "4412345", "hi", sms.Et7BitText, "", 0, time.Time{}, "")
		require.Equal(t, OK, code)
	}
	require.Equal(t, OK, srv.Cimd2SendDeliverStatusReport(id.Load(), 0, c2Stamp, "4412345", 4, 0, time.Time{}, ""))
	// 7 messages at 20/s: the last leaves 300 ms after the first.
	require.GreaterOrEqual(t, time.Since(start), 280*time.Millisecond)
	for i := 0; i < 6; i++ {
		c.expectOp(20, 2*i)
	}
	c.expectOp(23, 12)
}

func TestCIMD2ResponseTimeoutAndLateAnswer(t *testing.T) {
	got := make(chan *Cimd2SubmitMessageReceivedEventArgs, 2)
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived:         c2AcceptLogins(s),
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) { got <- e },
		}
	}, "response-timeout=0.3")
	c := dialCIMD2(t, addr)
	c.login()
	start := time.Now()
	c.write(c2Packet(3, 3, "021:123", "033:hi"))
	e := recv(t, got, 5*time.Second, "submit")
	g := c.expectOp(53, 3)
	require.Equal(t, "5", g.param(900))
	require.Equal(t, "No response from message center", g.param(901))
	require.GreaterOrEqual(t, time.Since(start), 250*time.Millisecond)
	require.Equal(t, ErrNotPending, srv.Cimd2SendSubmitMessageResponse(e.ClientID, 3, "", time.Time{}, 0, ""))

	// Argument checks and wrong numbers.
	c.write(c2Packet(3, 5, "021:123", "033:hi"))
	e = recv(t, got, 5*time.Second, "submit")
	require.Equal(t, ErrNotPending, srv.Cimd2SendLoginResponse(e.ClientID, 5, 0, ""), "not a login")
	require.Equal(t, ErrUnknownClient, srv.Cimd2SendSubmitMessageResponse(9999, 5, "", time.Time{}, 0, ""))
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendSubmitMessageResponse(e.ClientID, 5, "12a", time.Time{}, 0, ""))
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendSubmitMessageResponse(e.ClientID, 5, "", time.Time{}, 300, strings.Repeat("x", 65)))
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendSubmitMessageResponse(e.ClientID, 5, "", time.Time{}, 1000, ""))
	require.Equal(t, OK, srv.Cimd2SendSubmitMessageResponse(e.ClientID, 5, "", time.Time{}, 300, ""))
	c.expect("<STX>53:005<TAB>900:300<TAB>B1<ETX>")
	require.Equal(t, ErrNotPending, srv.Cimd2SendSubmitMessageResponse(e.ClientID, 5, "", time.Time{}, 0, ""), "answered twice")
}

func TestCIMD2DeclineAndPanicGiveDefaultAnswer(t *testing.T) {
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: c2AcceptLogins(s),
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				if e.TransactionNumber == 3 {
					e.Decline()
					return
				}
				panic("host bug")
			},
		}
	}, "")
	c := dialCIMD2(t, addr)
	c.login()
	c.write(c2Packet(3, 3, "021:123", "033:hi"))
	c.write(c2Packet(3, 5, "021:123", "033:hi"))
	require.Equal(t, "6", c.expectOp(53, 3).param(900))
	require.Equal(t, "6", c.expectOp(53, 5).param(900))
}

func TestCIMD2RAW(t *testing.T) {
	raws := make(chan *Cimd2RAWReceivedEventArgs, 4)
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				// Answered by RAW: 51 without 900 logs the client in.
				require.Equal(t, OK, s.Cimd2SendRAW(e.ClientID, e.TransactionNumber, 51, ""))
			},
			OnCimd2RAWReceived: func(e *Cimd2RAWReceivedEventArgs) {
				raws <- e
				switch e.Code {
				case 4:
					require.Equal(t, OK, s.Cimd2SendRAW(e.ClientID, e.TransactionNumber, 54,
						upperHex([]byte("021:123\t060:261121232018\t061:4"))))
				case 9:
					e.Decline()
				}
			},
		}
	}, "")
	c := dialCIMD2(t, addr)
	// Before login, no RAW: the default answer.
	c.write(c2Packet(4, 1, "021:123", "060:261121232018"))
	require.Equal(t, "1", c.expectOp(54, 1).param(900))
	c.login()
	c.write(c2Packet(4, 3, "021:123", "060:261121232018"))
	e := recv(t, raws, 5*time.Second, "raw 04")
	require.Equal(t, int32(4), e.Code)
	require.Equal(t, uint32(3), e.TransactionNumber)
	require.Equal(t, upperHex([]byte("021:123\t060:261121232018\t")), e.Payload)
	g := c.expectOp(54, 3)
	require.Equal(t, "4", g.param(61))
	// Declined: the library's answer.
	c.write(c2Packet(9, 5, "500:501"))
	require.Equal(t, int32(9), recv(t, raws, 5*time.Second, "raw 09").Code)
	require.Equal(t, "1", c.expectOp(59, 5).param(900))
	// An unexpected response is reported and not answered.
	c.write(c2Packet(53, 7, "021:1"))
	e = recv(t, raws, 5*time.Second, "raw 53")
	require.Equal(t, int32(53), e.Code)
	c.expectNothing(100 * time.Millisecond)
}

func TestCIMD2PumpedMode(t *testing.T) {
	s := NewCIMD2Server()
	require.Equal(t, OK, s.SetDispatchMode(DispatchPumped))
	var mu sync.Mutex
	var order []string
	add := func(v string) { mu.Lock(); order = append(order, v); mu.Unlock() }
	s.SetHandlers(CIMD2Handlers{
		OnTcpConnected: func(e *TcpConnectedEventArgs) { add("connected"); s.TcpAcceptConnection(e.ClientID) },
		OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
			add("login")
			s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		},
		OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
			add("submit" + strconv.Itoa(int(e.TransactionNumber)))
			s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", c2Stamp.Add(time.Duration(e.TransactionNumber)*time.Second), 0, "")
		},
		OnCimd2SubmitMessageCompleted: func(e *Cimd2SubmitMessageCompletedEventArgs) {
			require.False(t, e.TimeStamps[0].IsZero(), "answered before Completed")
			add("completed" + strconv.Itoa(int(e.TransactionNumber)))
		},
		OnTcpDisconnected: func(*TcpDisconnectedEventArgs) { add("disconnected") },
	})
	require.Equal(t, OK, s.Cimd2InitializeServer("127.0.0.1", 0, "time-zone=UTC"))
	defer s.Destroy(true, 5*time.Second)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if _, code := s.DispatchEvents(-1, 0); code == ErrServerDestroyed {
				return
			}
		}
	}()
	c := dialCIMD2(t, "127.0.0.1:"+strconv.Itoa(s.LocalPort()))
	c.login()
	for i := 3; i <= 7; i += 2 {
		c.write(c2Packet(3, i, "021:123", "033:hi"))
	}
	for i := 3; i <= 7; i += 2 {
		g := c.expectOp(53, i)
		require.Equal(t, smstime.FormatCIMD2(c2Stamp.Add(time.Duration(i)*time.Second)), g.param(60))
	}
	waitFor(t, 5*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == 8 }, "events")
	c.nc.Close()
	waitFor(t, 5*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == 9 }, "disconnect")
	mu.Lock()
	got := append([]string(nil), order...)
	mu.Unlock()
	require.Equal(t, "connected", got[0])
	require.Equal(t, "login", got[1])
	require.Equal(t, "disconnected", got[8])
	// Each Completed follows its own submit.
	pos := map[string]int{}
	for i, v := range got {
		pos[v] = i
	}
	for _, n := range []string{"3", "5", "7"} {
		require.Less(t, pos["submit"+n], pos["completed"+n])
	}
	require.Less(t, pos["submit3"], pos["submit5"])
	require.Less(t, pos["submit5"], pos["submit7"])
	s.Destroy(true, 5*time.Second)
	<-done
}

func TestCIMD2CloseFromHandlerAndFinalize(t *testing.T) {
	disc := make(chan int32, 2)
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				if e.UserIdentity == "closeme" {
					require.Equal(t, OK, s.TcpCloseConnection(e.ClientID))
					return
				}
				s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
				require.Equal(t, OK, s.Cimd2FinalizeServer())
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e.Reason },
		}
	}, "")
	c := dialCIMD2(t, addr)
	c.write(c2Packet(1, 1, "010:closeme", "011:x"))
	c.expectClosed(3 * time.Second)
	require.Equal(t, ReasonLocal, recv(t, disc, 3*time.Second, "disconnect"))
	c = dialCIMD2(t, addr)
	c.login() // finalizes from inside the handler
	c.write(c2Packet(40, 3))
	c.expectOp(90, 3)
	srv.TcpCloseAllConnections()
	c.expectClosed(3 * time.Second)
	require.Equal(t, ErrNotInitialized, srv.Cimd2FinalizeServer())
}

// TestCIMD2GarbageDoesNotHurtOthers runs a well-behaved client while others
// send random octets, mutated packets and vanish in the middle of packets.
func TestCIMD2GarbageDoesNotHurtOthers(t *testing.T) {
	var closed atomic.Int32
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: c2AcceptLogins(s),
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", c2Stamp, 0, "")
			},
			OnTcpDisconnected: func(*TcpDisconnectedEventArgs) { closed.Add(1) },
		}
	}, "")
	good := dialCIMD2(t, addr)
	good.login()
	rng := rand.New(rand.NewSource(1))
	kannelSubmit := c2("<STX>03:003<TAB>021:4412345<TAB>023:1234<TAB>056:14<TAB>055:0<TAB>044:0<TAB>033:Hello _Oa_XX(_XXe_XX>_a\"<TAB>4B<ETX>")
	const abusers = 24
	for i := 0; i < abusers; i++ {
		c := dialCIMD2(t, addr)
		switch i % 4 {
		case 0: // random octets
			b := make([]byte, 1+rng.Intn(600))
			rng.Read(b)
			c.write(b)
		case 1: // logged in, then mutated submits
			c.login()
			for j := 0; j < 20; j++ {
				m := append([]byte(nil), kannelSubmit...)
				for k := 0; k < 3; k++ {
					m[1+rng.Intn(len(m)-2)] = byte(rng.Intn(256))
				}
				c.write(m)
			}
		case 2: // half a packet, then gone
			c.write(kannelSubmit[:20])
		case 3: // a login split across writes, then a truncated submit
			login := c2("<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>")
			c.write(login[:5])
			time.Sleep(time.Millisecond)
			c.write(login[5:])
			c.expectOp(51, 1)
			c.write(kannelSubmit[:30])
		}
		c.nc.Close()
		good.write(c2Packet(3, 2*(i%100)+3, "021:123", "033:hi"))
		good.expectOp(53, 2*(i%100)+3)
	}
	waitFor(t, 10*time.Second, func() bool { return closed.Load() == abusers }, "every abuser disconnected")
	require.Equal(t, 1, srv.ConnectionCount())
}
