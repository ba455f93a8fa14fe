package core

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"

	_ "time/tzdata" // IANA names in TestUCPTimeZoneKeywordsInAnyCase, on machines without zoneinfo
)

// Kannel's conversation, frame by frame from the capture (docs/test-vectors.md,
// UCP vectors 12-14 and 19).
func TestUCPKannelSession(t *testing.T) {
	logins := make(chan *UcpLoginReceivedEventArgs, 1)
	submits := make(chan *UcpSubmitMessageReceivedEventArgs, 1)
	completed := make(chan *UcpSubmitMessageCompletedEventArgs, 1)
	var traces atomic.Int32
	var traceMu sync.Mutex
	var traceOps []string
	sent := time.Date(2026, 11, 21, 23, 19, 6, 0, time.UTC)
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnTcpConnected: func(e *TcpConnectedEventArgs) {
				require.Equal(t, "127.0.0.1", e.RemoteHost)
				s.TcpAcceptConnection(e.ClientID)
			},
			OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) {
				logins <- e
				require.Equal(t, OK, s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, ""))
			},
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				submits <- e
				require.Equal(t, OK, s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", sent, 0, ""))
			},
			OnUcpSubmitMessageCompleted: func(e *UcpSubmitMessageCompletedEventArgs) { completed <- e },
			OnUcpTraceProtocol: func(e *UcpTraceProtocolEventArgs) {
				traces.Add(1)
				traceMu.Lock()
				traceOps = append(traceOps, strconv.Itoa(int(e.Operation))+"/"+strconv.Itoa(int(e.OperationType)))
				traceMu.Unlock()
				require.NotEmpty(t, e.PDU)
				require.True(t, strings.HasPrefix(e.PDU, "02") && strings.HasSuffix(e.PDU, "03"), e.PDU)
			},
		}
	}, "")
	c := dialUCP(t, addr)
	c.login()
	l := recv(t, logins, 5*time.Second, "login")
	require.Equal(t, uint32(0), l.TransactionNumber)
	require.Equal(t, "emiuser", l.UserIdentity)
	require.Equal(t, "emiuser", l.Originator)
	require.Equal(t, "secret", l.Password)
	require.Equal(t, "", l.NewPassword)
	require.Equal(t, uint8(6), l.OTON)
	require.Equal(t, uint8(5), l.ONPI)
	require.Equal(t, uint8(1), l.STYP)
	require.Equal(t, "0100", l.VERS)
	require.Equal(t, "ucp.OT=60", l.ExtendedParameters)

	c.sendText(ucpKannelAlive)
	require.Equal(t, "00/00019/R/31/A//6B", c.readText(5*time.Second))

	c.sendText(ucpKannelText51)
	require.Equal(t, "02/00040/R/51/A//4412345:211126231906/9B", c.readText(5*time.Second), "UCP vector 19")
	e := recv(t, submits, 5*time.Second, "submit")
	require.Equal(t, uint32(2), e.TransactionNumber)
	require.Equal(t, "4412345", e.Destination)
	require.Equal(t, "1234", e.Originator)
	require.Equal(t, "Hello @{€", e.Content)
	require.Equal(t, sms.Et7BitText, e.Encoding)
	require.Equal(t, sms.SoRequestStatusReport, e.Options)
	require.Equal(t, "", e.UserDataHeader)
	require.True(t, e.DeliveryTime.IsZero())
	require.Equal(t, "ucp.OT=51;ucp.NRq=1;ucp.NT=7", e.ExtendedParameters)

	ce := recv(t, completed, 5*time.Second, "completed")
	require.Equal(t, "Hello @{€", ce.Content)
	require.Equal(t, []uint32{2}, ce.TransactionNumbers)
	require.Equal(t, []time.Time{sent}, ce.TimeStamps)
	// Every frame traced both ways: 60, its result, 31, result, 51, result.
	waitFor(t, 5*time.Second, func() bool { return traces.Load() == 6 }, "6 traces")
	traceMu.Lock()
	require.Equal(t, []string{"60/0", "60/0", "31/0", "31/0", "51/2", "51/2"}, traceOps)
	traceMu.Unlock()
}

