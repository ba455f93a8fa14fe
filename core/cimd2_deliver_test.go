package core

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

// c2DeliverHarness logs in one client and records its ClientID.
func c2DeliverHarness(t *testing.T, ext string, resp chan *Cimd2DeliverResponseReceivedEventArgs) (*CIMD2Server, *c2Client, int32) {
	var id atomic.Int32
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				id.Store(e.ClientID)
				s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
			},
			OnCimd2DeliverResponseReceived: func(e *Cimd2DeliverResponseReceivedEventArgs) {
				if resp != nil {
					resp <- e
				}
			},
		}
	}, ext)
	c := dialCIMD2(t, addr)
	c.login()
	return srv, c, id.Load()
}

func TestCIMD2DeliverLongUCS2(t *testing.T) {
	srv, c, id := c2DeliverHarness(t, "", nil)
	content := strings.Repeat("Привет мир! ", 10) // 120 UTF-16 units: two parts of 67 + 53
	nums, code := srv.Cimd2SendDeliverMessage(id, 0, "1234", "+4412345", content, sms.EtUCS2Text, "", 0, c2Stamp, "")
	require.Equal(t, OK, code)
	require.Equal(t, []uint32{0, 2}, nums)
	var data []byte
	var ref string
	for i, n := range nums {
		g := c.expectOp(20, int(n))
		require.Equal(t, []int{21, 23, 60, 30, 32, 34}, c2Codes(g), c2Show(g.raw))
		require.Equal(t, "1234", g.param(21))
		require.Equal(t, "+4412345", g.param(23))
		require.Equal(t, "261121232018", g.param(60))
		require.Equal(t, "8", g.param(30))
		udh := g.param(32)
		require.Len(t, udh, 12)
		require.Equal(t, "050003", udh[:6])
		if i == 0 {
			ref = udh[6:8]
		}
		require.Equal(t, ref+"02"+"0"+string(rune('1'+i)), udh[6:])
		b, err := text.AppendHexDecode(nil, g.param(34))
		require.NoError(t, err)
		if i == 0 {
			require.Len(t, b, 134)
		}
		data = append(data, b...)
	}
	got, err := text.Decode(sms.EtUCS2Text, data)
	require.NoError(t, err)
	require.Equal(t, content, got)

	// Host-chosen numbers: N, N+2, ... (256 is no wire number: the part
	// goes under a free even one); ISO-8859-1 content goes as UCS-2;
	// flash 8-bit data; a WAP push with its DCS F5.
	nums, code = srv.Cimd2SendDeliverMessage(id, 254, "1234", "4412345", strings.Repeat("é", 100), sms.EtISO88591, "", 0, c2Stamp, "")
	require.Equal(t, OK, code)
	require.Equal(t, []uint32{254, 256}, nums)
	g := c.expectOp(20, 254)
	require.Equal(t, "8", g.param(30))
	g = c.read(5 * time.Second)
	require.Equal(t, 20, g.pkt.Op)
	require.True(t, g.pkt.Number%2 == 0 && g.pkt.Number != 254, "wire number %d", g.pkt.Number)
	_, code = srv.Cimd2SendDeliverMessage(id, 10, "1234", "4412345", "C0FFEE", sms.Et8BitHexadecimal, "", sms.SoDirectDisplay, c2Stamp, "")
	require.Equal(t, OK, code)
	g = c.expectOp(20, 10)
	require.Equal(t, "20", g.param(30)) // 0x14: 8-bit, class 0
	require.Equal(t, "C0FFEE", g.param(34))
	_, code = srv.Cimd2SendDeliverMessage(id, 12, "1234", "4412345", "0102", sms.EtWAPPushOrMMS, "0605040B8423F0", 0, c2Stamp, "")
	require.Equal(t, OK, code)
	g = c.expectOp(20, 12)
	require.Equal(t, "245", g.param(30))
	require.Equal(t, "0605040B8423F0", g.param(32))
	require.Equal(t, "0102", g.param(34))
}

func c2Codes(g c2Got) []int {
	var out []int
	for _, p := range g.pkt.Params {
		out = append(out, p.Code)
	}
	return out
}

