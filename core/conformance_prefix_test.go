package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// Conformance with the usage overview: "To translate the examples to
// other protocol this part has to be changed to ucp or cimd2". The CIMD2
// status report call has no Originator; the UCP call takes it as an empty
// string and addresses the notification (the 53's AdC) to the address
// the session logged in with, unless ExtendedParameters give ucp.AdC.

func TestReference_ExamplesTranslateByChangingThePrefix_UCPStatusReportWithoutOriginator(t *testing.T) {
	d, addr := newUCPDeliverSMSC(t, "")
	c, id := d.client(t, addr) // logs in as OAdC "emiuser"
	stamp := time.Date(2026, 11, 21, 23, 20, 18, 0, time.UTC)
	require.Equal(t, OK, d.srv.UcpSendDeliverStatusReport(id, 3, stamp, "4412345", "", 0, 0, stamp, ""))
	f := c.readFrame(5 * time.Second)
	require.Equal(t, 53, f.OT)
	require.Equal(t, "emiuser", string(f.Fields[ucp.F5xAdC]))
	require.Equal(t, "4412345", string(f.Fields[ucp.F5xOAdC]))

	require.Equal(t, OK, d.srv.UcpSendDeliverStatusReport(id, 4, stamp, "4412345", "", 0, 0, stamp, "ucp.AdC=1234"))
	require.Equal(t, "1234", string(c.readFrame(5 * time.Second).Fields[ucp.F5xAdC]))
}

func TestReference_UCPStatusReportWithoutOriginatorNeedsAnAddress(t *testing.T) {
	// Without a login there is no address to fall back on.
	ids := make(chan int32, 1)
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnTcpConnected: func(e *TcpConnectedEventArgs) {
			s.TcpAcceptConnection(e.ClientID)
			ids <- e.ClientID
		}}
	}, "ucp.login-required=false")
	c := dialUCP(t, addr)
	id := recv(t, ids, 5*time.Second, "the connection")
	stamp := time.Now()
	require.Equal(t, ErrInvalidArgument, srv.UcpSendDeliverStatusReport(id, 3, stamp, "4412345", "", 0, 0, stamp, ""))
	require.Equal(t, OK, srv.UcpSendDeliverStatusReport(id, 3, stamp, "4412345", "", 0, 0, stamp, "ucp.AdC=1234"))
	require.Equal(t, "1234", string(c.readFrame(5 * time.Second).Fields[ucp.F5xAdC]))
}