func TestUCPAlphaSenderAndBinarySubmit(t *testing.T) {
	submits := make(chan *UcpSubmitMessageReceivedEventArgs, 2)
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				submits <- e
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
		}
	}, "")
	c := dialUCP(t, addr)
	c.login()
	c.sendText(ucpKannelAlpha51)
	f := c.readFrame(5 * time.Second)
	require.Equal(t, ucp.Result, f.Kind)
	require.Equal(t, 1, f.TRN)
	require.Equal(t, "A", string(f.Fields[0]))
	require.True(t, strings.HasPrefix(string(f.Fields[2]), "4412345:"))
	require.Len(t, string(f.Fields[2]), len("4412345:")+12)
	e := recv(t, submits, 5*time.Second, "alpha submit")
	require.Equal(t, "Alpha", e.Originator)
	require.Equal(t, "Hello @{€", e.Content)
	require.Equal(t, "ucp.OT=51;ucp.NRq=1;ucp.NT=7;ucp.OTOA=5039", e.ExtendedParameters)

	c.sendText(ucpKannelBinary51)
	c.readFrame(5 * time.Second)
	e = recv(t, submits, 5*time.Second, "binary submit")
	require.Equal(t, sms.Et8BitHexadecimal, e.Encoding)
	require.Equal(t, "010203", e.Content)
	require.Equal(t, "0605040B8423F0", e.UserDataHeader)
	require.Equal(t, sms.SoRequestStatusReport|sms.SoMessageClass1, e.Options)
	require.Equal(t, "ucp.OT=51;ucp.NRq=1;ucp.NT=7;ucp.MCLs=1;ucp.XSer=01070605040B8423F0", e.ExtendedParameters)
}

func TestUCPSpecSubmitsWithTimes(t *testing.T) {
	submits := make(chan *UcpSubmitMessageReceivedEventArgs, 3)
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				submits <- e
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Date(1996, 1, 9, 10, 32, 58, 0, time.UTC), 0, "")
			},
		}
	}, "ucp.login-required=false")
	c := dialUCP(t, addr)
	c.sendText(ucpSpecNotify51)
	require.Equal(t, ucpText(t, 18, ucp.Result, 51, "A", "", "012345:090196103258"), c.readText(5*time.Second))
	e := recv(t, submits, 5*time.Second, "submit 4")
	require.Equal(t, "012345", e.Destination)
	require.Equal(t, "09876", e.Originator)
	require.Equal(t, "Message 51", e.Content)
	require.Equal(t, time.Date(2096, 12, 30, 12, 12, 0, 0, time.UTC), e.ValidityPeriod, "two-digit years are 20YY (codec/smstime)")
	require.Equal(t, sms.SoRequestStatusReport|sms.SoValidityPeriodAbsolute, e.Options)
	require.Equal(t, "ucp.OT=51;ucp.NRq=1;ucp.NAdC=1920870340125000;ucp.NT=4;ucp.NPID=0539;ucp.VP=3012961212", e.ExtendedParameters)

	c.sendText(ucpSpecTransp51)
	c.readText(5 * time.Second)
	e = recv(t, submits, 5*time.Second, "submit 5")
	require.Equal(t, sms.Et8BitHexadecimal, e.Encoding)
	require.Equal(t, "F5AA34DE", e.Content)
	require.Equal(t, time.Date(2097, 8, 8, 18, 0, 0, 0, time.UTC), e.DeliveryTime)
	require.Equal(t, sms.SoRequestStatusReport|sms.SoDeliveryTimeAbsolute|sms.SoMessageClass1, e.Options)

	// OT 01 call input, answered "A/AdC:SCTS" (the spec's positive result).
	c.sendText(ucpSpecCallInput01)
	require.Equal(t, ucpText(t, 0, ucp.Result, 1, "A", "01234567890:090196103258"), c.readText(5*time.Second))
	e = recv(t, submits, 5*time.Second, "submit 01")
	require.Equal(t, "01234567890", e.Destination)
	require.Equal(t, "09876543210", e.Originator)
	require.Equal(t, "Short Message", e.Content)
	require.Equal(t, "ucp.OT=01", e.ExtendedParameters)
}

func TestUCPDefaultsWithoutHandlers(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 2)
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "")
	c := dialUCP(t, addr)
	// Alerts are answered before login; a submit is refused with NACK 07.
	c.sendText(ucpKannelAlive)
	require.Equal(t, "00/00019/R/31/A//6B", c.readText(5*time.Second))
	c.sendText(ucpKannelText51)
	require.Equal(t, ucpText(t, 2, ucp.Result, 51, "N", "07", ""), c.readText(5*time.Second))
	// No login handler: NACK 07 (UCP vector 20) and the connection closes.
	c.sendText(ucpKannelLogin)
	require.Equal(t, "00/00022/R/60/N/07//0A", c.readText(5*time.Second))
	c.expectClosed(5 * time.Second)
	d := recv(t, disc, 5*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)

	// A logged-in client without a submit handler gets NACK 55.
	_, addr2 := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnUcpLoginReceived: ucpAcceptAll(s)}
	}, "")
	c2 := dialUCP(t, addr2)
	c2.login()
	c2.sendText(ucpKannelText51)
	require.Equal(t, ucpText(t, 2, ucp.Result, 51, "N", "55", ""), c2.readText(5*time.Second))
	// An operation the library does not handle: NACK 03.
	c2.sendOp(7, ucp.Operation, 2, "1", "123", "456", "", "3", "41")
	require.Equal(t, ucpText(t, 7, ucp.Result, 2, "N", "03", ""), c2.readText(5*time.Second))
}

