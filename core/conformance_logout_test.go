package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// SMPP logout, as the reference's usage overview describes it: "To gently
// terminate the connection a response should be sent to the client using
// smppSendLogoutResponse method. Then after giving some time to let client
// receive and process logout response if the connection is not closed by
// the client it may be closed using tcpCloseConnection method." So the
// host's status-0 unbind_resp leaves the connection open (unbound) until
// the client or the host closes it; unbind-close-timeout lets the library
// close it instead, and without a logout handler the library answers and
// closes as before.

// logoutSMSC answers binds and unbinds (status 0) and reports connections
// and disconnects.
func logoutSMSC(t *testing.T, ext string) (*SMPPServer, string, chan int32, chan *TcpDisconnectedEventArgs) {
	t.Helper()
	logouts, disc := make(chan int32, 4), make(chan *TcpDisconnectedEventArgs, 4)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppLogoutReceived: func(e *SmppLogoutReceivedEventArgs) {
				if code := s.SmppSendLogoutResponse(e.ClientID, e.SequenceNumber, 0); code != OK {
					t.Errorf("SmppSendLogoutResponse: %v", code)
				}
				logouts <- e.ClientID
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e },
		}
	}, ext)
	return srv, addr, logouts, disc
}

// unbind sends an unbind and reads its unbind_resp, which must be status 0.
func unbind(t *testing.T, c *rawClient, seq uint32) {
	t.Helper()
	c.write(pduHex(cmdUnbind, 0, seq, ""))
	p := c.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdUnbind | respBit, 0, seq}, [3]uint32{p.cmd, p.status, p.seq})
}

func TestAfterLogoutResponseTheConnectionMayBeClosedUsingTcpCloseConnection(t *testing.T) {
	srv, addr, logouts, disc := logoutSMSC(t, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	unbind(t, c, 2)
	id := recv(t, logouts, 5*time.Second, "OnSmppLogoutReceived")

	// Longer than the 2 s the library used to wait before closing by itself.
	time.Sleep(2500 * time.Millisecond)
	c.write(pduHex(cmdEnquireLink, 0, 3, ""))
	require.Equal(t, cmdEnquireLink|respBit, c.read(5*time.Second).cmd, "still open, and alive")
	c.write(pduHex(cmdSubmitSM, 0, 4, submitBodyA))
	p := c.read(5 * time.Second)
	require.Equal(t, [2]uint32{cmdSubmitSM | respBit, statusInvBndSts}, [2]uint32{p.cmd, p.status}, "unbound: requests are refused")
	require.Empty(t, disc)

	require.Equal(t, OK, srv.TcpCloseConnection(id))
	c.expectClosed(5 * time.Second)
	d := recv(t, disc, 5*time.Second, "OnTcpDisconnected")
	require.Equal(t, [2]any{id, ReasonLocal}, [2]any{d.ClientID, d.Reason}, d.ReasonText)
	require.Equal(t, "closed by host", d.ReasonText)
}

func TestAfterLogoutResponseTheConnectionMayBeClosedByTheClient(t *testing.T) {
	_, addr, logouts, disc := logoutSMSC(t, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	unbind(t, c, 2)
	id := recv(t, logouts, 5*time.Second, "OnSmppLogoutReceived")
	require.NoError(t, c.nc.Close())
	d := recv(t, disc, 5*time.Second, "OnTcpDisconnected")
	require.Equal(t, [2]any{id, ReasonRemote}, [2]any{d.ClientID, d.Reason}, d.ReasonText)
}

func TestUnbindCloseTimeoutClosesAConnectionTheClientKeepsAfterLogoutResponse(t *testing.T) {
	_, addr, logouts, disc := logoutSMSC(t, "unbind-close-timeout=0.3")
	c := bindRaw(t, addr, cmdBindTransceiver)
	start := time.Now()
	unbind(t, c, 2)
	id := recv(t, logouts, 5*time.Second, "OnSmppLogoutReceived")
	c.expectClosed(5 * time.Second)
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
	d := recv(t, disc, 5*time.Second, "OnTcpDisconnected")
	require.Equal(t, [2]any{id, ReasonLocal}, [2]any{d.ClientID, d.Reason}, d.ReasonText)
	require.Contains(t, d.ReasonText, "unbind-close-timeout")
}

func TestUnbindCloseTimeoutIsSecondsAndOffByDefault(t *testing.T) {
	cfg, err := parseConfig(ParseParams(""), "smpp")
	require.NoError(t, err)
	require.Zero(t, cfg.UnbindCloseTimeout)
	cfg, err = parseConfig(ParseParams("smpp.unbind-close-timeout=2.5"), "smpp")
	require.NoError(t, err)
	require.Equal(t, 2500*time.Millisecond, cfg.UnbindCloseTimeout)
	for _, bad := range []string{"-1", "soon"} {
		require.Equal(t, ErrInvalidArgument, NewSMPPServer().SmppInitializeServer("127.0.0.1", 0, "unbind-close-timeout="+bad), bad)
	}
	// An SMPP key: UCP and CIMD2 have no unbind and ignore it.
	_, err = parseConfig(ParseParams("unbind-close-timeout=soon"), "ucp")
	require.NoError(t, err)
}

// Without a logout handler the library gives its default answer, which
// closes the connection, as it does when a handler declines the unbind or
// leaves it unanswered past response-timeout.
func TestLogoutWithoutHandlerIsAnsweredAndClosedByTheLibrary(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s), OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }}
	}, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	unbind(t, c, 2)
	c.expectClosed(5 * time.Second)
	d := recv(t, disc, 5*time.Second, "OnTcpDisconnected")
	require.Equal(t, ReasonLocal, d.Reason, d.ReasonText)
	require.Equal(t, "unbound", d.ReasonText)
}