func TestCIMD2DeliverLongGSMAndOverrides(t *testing.T) {
	srv, c, id := c2DeliverHarness(t, "", nil)
	// 200 GSM characters with escapes: parts of at most 153 septets, the
	// escape never cut; alphanumeric originator in 027; type-0 PID.
	content := strings.Repeat("{x}", 30) + strings.Repeat("@", 20) // 170 septets
	nums, code := srv.Cimd2SendDeliverMessage(id, 0, "1234", "Alpha", content, sms.Et7BitText, "", sms.SoZeroSMS, c2Stamp,
		"long-messages=udh16;cimd2.064=5;cimd2.060=")
	require.Equal(t, OK, code)
	require.Len(t, nums, 2)
	var joined string
	for _, n := range nums {
		g := c.expectOp(20, int(n))
		require.Equal(t, []int{21, 27, 52, 32, 33, 64}, c2Codes(g), c2Show(g.raw))
		require.Equal(t, "Alpha", g.param(27))
		require.Equal(t, "64", g.param(52))
		require.Equal(t, "5", g.param(64))
		require.Equal(t, "060804", g.param(32)[:6], "16-bit reference")
		joined += g.param(33)
	}
	dec, _ := text.DecodeCIMD2UserData(joined)
	require.Equal(t, content, dec)

	// Argument checks.
	_, code = srv.Cimd2SendDeliverMessage(id, 0, "12a", "1", "x", sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrInvalidArgument, code, "bad destination")
	_, code = srv.Cimd2SendDeliverMessage(id, 0, "1", "TwelveChars!", "x", sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrInvalidArgument, code, "alphanumeric originator too long")
	_, code = srv.Cimd2SendDeliverMessage(id, 0, "1", "2", "x", sms.Et7BitText, "0500", 0, time.Time{}, "")
	require.Equal(t, ErrInvalidArgument, code, "bad UDH")
	_, code = srv.Cimd2SendDeliverMessage(id, 0, "1", "2", "x", sms.Et7BitText, "", 0, time.Time{}, "long-messages=sar")
	require.Equal(t, ErrUnsupported, code)
	_, code = srv.Cimd2SendDeliverMessage(id, 0, "1", "2", "x", sms.Et7BitText, "", 0, time.Time{}, "cimd2.long-messages=sar")
	require.Equal(t, ErrUnsupported, code, "the key may carry the protocol prefix")
	_, code = srv.Cimd2SendDeliverMessage(id, 0, "1", "2", "x", sms.Et7BitText, "", 0, time.Time{}, "cimd2.064=abc")
	require.Equal(t, ErrInvalidArgument, code, "override value checked against the table")
	_, code = srv.Cimd2SendDeliverMessage(id, 0, "1", "2", "Ω€中", sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrEncodingFailed, code)
	_, code = srv.Cimd2SendDeliverMessage(9999, 0, "1", "2", "x", sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrUnknownClient, code)
	nums, n, code := srv.Cimd2SendDeliverMessageMaxParts(1, id, 0, "1", "2", strings.Repeat("x", 200), sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrBufferTooSmall, code)
	require.Equal(t, 2, n)
	require.Empty(t, nums)
	c.expectNothing(100 * time.Millisecond)
}

func TestCIMD2DeliverStatusReportAndResponses(t *testing.T) {
	resp := make(chan *Cimd2DeliverResponseReceivedEventArgs, 4)
	srv, c, id := c2DeliverHarness(t, "", resp)
	done := c2Stamp.Add(time.Minute)
	require.Equal(t, OK, srv.Cimd2SendDeliverStatusReport(id, 20, c2Stamp, "4412345", 3, 29, done, "cimd2.023=1234"))
	c.expect("<STX>23:020<TAB>021:4412345<TAB>060:261121232018<TAB>061:3<TAB>062:29<TAB>063:261121232118<TAB>023:1234<TAB>" +
		c2Checksum("<STX>23:020<TAB>021:4412345<TAB>060:261121232018<TAB>061:3<TAB>062:29<TAB>063:261121232118<TAB>023:1234<TAB>") + "<ETX>")
	// The client refuses it with an error code and text.
	c.write(c2Packet(73, 20, "900:9", "901:Failed"))
	r := recv(t, resp, 5*time.Second, "73 with error")
	require.Equal(t, uint32(20), r.TransactionNumber)
	require.Equal(t, uint32(9), r.ErrorCode)
	require.Equal(t, "Failed", r.ErrorMessage)
	require.Equal(t, int32(73), r.Code)

	// A NACK for a deliver is an answer with error 2.
	nums, code := srv.Cimd2SendDeliverMessage(id, 0, "1", "2", "x", sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, OK, code)
	c.expectOp(20, int(nums[0]))
	c.write(c2Packet(99, int(nums[0])))
	r = recv(t, resp, 5*time.Second, "nack")
	require.Equal(t, nums[0], r.TransactionNumber)
	require.Equal(t, uint32(2), r.ErrorCode)
	require.Equal(t, int32(99), r.Code)

	// Argument checks.
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendDeliverStatusReport(id, 0, time.Time{}, "1", 4, 0, time.Time{}, ""))
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendDeliverStatusReport(id, 0, c2Stamp, "1", 10, 0, time.Time{}, ""))
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendDeliverStatusReport(id, 0, c2Stamp, "1", 4, 1000, time.Time{}, ""))
}

func c2Checksum(notation string) string {
	var s byte
	for _, b := range c2(notation) {
		s += b
	}
	const hx = "0123456789ABCDEF"
	return string([]byte{hx[s>>4], hx[s&15]})
}

func TestCIMD2SendBeforeLogin(t *testing.T) {
	var id atomic.Int32
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{OnTcpConnected: func(e *TcpConnectedEventArgs) { id.Store(e.ClientID); s.TcpAcceptConnection(e.ClientID) }}
	}, "")
	c := dialCIMD2(t, addr)
	c.send("<STX>40:001<TAB><ETX>")
	c.expectOp(90, 1)
	_, code := srv.Cimd2SendDeliverMessage(id.Load(), 0, "1", "2", "x", sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrWrongState, code)
	require.Equal(t, ErrWrongState, srv.Cimd2SendDeliverStatusReport(id.Load(), 0, c2Stamp, "1", 4, 0, time.Time{}, ""))
	require.Equal(t, ErrNotPending, srv.Cimd2SendLoginResponse(id.Load(), 1, 0, ""))
	// RAW goes out in any state.
	require.Equal(t, OK, srv.Cimd2SendRAW(id.Load(), 2, 40, ""))
	c.expect("<STX>40:002<TAB>" + c2Checksum("<STX>40:002<TAB>") + "<ETX>")
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendRAW(id.Load(), 2, 100, ""))
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendRAW(id.Load(), 2, 40, "0203"))
	require.Equal(t, ErrInvalidArgument, srv.Cimd2SendRAW(id.Load(), 2, 40, "zz"))
}