func TestUCPLoginNotRequired(t *testing.T) {
	// No handlers at all: a 60 is acknowledged (the session is open anyway),
	// a submit gets the system error.
	_, addr := startUCP(t, nil, "ucp.login-required=false")
	c := dialUCP(t, addr)
	c.login()
	c.sendText(ucpKannelText51)
	require.Equal(t, ucpText(t, 2, ucp.Result, 51, "N", "55", ""), c.readText(5*time.Second))

	// With a submit handler a client submits without any 60.
	got := make(chan string, 1)
	_, addr2 := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
			got <- e.Content
			s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Date(2026, 11, 21, 23, 19, 6, 0, time.UTC), 0, "")
		}}
	}, "login-required=false")
	c2 := dialUCP(t, addr2)
	c2.sendText(ucpKannelText51)
	require.Equal(t, "02/00040/R/51/A//4412345:211126231906/9B", c2.readText(5*time.Second))
	require.Equal(t, "Hello @{€", recv(t, got, 5*time.Second, "submit"))

	s := NewUCPServer()
	require.Equal(t, ErrInvalidArgument, s.UcpInitializeServer("127.0.0.1", 0, "ucp.login-required=maybe"))
	require.Equal(t, ErrInvalidArgument, s.UcpInitializeServer("127.0.0.1", 0, "ucp.time-zone=Mars/Olympus"))
	s.Destroy(true, time.Second)
}

func TestUCPLoginRejectedByHostAndTimeout(t *testing.T) {
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) {
			if e.Password != "secret" {
				require.Equal(t, OK, s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 7, "bad password"))
				return
			}
			require.Equal(t, OK, s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, ""))
		}}
	}, "bind-timeout=0.5")
	c := dialUCP(t, addr)
	c.sendOp(0, ucp.Operation, 60, "emiuser", "6", "5", "1", ucpHex("wrong"), "", "0100", "", "", "", "", "")
	require.Equal(t, ucpText(t, 0, ucp.Result, 60, "N", "07", "bad password"), c.readText(5*time.Second))
	// Still not logged in: a submit is refused; then the login timeout closes.
	c.sendText(ucpKannelText51)
	require.Equal(t, ucpText(t, 2, ucp.Result, 51, "N", "07", ""), c.readText(5*time.Second))
	c.expectClosed(5 * time.Second)

	// The same client with the right password is fine and not timed out.
	c2 := dialUCP(t, addr)
	c2.login()
	time.Sleep(700 * time.Millisecond)
	c2.sendText(ucpKannelAlive)
	require.Equal(t, "00/00019/R/31/A//6B", c2.readText(5*time.Second))
}

func TestUCPResponseTimeoutAndLateAnswer(t *testing.T) {
	got := make(chan *UcpSubmitMessageReceivedEventArgs, 2)
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived:         ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) { got <- e },
		}
	}, "response-timeout=0.3")
	c := dialUCP(t, addr)
	c.login()
	start := time.Now()
	c.sendText(ucpKannelText51)
	e := recv(t, got, 5*time.Second, "submit")
	require.Equal(t, ucpText(t, 2, ucp.Result, 51, "N", "55", ""), c.readText(5*time.Second))
	require.GreaterOrEqual(t, time.Since(start), 250*time.Millisecond)
	require.Equal(t, ErrNotPending, srv.UcpSendSubmitMessageResponse(e.ClientID, 2, "", time.Time{}, 0, ""))
	require.Equal(t, ErrNotPending, srv.UcpSendLoginResponse(e.ClientID, 2, 0, ""))
	require.Equal(t, ErrUnknownClient, srv.UcpSendSubmitMessageResponse(9999, 2, "", time.Time{}, 0, ""))
	require.Equal(t, ErrInvalidArgument, srv.UcpSendSubmitMessageResponse(e.ClientID, 100, "", time.Time{}, 0, ""))
	require.Equal(t, ErrInvalidArgument, srv.UcpSendSubmitMessageResponse(e.ClientID, 2, "", time.Time{}, 100, ""))
	require.Equal(t, ErrInvalidArgument, srv.UcpSendSubmitMessageResponse(e.ClientID, 2, "a/b", time.Time{}, 0, ""))
	require.Equal(t, ErrInvalidArgument, srv.UcpSendSubmitMessageResponse(e.ClientID, 2, "", time.Time{}, 4, "x/y"))

	// A NACK chosen by the host, with its text.
	c.sendOp(3, ucp.Operation, 51, ucpSubmit51Fields("123", "456", "hi", "")...)
	e = recv(t, got, 5*time.Second, "submit")
	require.Equal(t, OK, srv.UcpSendSubmitMessageResponse(e.ClientID, 3, "", time.Time{}, 4, "throttled"))
	require.Equal(t, ucpText(t, 3, ucp.Result, 51, "N", "04", "throttled"), c.readText(5*time.Second))
}

