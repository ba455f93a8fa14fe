package core

import (
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// The Reason of OnTcpDisconnected, as the reference defines it: "When the
// result is zero the connection has been disconnected by remote party. When
// the result is -1 then connection has been ended by the component itself
// ... Positive value means Network Error Code." (docs/api.md, "Events").
// The connection code is shared by the three protocols, so each case runs
// against all three over real TCP on loopback.

// tcpWatch is a server of any protocol that accepts every connection and
// reports its connects and disconnects.
type tcpWatch struct {
	addr  string
	srv   *server
	conns chan int32
	disc  chan *TcpDisconnectedEventArgs
}

var allProtocols = []string{"smpp", "ucp", "cimd2"}

func startWatched(t *testing.T, proto, ext string) *tcpWatch {
	t.Helper()
	w := &tcpWatch{conns: make(chan int32, 4), disc: make(chan *TcpDisconnectedEventArgs, 4)}
	onConn := func(s *server) func(*TcpConnectedEventArgs) {
		return func(e *TcpConnectedEventArgs) { w.conns <- e.ClientID; s.TcpAcceptConnection(e.ClientID) }
	}
	onDisc := func(e *TcpDisconnectedEventArgs) { w.disc <- e }
	switch proto {
	case "smpp":
		s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
			return SMPPHandlers{OnTcpConnected: onConn(&s.server), OnTcpDisconnected: onDisc}
		}, ext)
		w.srv, w.addr = &s.server, addr
	case "ucp":
		s, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
			return UCPHandlers{OnTcpConnected: onConn(&s.server), OnTcpDisconnected: onDisc}
		}, ext)
		w.srv, w.addr = &s.server, addr
	case "cimd2":
		s, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
			return CIMD2Handlers{OnTcpConnected: onConn(&s.server), OnTcpDisconnected: onDisc}
		}, ext)
		w.srv, w.addr = &s.server, addr
	}
	return w
}

// connect dials the server and waits until the host has the connection.
func (w *tcpWatch) connect(t *testing.T) (*net.TCPConn, int32) {
	t.Helper()
	nc, err := net.DialTimeout("tcp", w.addr, 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { nc.Close() })
	return nc.(*net.TCPConn), recv(t, w.conns, 5*time.Second, "OnTcpConnected")
}

func (w *tcpWatch) disconnected(t *testing.T, id int32) *TcpDisconnectedEventArgs {
	t.Helper()
	d := recv(t, w.disc, 5*time.Second, "OnTcpDisconnected")
	require.Equal(t, id, d.ClientID)
	return d
}

// resetConn closes nc with an RST instead of a FIN (SO_LINGER 0).
func resetConn(t *testing.T, nc *net.TCPConn) {
	t.Helper()
	require.NoError(t, nc.SetLinger(0))
	require.NoError(t, nc.Close())
}

func TestReasonZeroMeansDisconnectedByRemoteParty(t *testing.T) {
	for _, proto := range allProtocols {
		t.Run(proto, func(t *testing.T) {
			w := startWatched(t, proto, "")
			nc, id := w.connect(t)
			require.NoError(t, nc.Close()) // an orderly close: FIN
			d := w.disconnected(t, id)
			require.Equal(t, int32(0), d.Reason, d.ReasonText)
			require.Equal(t, "closed by peer", d.ReasonText)
		})
	}
}

func TestReasonMinusOneMeansEndedByTheComponentItself(t *testing.T) {
	for _, proto := range allProtocols {
		t.Run(proto+"/tcpCloseConnection", func(t *testing.T) {
			w := startWatched(t, proto, "")
			nc, id := w.connect(t)
			require.Equal(t, OK, w.srv.TcpCloseConnection(id))
			expectEOF(t, nc, nc, 5*time.Second)
			d := w.disconnected(t, id)
			require.Equal(t, int32(-1), d.Reason, d.ReasonText)
			require.Equal(t, "closed by host", d.ReasonText)
		})
		t.Run(proto+"/bind-timeout", func(t *testing.T) {
			w := startWatched(t, proto, "bind-timeout=0.2")
			nc, id := w.connect(t)
			expectEOF(t, nc, nc, 5*time.Second)
			d := w.disconnected(t, id)
			require.Equal(t, int32(-1), d.Reason, d.ReasonText)
		})
		t.Run(proto+"/protocol error", func(t *testing.T) {
			w := startWatched(t, proto, "max-pdu-size=64")
			nc, id := w.connect(t)
			// Too long for max-pdu-size in every protocol: an SMPP
			// command_length of 0x02020202, UCP and CIMD2 frames that never end.
			_, err := nc.Write([]byte("\x02\x02\x02\x02" + strings.Repeat("0", 200)))
			require.NoError(t, err)
			expectEOF(t, nc, nc, 5*time.Second)
			d := w.disconnected(t, id)
			require.Equal(t, int32(-1), d.Reason, d.ReasonText)
		})
	}
}

func TestReasonPositiveMeansNetworkErrorCode(t *testing.T) {
	for _, proto := range allProtocols {
		t.Run(proto+"/reset while reading", func(t *testing.T) {
			w := startWatched(t, proto, "")
			nc, id := w.connect(t)
			resetConn(t, nc)
			d := w.disconnected(t, id)
			require.Equal(t, int32(syscall.ECONNRESET), d.Reason, d.ReasonText)
			require.Contains(t, d.ReasonText, syscall.ECONNRESET.Error())
		})
	}
}

// The reset arrives while the server is writing to a client that stopped
// reading: the blocked write (EPIPE or ECONNRESET) or the read beside it
// (ECONNRESET) reports it, whichever sees it first.
func TestReasonPositiveMeansNetworkErrorCodeWhileWriting(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	bound := make(chan int32, 1)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				bound <- e.ClientID
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e },
		}
	}, "send-queue-bytes=65536;window=1000000") // the client answers nothing: no window
	c := bindRaw(t, addr, cmdBindReceiver)
	id := recv(t, bound, 5*time.Second, "bind")
	_, code := floodDelivers(t, srv, id) // the socket buffers are full: a write waits
	require.Equal(t, ErrSendQueueFull, code)
	resetConn(t, c.nc.(*net.TCPConn))
	d := recv(t, disc, 5*time.Second, "OnTcpDisconnected")
	require.Contains(t, []int32{int32(syscall.ECONNRESET), int32(syscall.EPIPE)}, d.Reason, d.ReasonText)
	_, code = srv.SmppSendDeliverMessage(id, 1, "1", 0, 0, "2", 0, 0, "late", sms.Et7BitText, "", 0, "", "")
	require.Contains(t, []Code{ErrConnectionClosed, ErrUnknownClient}, code)
}
