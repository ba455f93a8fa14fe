package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// pdu-timeout and idle-timeout: a client that trickles a frame, or that
// logs in and then says nothing, cannot hold its connection for ever; a
// well-behaved client of the same server is served afterwards.

func TestSMPPPDUTimeoutClosesSlowWriter(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 4)
	var srv *SMPPServer
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		srv = s
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&srv),
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "pdu-timeout=0.4")

	c := dialRaw(t, addr)
	c.write(pduHex(0x09, 0, 1, bindBody("esme1", "secret", 0x34)))
	require.Equal(t, uint32(0x80000009), c.read(5*time.Second).cmd)
	// An enquire_link whose last octets never come.
	c.write(pduHex(0x15, 0, 2, "")[:10])
	start := time.Now()
	c.expectClosed(5 * time.Second)
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
	d := recv(t, disc, 5*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "pdu-timeout")

	// A client writing each PDU in pieces, well within the limit, is served.
	good := dialRaw(t, addr)
	bind := pduHex(0x09, 0, 1, bindBody("esme2", "secret", 0x34))
	good.write(bind[:7])
	time.Sleep(100 * time.Millisecond)
	good.write(bind[7:])
	require.Equal(t, uint32(0x80000009), good.read(5*time.Second).cmd)
	good.write(pduHex(0x15, 0, 2, ""))
	require.Equal(t, uint32(0x80000015), good.read(5*time.Second).cmd)
}

func TestUCPPDUAndIdleTimeouts(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 4)
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnUcpLoginReceived: ucpAcceptAll(s),
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "pdu-timeout=0.4;idle-timeout=0.6")

	// A frame begun and never ended.
	c := dialUCP(t, addr)
	c.login()
	c.write([]byte("\x02" + ucpKannelAlive[:10]))
	c.expectClosed(5 * time.Second)
	d := recv(t, disc, 5*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "pdu-timeout")

	// Logged in, then silent.
	c = dialUCP(t, addr)
	c.login()
	start := time.Now()
	c.expectClosed(5 * time.Second)
	require.GreaterOrEqual(t, time.Since(start), 500*time.Millisecond)
	d = recv(t, disc, 5*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "idle-timeout")

	// A client that keeps talking stays.
	good := dialUCP(t, addr)
	good.login()
	for range 4 {
		time.Sleep(250 * time.Millisecond)
		good.sendText(ucpKannelAlive)
		require.Equal(t, "00/00019/R/31/A//6B", good.readText(5*time.Second))
	}
	f := good.readFrameOrNothing(100 * time.Millisecond)
	require.Nil(t, f)
}

// readFrameOrNothing returns the next frame, or nil when none comes in d.
func (c *ucpClient) readFrameOrNothing(d time.Duration) *ucp.Frame {
	s, err := c.tryReadText(d)
	if err != nil {
		return nil
	}
	f := new(ucp.Frame)
	require.NoError(c.t, f.Parse([]byte(s)), s)
	return f
}

func TestCIMD2IdleTimeoutAndBadValues(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 4)
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{OnCimd2LoginReceived: c2AcceptLogins(s),
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "idle-timeout=0.5")
	c := dialCIMD2(t, addr)
	c.login()
	c.expectClosed(5 * time.Second)
	d := recv(t, disc, 5*time.Second, "disconnect")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "idle-timeout")

	good := dialCIMD2(t, addr)
	good.login()
	good.send("<STX>40:003<TAB><ETX>")
	good.expectOp(90, 3)

	for _, ext := range []string{"pdu-timeout=-1", "idle-timeout=soon", "reassembly-max-bytes=-5"} {
		require.Equal(t, ErrInvalidArgument, NewCIMD2Server().Cimd2InitializeServer("127.0.0.1", 0, ext), ext)
		require.Equal(t, ErrInvalidArgument, NewUCPServer().UcpInitializeServer("127.0.0.1", 0, ext), ext)
		require.Equal(t, ErrInvalidArgument, NewSMPPServer().SmppInitializeServer("127.0.0.1", 0, ext), ext)
	}
	s := NewSMPPServer()
	defer s.Destroy(true, time.Second)
	require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, ""))
	require.Equal(t, 30*time.Second, s.cfg.PDUTimeout)
	require.Zero(t, s.cfg.IdleTimeout)
	require.Equal(t, int64(64<<20), s.cfg.ReassemblyBudget)
}