func TestUCPDeclineAndPanicGiveDefault(t *testing.T) {
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				if e.TransactionNumber == 2 {
					e.Decline()
					return
				}
				panic("host bug")
			},
		}
	}, "")
	c := dialUCP(t, addr)
	c.login()
	c.sendOp(2, ucp.Operation, 51, ucpSubmit51Fields("1", "2", "a", "")...)
	c.sendOp(3, ucp.Operation, 51, ucpSubmit51Fields("1", "2", "b", "")...)
	require.Equal(t, ucpText(t, 2, ucp.Result, 51, "N", "55", ""), c.readText(5*time.Second))
	require.Equal(t, ucpText(t, 3, ucp.Result, 51, "N", "55", ""), c.readText(5*time.Second))
}

func TestUCPKeepAlive(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnUcpLoginReceived: ucpAcceptAll(s), OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "response-timeout=0.5")
	srv.SetKeepAliveInterval(1)
	c := dialUCP(t, addr)
	c.login()
	// The server's alert: AdC = the login's OAdC, PID 0539, its own TRN 00.
	require.Equal(t, "00/00029/O/31/emiuser/0539/F3", c.readText(3*time.Second))
	c.sendOp(0, ucp.Result, 31, "A", "")
	f := c.readFrame(3 * time.Second)
	require.Equal(t, 1, f.TRN, "the server's TRNs count up")
	require.Equal(t, ucp.Operation, f.Kind)
	require.Equal(t, 31, f.OT)
	// Stay silent: the connection is closed.
	c.expectClosed(3 * time.Second)
	d := recv(t, disc, 3*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "keep-alive")
}

func TestUCPThrottlePacesDeliveries(t *testing.T) {
	var id atomic.Int32
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnTcpConnected:     func(e *TcpConnectedEventArgs) { id.Store(e.ClientID); s.TcpAcceptConnection(e.ClientID) },
			OnUcpLoginReceived: ucpAcceptAll(s),
		}
	}, "")
	srv.SetThrottleRate(20)
	c := dialUCP(t, addr)
	c.login()
	start := time.Now()
	for i := 0; i < 11; i++ {
		_, code := srv.UcpSendDeliverMessage(id.Load(), 0, "1234", "4412345", "hi", sms.Et7BitText, "", 0, time.Time{}, "")
		require.Equal(t, OK, code)
	}
	require.GreaterOrEqual(t, time.Since(start), 450*time.Millisecond)
	for i := 0; i < 11; i++ {
		f := c.readFrame(5 * time.Second)
		require.Equal(t, 52, f.OT)
		require.Equal(t, i, f.TRN)
	}
}

func TestUCPPumpedDispatch(t *testing.T) {
	s := NewUCPServer()
	require.Equal(t, OK, s.SetDispatchMode(DispatchPumped))
	var mu sync.Mutex
	var order []string
	add := func(v string) { mu.Lock(); order = append(order, v); mu.Unlock() }
	s.SetHandlers(UCPHandlers{
		OnTcpConnected: func(e *TcpConnectedEventArgs) { add("connected"); s.TcpAcceptConnection(e.ClientID) },
		OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) {
			add("login")
			s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		},
		OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
			add("submit" + strconv.Itoa(int(e.TransactionNumber)))
			s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
		},
		OnUcpSubmitMessageCompleted: func(e *UcpSubmitMessageCompletedEventArgs) {
			require.Len(t, e.TimeStamps, 1)
			require.False(t, e.TimeStamps[0].IsZero(), "answered in the Received handler")
			add("completed" + strconv.Itoa(int(e.TransactionNumber)))
		},
		OnTcpDisconnected: func(*TcpDisconnectedEventArgs) { add("disconnected") },
	})
	require.Equal(t, OK, s.UcpInitializeServer("127.0.0.1", 0, ""))
	addr := "127.0.0.1:" + strconv.Itoa(s.LocalPort())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if _, code := s.DispatchEvents(-1, 0); code == ErrServerDestroyed {
				return
			}
		}
	}()
	c := dialUCP(t, addr)
	c.login()
	for i := 2; i < 5; i++ {
		c.sendOp(i, ucp.Operation, 51, ucpSubmit51Fields("1", "2", "x", "")...)
	}
	for i := 2; i < 5; i++ {
		f := c.readFrame(5 * time.Second)
		require.Equal(t, i, f.TRN)
		require.Equal(t, "A", string(f.Fields[0]))
	}
	c.nc.Close()
	waitFor(t, 5*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == 9 }, "all events")
	require.Equal(t, []string{"connected", "login", "submit2", "completed2", "submit3", "completed3", "submit4", "completed4", "disconnected"}, order)
	s.Destroy(true, 5*time.Second)
	<-done
}

