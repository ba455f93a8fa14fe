package core

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// ThrottleRate, as the reference defines it: "Determines maximum rate of
// messages submitted ... per second. If set to any value above 0 component
// counts number of messages submitted and limits the rate by waiting
// appropriate time inside cimd2SendDeliverMessage,
// cimd2SendDeliverStatusReport, cimd2SendSubmitMessageResponse functions."
// The rate is the component's, so by default it is counted over all the
// server's connections; throttle-scope=connection counts each apart.
//
// Only lower bounds are asserted (a timer never fires early); the one
// upper bound, for throttle-scope=connection, leaves about a second.

// throttleRig is a server of one protocol that accepts every login,
// answers every submit with its SendSubmitMessageResponse, and lets a test
// send deliveries and status reports to its clients.
type throttleRig struct {
	srv     *server
	addr    string
	logins  chan int32
	login   func(t *testing.T) throttleClient
	deliver func(id int32, text string) Code
	report  func(id int32) Code
}

// throttleClient is a logged-in client: it submits, and counts frames.
type throttleClient interface {
	submit(i int)
	readFrames(n int)
}

func newThrottleRig(t *testing.T, proto, ext string) *throttleRig {
	r := &throttleRig{logins: make(chan int32, 8)}
	switch proto {
	case "smpp":
		r.startSMPP(t, ext)
	case "ucp":
		r.startUCP(t, ext)
	case "cimd2":
		r.startCIMD2(t, ext)
	}
	return r
}

// clients logs n clients in and returns them with their ClientIDs.
func (r *throttleRig) clients(t *testing.T, n int) ([]throttleClient, []int32) {
	cs, ids := make([]throttleClient, n), make([]int32, n)
	for i := range cs {
		cs[i] = r.login(t)
		ids[i] = recv(t, r.logins, 5*time.Second, "login")
	}
	return cs, ids
}

type smppThrottleClient struct{ *rawClient }

func (c smppThrottleClient) submit(i int) { c.write(pduHex(cmdSubmitSM, 0, uint32(10+i), submitBodyA)) }
func (c smppThrottleClient) readFrames(n int) {
	for range n {
		c.read(5 * time.Second)
	}
}

func (r *throttleRig) startSMPP(t *testing.T, ext string) {
	s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				r.logins <- e.ClientID
			},
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "m", false)
			},
		}
	}, ext)
	r.srv, r.addr = &s.server, addr
	r.login = func(t *testing.T) throttleClient { return smppThrottleClient{bindRaw(t, addr, cmdBindTransceiver)} }
	r.deliver = func(id int32, text string) Code {
		_, code := s.SmppSendDeliverMessage(id, 0, "1", 0, 0, "2", 0, 0, text, sms.Et7BitText, "", 0, "", "")
		return code
	}
	r.report = func(id int32) Code {
		return s.SmppSendDeliverStatusReport(id, 0, "1", 0, 0, "2", 0, 0, RtFinal, "m", "", 1, 1,
			time.Now(), time.Now(), MsDelivered, 0, "", "")
	}
}

type ucpThrottleClient struct{ *ucpClient }

func (c ucpThrottleClient) submit(i int) {
	c.sendOp(i+1, ucp.Operation, 51, ucpSubmit51Fields("1", "2", "x", "")...)
}
func (c ucpThrottleClient) readFrames(n int) {
	for range n {
		c.readFrame(5 * time.Second)
	}
}

func (r *throttleRig) startUCP(t *testing.T, ext string) {
	s, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) {
				s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
				r.logins <- e.ClientID
			},
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
		}
	}, ext)
	r.srv, r.addr = &s.server, addr
	r.login = func(t *testing.T) throttleClient {
		c := dialUCP(t, addr)
		c.login()
		return ucpThrottleClient{c}
	}
	r.deliver = func(id int32, text string) Code {
		_, code := s.UcpSendDeliverMessage(id, 0, "1234", "4412345", text, sms.Et7BitText, "", 0, time.Time{}, "")
		return code
	}
	r.report = func(id int32) Code {
		return s.UcpSendDeliverStatusReport(id, 0, time.Now(), "1234", "4412345", 0, 0, time.Time{}, "")
	}
}

type cimd2ThrottleClient struct{ *c2Client }

