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

// "Positive value means Network Error Code": the operating system's own
// number (errno here), so it can be looked up like any socket error.
func TestReference_PositiveReturnValueMeansNetworkErrorCode(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	for _, s := range []interface {
		Destroy(bool, time.Duration) Code
	}{NewSMPPServer(), NewUCPServer(), NewCIMD2Server()} {
		var code Code
		switch s := s.(type) {
		case *SMPPServer:
			code = s.SmppInitializeServer("127.0.0.1", port, "")
		case *UCPServer:
			code = s.UcpInitializeServer("127.0.0.1", port, "")
		case *CIMD2Server:
			code = s.Cimd2InitializeServer("127.0.0.1", port, "")
		}
		require.Equal(t, Code(syscall.EADDRINUSE), code)
		require.Equal(t, syscall.EADDRINUSE.Error(), ErrorText(code))
		s.Destroy(true, time.Second)
	}
}

// Options a delivery cannot carry are ignored, per flag as the header
// documents: the time flags everywhere (a delivery has no times) and
// soRequestStatusReport on CIMD2 (a 20 has no report request).
func TestReference_OptionsADeliveryCannotCarryAreIgnored(t *testing.T) {
	srv, c, id := c2DeliverHarness(t, "", nil)
	ignored := sms.SoRequestStatusReport | sms.SoDeliveryTimeRelative | sms.SoDeliveryTimeAbsolute |
		sms.SoValidityPeriodRelative | sms.SoValidityPeriodAbsolute
	_, code := srv.Cimd2SendDeliverMessage(id, 2, "1234", "4412345", "hi", sms.Et7BitText, "", 0, c2Stamp, "")
	require.Equal(t, OK, code)
	plain := c.expectOp(20, 2)
	_, code = srv.Cimd2SendDeliverMessage(id, 4, "1234", "4412345", "hi", sms.Et7BitText, "", ignored, c2Stamp, "")
	require.Equal(t, OK, code)
	require.Equal(t, c2Params(plain.raw), c2Params(c.expectOp(20, 4).raw))

	d, addr := newUCPDeliverSMSC(t, "")
	uc, uid := d.client(t, addr)
	times := ignored &^ sms.SoRequestStatusReport
	_, code = d.srv.UcpSendDeliverMessage(uid, 1, "1234", "4412345", "hi", sms.Et7BitText, "", 0, c2Stamp, "")
	require.Equal(t, OK, code)
	uplain := uc.readText(5 * time.Second)
	_, code = d.srv.UcpSendDeliverMessage(uid, 1, "1234", "4412345", "hi", sms.Et7BitText, "", times, c2Stamp, "")
	require.Equal(t, OK, code)
	// The same frame but for its TRN (01 is still in flight) and checksum.
	require.Equal(t, uplain[2:len(uplain)-2], uc.readText(5 * time.Second)[2:len(uplain)-2])
}

// c2Params is a packet's parameter area: what lies between the header
// (operation and number) and the checksum.
func c2Params(raw []byte) string {
	s := c2Show(raw)
	return s[strings.Index(s, "<TAB>"):strings.LastIndex(s, "<TAB>")]
}
