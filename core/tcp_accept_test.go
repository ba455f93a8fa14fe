package core

import (
	"errors"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// OnTcpConnected decides whether a connection is served: accepted, closed,
// or left undecided until accept-timeout. A handler that declines or fails
// lets it through rather than leaving the client hanging.

func TestUndecidedConnectionClosedAfterAcceptTimeout(t *testing.T) {
	connected := make(chan int32, 1)
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	_, addr := startSMPP(t, SMPPHandlers{
		OnTcpConnected:    func(e *TcpConnectedEventArgs) { connected <- e.ClientID },
		OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e },
	}, "accept-timeout=0.3")
	start := time.Now() // before the dial: the server's timer may start before Dial returns
	c := dialRaw(t, addr)
	id := recv(t, connected, 5*time.Second, "connected")
	// Not served meanwhile: a bind gets no answer, then the close (a reset
	// when the unread bind is still in the server's socket).
	c.write(pduHex(cmdBindTransceiver, 0, 1, bindBody("esme1", "secret", 0x34)))
	p, err := c.tryRead(5 * time.Second)
	require.Error(t, err, "answered before being accepted: command 0x%08x", p.cmd)
	var ne net.Error
	require.False(t, errors.As(err, &ne) && ne.Timeout(), "not closed: %v", err)
	d := recv(t, disc, 5*time.Second, "disconnected")
	require.Equal(t, id, d.ClientID)
	require.Equal(t, ReasonLocal, d.Reason)
	require.Equal(t, "neither accepted nor closed by the host in time", d.ReasonText)
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
}

func TestDeclinedOrFailingOnTcpConnectedAccepts(t *testing.T) {
	for _, c := range []struct {
		name    string
		handler func(e *TcpConnectedEventArgs)
	}{
		{"declined", func(e *TcpConnectedEventArgs) { e.Decline() }},
		{"panicked", func(e *TcpConnectedEventArgs) { panic("host bug") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, addr := startSMPP(t, SMPPHandlers{OnTcpConnected: c.handler}, "accept-timeout=30")
			cl := dialRaw(t, addr)
			// Served at once: enquire_link is answered in any state.
			cl.write(pduHex(cmdEnquireLink, 0, 7, ""))
			p := cl.read(5 * time.Second)
			require.Equal(t, [3]uint32{cmdEnquireLink | respBit, 0, 7}, [3]uint32{p.cmd, p.status, p.seq})
		})
	}
}