func (c cimd2ThrottleClient) submit(i int) {
	c.write(c2Packet(3, 2*i+3, "021:4412345", "033:x"))
}
func (c cimd2ThrottleClient) readFrames(n int) {
	for range n {
		c.read(5 * time.Second)
	}
}

func (r *throttleRig) startCIMD2(t *testing.T, ext string) {
	s, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
				r.logins <- e.ClientID
			},
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, time.Time{}, 0, "")
			},
		}
	}, ext)
	r.srv, r.addr = &s.server, addr
	r.login = func(t *testing.T) throttleClient {
		c := dialCIMD2(t, addr)
		c.login()
		return cimd2ThrottleClient{c}
	}
	r.deliver = func(id int32, text string) Code {
		_, code := s.Cimd2SendDeliverMessage(id, 0, "1234", "4412345", text, sms.Et7BitText, "", 0, time.Time{}, "")
		return code
	}
	r.report = func(id int32) Code {
		return s.Cimd2SendDeliverStatusReport(id, 0, c2Stamp, "4412345", 4, 0, time.Time{}, "")
	}
}

// sendToAll sends, to each client at once from a goroutine of its own,
// perClient messages alternating deliveries and status reports, and
// returns how long the last call took to return.
func (r *throttleRig) sendToAll(t *testing.T, ids []int32, perClient int) time.Duration {
	var wg sync.WaitGroup
	start := time.Now()
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perClient {
				var code Code
				if i%2 == 0 {
					code = r.deliver(id, "hi")
				} else {
					code = r.report(id)
				}
				if code != OK {
					t.Errorf("client %d message %d: %v", id, i, code)
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// atLeast is the time n messages take at rate per second: the first goes
// at once, each next one 1/rate later.
func atLeast(n, rate int) time.Duration {
	return time.Duration(n-1) * time.Second / time.Duration(rate)
}

func TestThrottleRateLimitsTheComponentsMessagesPerSecond(t *testing.T) {
	const rate, clients, each = 40, 3, 6
	for _, proto := range allProtocols {
		t.Run(proto, func(t *testing.T) {
			r := newThrottleRig(t, proto, "")
			r.srv.SetThrottleRate(rate)
			cs, ids := r.clients(t, clients)
			took := r.sendToAll(t, ids, each)
			// One rate for the whole server: 18 messages to 3 clients take
			// as long as 18 to one.
			require.GreaterOrEqual(t, took, atLeast(clients*each, rate))
			for _, c := range cs {
				c.readFrames(each)
			}
		})
	}
}

func TestThrottleRateScopeConnectionLimitsEachConnectionApart(t *testing.T) {
	const rate, clients, each = 10, 3, 5
	r := newThrottleRig(t, "smpp", "throttle-scope=connection")
	r.srv.SetThrottleRate(rate)
	_, ids := r.clients(t, clients)
	took := r.sendToAll(t, ids, each)
	require.GreaterOrEqual(t, took, atLeast(each, rate))
	// The server's total would take 1.4 s; each connection's own count
	// lets the three go side by side, in about 0.4 s.
	require.Less(t, took, atLeast(clients*each, rate)-100*time.Millisecond)
}

func TestThrottleRateScopeIsServerOrConnection(t *testing.T) {
	for _, v := range []string{"server", "Connection", ""} {
		_, err := parseConfig(ParseParams("throttle-scope="+v), "ucp")
		require.NoError(t, err, v)
	}
	cfg, _ := parseConfig(ParseParams(""), "smpp")
	require.False(t, cfg.ThrottlePerConnection, "server is the default")
	cfg, _ = parseConfig(ParseParams("cimd2.throttle-scope=connection"), "cimd2")
	require.True(t, cfg.ThrottlePerConnection)
	require.Equal(t, ErrInvalidArgument, NewSMPPServer().SmppInitializeServer("127.0.0.1", 0, "throttle-scope=client"))
	require.Equal(t, ErrInvalidArgument, NewUCPServer().UcpInitializeServer("127.0.0.1", 0, "throttle-scope=1"))
	require.Equal(t, ErrInvalidArgument, NewCIMD2Server().Cimd2InitializeServer("127.0.0.1", 0, "throttle-scope=all"))
}

func TestThrottleRateWaitsInsideSendSubmitMessageResponse(t *testing.T) {
	const rate, clients, each = 40, 3, 4
	for _, proto := range allProtocols {
		t.Run(proto, func(t *testing.T) {
			r := newThrottleRig(t, proto, "")
			r.srv.SetThrottleRate(rate)
			cs, _ := r.clients(t, clients)
			start := time.Now()
			for _, c := range cs {
				for i := range each {
					c.submit(i)
				}
			}
			for _, c := range cs {
				c.readFrames(each)
			}
			require.GreaterOrEqual(t, time.Since(start), atLeast(clients*each, rate))
		})
	}
}

func TestThrottleRateCountsEveryPartOfADeliverMessage(t *testing.T) {
	const rate = 20
	r := newThrottleRig(t, "smpp", "")
	r.srv.SetThrottleRate(rate)
	cs, ids := r.clients(t, 1)
	start := time.Now()
	require.Equal(t, OK, r.deliver(ids[0], strings.Repeat("long message ", 60))) // 5 parts
	require.GreaterOrEqual(t, time.Since(start), atLeast(5, rate))
	cs[0].readFrames(5)
}

// The library's own answers (keep-alives, default answers) are not the
// host's messages: they neither wait nor use up the host's rate.
func TestThrottleRateLeavesTheLibrarysOwnAnswersAlone(t *testing.T) {
	ids := make(chan int32, 1)
	s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{ // no submit handler: the library's default answer
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				ids <- e.ClientID
			},
		}
	}, "")
	s.SetThrottleRate(1)
	c := bindRaw(t, addr, cmdBindTransceiver)
	id := recv(t, ids, 5*time.Second, "login")
	for i := range 5 {
		c.write(pduHex(cmdEnquireLink, 0, uint32(20+i), ""))
		c.write(pduHex(cmdSubmitSM, 0, uint32(30+i), submitBodyA))
	}
	for range 10 {
		c.read(5 * time.Second)
	}
	// At 1 message a second, ten counted answers would hold this for 10 s.
	start := time.Now()
	_, code := s.SmppSendDeliverMessage(id, 0, "1", 0, 0, "2", 0, 0, "first", sms.Et7BitText, "", 0, "", "")
	require.Equal(t, OK, code)
	require.Less(t, time.Since(start), 5*time.Second)
}