func TestUCPRawOperationsAndResults(t *testing.T) {
	raws := make(chan *UcpRAWReceivedEventArgs, 4)
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpRAWReceived:   func(e *UcpRAWReceivedEventArgs) { raws <- e },
		}
	}, "")
	c := dialUCP(t, addr)
	// Before login a RAW-handled operation is refused with NACK 07.
	c.sendOp(4, ucp.Operation, 55, "123", "456", "")
	require.Equal(t, ucpText(t, 4, ucp.Result, 55, "N", "07", ""), c.readText(5*time.Second))
	c.login()
	// OT 55 (inquiry) after login reaches the host, who answers with RAW.
	c.sendOp(5, ucp.Operation, 55, "123", "456", "")
	e := recv(t, raws, 5*time.Second, "raw")
	require.Equal(t, uint32(5), e.TransactionNumber)
	require.Equal(t, uint32(55), e.OperationType)
	require.False(t, e.IsResult)
	require.Equal(t, ucpHex("123/456//"), e.Payload)
	require.Equal(t, OK, srv.UcpSendRAW(e.ClientID, 5, 55, ucpHex("A//0 messages")))
	require.Equal(t, ucpText(t, 5, ucp.Result, 55, "A", "", "0 messages"), c.readText(5*time.Second))
	// Answered once: the same call now sends an operation.
	require.Equal(t, OK, srv.UcpSendRAW(e.ClientID, 5, 55, "31 32 33 2F"))
	require.Equal(t, ucpText(t, 5, ucp.Operation, 55, "123"), c.readText(5*time.Second))
	require.Equal(t, ErrInvalidArgument, srv.UcpSendRAW(e.ClientID, 5, 55, "zz"))
	require.Equal(t, ErrInvalidArgument, srv.UcpSendRAW(e.ClientID, 5, 100, ""))
	require.Equal(t, ErrInvalidArgument, srv.UcpSendRAW(e.ClientID, 5, 55, "02"))

	// A result nothing expects arrives as RAW and is not answered.
	c.sendOp(9, ucp.Result, 56, "A", "", "x")
	e = recv(t, raws, 5*time.Second, "raw result")
	require.True(t, e.IsResult)
	require.Equal(t, uint32(56), e.OperationType)
	require.Equal(t, ucpHex("A//x/"), e.Payload)
	c.sendText(ucpKannelAlive)
	require.Equal(t, "00/00019/R/31/A//6B", c.readText(5*time.Second))

	// The host declines: NACK 03.
	srv.UpdateHandlers(func(h *UCPHandlers) { h.OnUcpRAWReceived = func(e *UcpRAWReceivedEventArgs) { e.Decline() } })
	c.sendOp(6, ucp.Operation, 61, "emiuser", "", "", "1", "", "", "0100", "", "", "", "", "")
	require.Equal(t, ucpText(t, 6, ucp.Result, 61, "N", "03", ""), c.readText(5*time.Second))
}

// Local and UTC are keywords like the other ExtendedParameters values: any
// case; IANA names stay as they are spelled.
func TestUCPTimeZoneKeywordsInAnyCase(t *testing.T) {
	for _, v := range []string{"utc", "UTC", "Utc", "local", "LOCAL", "Europe/Warsaw"} {
		s := NewUCPServer()
		require.Equal(t, OK, s.UcpInitializeServer("127.0.0.1", 0, "ucp.time-zone="+v), v)
		s.Destroy(true, time.Second)
	}
	s := NewUCPServer()
	require.Equal(t, ErrInvalidArgument, s.UcpInitializeServer("127.0.0.1", 0, "ucp.time-zone=europe/warsaw"))
	s.Destroy(true, time.Second)
}
