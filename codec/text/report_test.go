package text

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

func TestStatusReportMapping(t *testing.T) {
	const rq = sms.SoRequestStatusReport
	// SMPP registered_delivery (docs/protocols.md)
	require.Equal(t, byte(1), SMPPRegisteredDelivery(rq))
	require.Equal(t, byte(0), SMPPRegisteredDelivery(sms.SoDirectDisplay))
	for rd, want := range map[byte]sms.SubmitOption{
		0x00: 0, 0x01: rq, 0x02: rq, 0x03: rq, 0x11: rq /* Kannel dlr-mask 31 */, 0x04: 0, 0x08: 0, 0x10: 0, 0x1C: 0,
	} {
		require.Equal(t, want, FromSMPPRegisteredDelivery(rd), "rd %02X", rd)
	}
	// UCP NRq / NT (Kannel sends NRq 1, NT 3 or 7)
	nrq, nt := UCPNotification(rq)
	require.Equal(t, []string{"1", "3"}, []string{nrq, nt})
	nrq, nt = UCPNotification(0)
	require.Equal(t, []string{"", ""}, []string{nrq, nt})
	require.Equal(t, rq, FromUCPNotification("1", "7"))
	require.Equal(t, rq, FromUCPNotification("1", ""))
	require.Zero(t, FromUCPNotification("0", "3"))
	require.Zero(t, FromUCPNotification("", "7"))
	// CIMD2 056 (Kannel 14 / 0)
	require.Equal(t, 14, CIMD2StatusReportRequest(rq))
	require.Equal(t, 0, CIMD2StatusReportRequest(0))
	require.Equal(t, rq, FromCIMD2StatusReportRequest(14))
	require.Equal(t, rq, FromCIMD2StatusReportRequest(62))
	require.Equal(t, rq, FromCIMD2StatusReportRequest(1))
	require.Zero(t, FromCIMD2StatusReportRequest(0))
	require.Zero(t, FromCIMD2StatusReportRequest(-1))
}

func TestProtocolID(t *testing.T) {
	require.Equal(t, byte(0x40), ProtocolID(sms.SoZeroSMS))
	require.Equal(t, byte(0), ProtocolID(sms.SoRequestStatusReport))
	require.Equal(t, sms.SoZeroSMS, FromProtocolID(0x40))
	require.Zero(t, FromProtocolID(0x41))
}