// A call waiting for its slot returns as soon as its connection closes,
// and the other connections' calls go on.
func TestThrottleRateWaitEndsWhenTheConnectionCloses(t *testing.T) {
	r := newThrottleRig(t, "smpp", "")
	r.srv.SetThrottleRate(1)
	_, ids := r.clients(t, 2)
	require.Equal(t, OK, r.deliver(ids[1], "slot 0"))
	other := make(chan Code, 2)
	go func() { other <- r.deliver(ids[1], "slot 1"); other <- r.deliver(ids[1], "slot 2 or 3") }()
	time.Sleep(100 * time.Millisecond)
	waiting := make(chan Code, 1)
	go func() { waiting <- r.deliver(ids[0], "slot 2, 2 s away") }()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	require.Equal(t, OK, r.srv.TcpCloseConnection(ids[0]))
	require.Equal(t, ErrConnectionClosed, recv(t, waiting, 5*time.Second, "the waiting call"))
	require.Less(t, time.Since(start), 1500*time.Millisecond, "returned with the close, not with its slot")
	require.Equal(t, OK, recv(t, other, 5*time.Second, "the other client's slot 1"))
	require.Equal(t, OK, recv(t, other, 5*time.Second, "the other client's next slot"))
}

// The answers a direct-mode handler gives while the reader handles a batch
// of requests normally leave together after the batch; a paced answer must
// leave at its slot instead, or the client would get them in one burst.
func TestThrottleRatePacesSubmitResponsesOnTheWire(t *testing.T) {
	const rate, n = 10, 5
	r := newThrottleRig(t, "smpp", "")
	r.srv.SetThrottleRate(rate)
	cs, _ := r.clients(t, 1)
	c := cs[0].(smppThrottleClient)
	var batch []byte
	for i := range n {
		batch = append(batch, pduHex(cmdSubmitSM, 0, uint32(10+i), submitBodyA)...)
	}
	c.write(batch) // one read on the server: one batch
	c.read(5 * time.Second)
	first := time.Now()
	for range n - 1 {
		c.read(5 * time.Second)
	}
	require.GreaterOrEqual(t, time.Since(first), atLeast(n, rate)-50*time.Millisecond)
}
