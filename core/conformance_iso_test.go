package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// The reference's etISO88591/5/8: "Support for this encoding may depend on
// SMSC configuration." UCP and CIMD2 carry a GSM data coding scheme, which
// has no ISO-8859 alphabet: by default the text goes as UCS-2 (nothing is
// lost); iso-8859=8bit sends the charset's octets as 8-bit data instead.

func TestReference_ISO8859OnCIMD2GoesAsUCS2OrAsOctetsOnRequest(t *testing.T) {
	srv, c, id := c2DeliverHarness(t, "", nil)
	_, code := srv.Cimd2SendDeliverMessage(id, 2, "1234", "4412345", "é", sms.EtISO88591, "", 0, c2Stamp, "")
	require.Equal(t, OK, code)
	g := c.expectOp(20, 2)
	require.Equal(t, "8", g.param(30)) // UCS-2
	require.Equal(t, "00E9", g.param(34))
	_, code = srv.Cimd2SendDeliverMessage(id, 4, "1234", "4412345", "é", sms.EtISO88591, "", 0, c2Stamp, "iso-8859=8bit")
	require.Equal(t, OK, code)
	g = c.expectOp(20, 4)
	require.Equal(t, "4", g.param(30)) // 8-bit data
	require.Equal(t, "E9", g.param(34))
	// Cyrillic and Hebrew by their own charsets.
	_, code = srv.Cimd2SendDeliverMessage(id, 6, "1234", "4412345", "Жא", sms.EtISO88595, "", 0, c2Stamp, "cimd2.iso-8859=8bit")
	require.Equal(t, ErrEncodingFailed, code, "Hebrew is not in ISO-8859-5")
	_, code = srv.Cimd2SendDeliverMessage(id, 6, "1234", "4412345", "Ж", sms.EtISO88595, "", 0, c2Stamp, "cimd2.iso-8859=8bit")
	require.Equal(t, OK, code)
	require.Equal(t, "B6", c.expectOp(20, 6).param(34))
	_, code = srv.Cimd2SendDeliverMessage(id, 8, "1234", "4412345", "x", sms.EtISO88591, "", 0, c2Stamp, "iso-8859=latin")
	require.Equal(t, ErrInvalidArgument, code)
}

func TestReference_ISO8859OnUCPGoesAsUCS2OrAsOctetsOnRequest(t *testing.T) {
	d, addr := newUCPDeliverSMSC(t, "")
	c, id := d.client(t, addr)
	_, code := d.srv.UcpSendDeliverMessage(id, 1, "1234", "4412345", "é", sms.EtISO88598, "", 0, time.Time{}, "iso-8859=8bit")
	require.Equal(t, ErrEncodingFailed, code, "é is not in ISO-8859-8")
	_, code = d.srv.UcpSendDeliverMessage(id, 1, "1234", "4412345", "é", sms.EtISO88591, "", 0, time.Time{}, "iso-8859=8bit")
	require.Equal(t, OK, code)
	f := c.readFrame(5 * time.Second)
	require.Equal(t, "4", string(f.Fields[ucp.F5xMT]))
	require.Equal(t, "E9", string(f.Fields[ucp.F5xMsg]))
	_, code = d.srv.UcpSendDeliverMessage(id, 2, "1234", "4412345", "é", sms.EtISO88591, "", 0, time.Time{}, "")
	require.Equal(t, OK, code)
	f = c.readFrame(5 * time.Second)
	require.Equal(t, "00E9", string(f.Fields[ucp.F5xMsg]))
}
