package core

import (
	"bytes"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// startUCP starts a UCP server on a free loopback port (UTC time zone, so
// SCTS values are predictable); it is destroyed when the test ends.
func startUCP(t testing.TB, mk func(s *UCPServer) UCPHandlers, ext string) (*UCPServer, string) {
	t.Helper()
	s := NewUCPServer()
	if mk != nil {
		s.SetHandlers(mk(s))
	}
	if ext != "" {
		ext += ";"
	}
	require.Equal(t, OK, s.UcpInitializeServer("127.0.0.1", 0, ext+"ucp.time-zone=UTC"))
	t.Cleanup(func() { s.Destroy(true, 5*time.Second) })
	return s, "127.0.0.1:" + strconv.Itoa(s.LocalPort())
}

// ucpClient speaks UCP text frames over a raw TCP connection.
type ucpClient struct {
	*rawClient
	in []byte
}

func dialUCP(t testing.TB, addr string) *ucpClient {
	return &ucpClient{rawClient: dialRaw(t, addr)}
}

// sendText sends a frame given as its text between STX and ETX.
func (c *ucpClient) sendText(s string) { c.write([]byte("\x02" + s + "\x03")) }

// sendOp builds and sends a frame with a correct LEN and checksum.
func (c *ucpClient) sendOp(trn int, kind ucp.Kind, ot int, fields ...string) {
	c.t.Helper()
	c.write(ucpFrame(c.t, trn, kind, ot, fields...))
}

func ucpFrame(t testing.TB, trn int, kind ucp.Kind, ot int, fields ...string) []byte {
	t.Helper()
	bs := make([][]byte, len(fields))
	for i, f := range fields {
		bs[i] = []byte(f)
	}
	b, err := ucp.AppendFrame(nil, trn, kind, ot, bs...)
	require.NoError(t, err)
	return b
}

// ucpText is the text of a frame built from fields (for byte comparisons).
func ucpText(t testing.TB, trn int, kind ucp.Kind, ot int, fields ...string) string {
	b := ucpFrame(t, trn, kind, ot, fields...)
	return string(b[1 : len(b)-1])
}

// readText returns the next frame's text (between STX and ETX).
func (c *ucpClient) readText(timeout time.Duration) string {
	c.t.Helper()
	s, err := c.tryReadText(timeout)
	require.NoError(c.t, err)
	return s
}

func (c *ucpClient) tryReadText(timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		if i := bytes.IndexByte(c.in, ucp.ETX); i >= 0 {
			s := bytes.IndexByte(c.in, ucp.STX)
			require.True(c.t, s >= 0 && s < i, "frame without STX: %q", c.in)
			out := string(c.in[s+1 : i])
			c.in = c.in[i+1:]
			return out, nil
		}
		_ = c.nc.SetReadDeadline(deadline)
		buf := make([]byte, 4096)
		n, err := c.nc.Read(buf)
		c.in = append(c.in, buf[:n]...)
		if err != nil && n == 0 {
			return "", err
		}
	}
}

// readFrame returns the next frame parsed.
func (c *ucpClient) readFrame(timeout time.Duration) *ucp.Frame {
	c.t.Helper()
	s := c.readText(timeout)
	f := new(ucp.Frame)
	require.NoError(c.t, f.Parse([]byte(s)), s)
	return f
}

// login sends Kannel's login (UCP vector 12) and expects A//.
func (c *ucpClient) login() {
	c.t.Helper()
	c.sendText(ucpKannelLogin)
	require.Equal(c.t, "00/00019/R/60/A//6D", c.readText(5*time.Second))
}

func ucpFieldStrings(f *ucp.Frame) []string {
	out := make([]string, len(f.Fields))
	for i, b := range f.Fields {
		out[i] = string(b)
	}
	return out
}

func ucpHex(s string) string { return strings.ToUpper(hex.EncodeToString([]byte(s))) }

// UCP vectors of docs/test-vectors.md used by the tests.
const (
	ucpKannelLogin     = "00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2"
	ucpKannelAlive     = "00/00029/O/31/emiuser/0539/F3"
	ucpKannelText51    = "02/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D"
	ucpKannelAlpha51   = "01/00097/O/51/4412345/0941361C1D06//1//7/////////////3//48656C6C6F20001B281B65////////5039/////FC"
	ucpKannelBinary51  = "05/00092/O/51/4412345/1234//1//7/////////////4/0024/010203////1//////01070605040B8423F0///7A"
	ucpSpecNotify51    = "18/00113/O/51/012345/09876//1/1920870340125000/4/0539//////3012961212//////3//4D657373616765203531/////////////CD"
	ucpSpecTransp51    = "39/00099/O/51/0657467/078769//1//7//1/0545765/0122/1/0808971800///////4/32/F5AA34DE////1/////////65"
	ucpSpecCallInput01 = "00/00070/O/01/01234567890/09876543210//3/53686F7274204D657373616765/D9"
	ucpSpecDeliver52   = "00/00120/O/52/076523578/07686745/////////////120396111055////3//43616C6C20796F75206261636B206C617465722E///0//////////A3"
	ucpSpecNotify53    = "00/00234/O/53/1299998/3155555/////////////090196161057/1/108/090196161105/3//4D65737361676520666F7220333135353535352C2077697468206964656E74696669636174696F6E2039363031303931363130353720686173206265656E206275666665726564/////////////1F"
)

// submit51 is a 51 with the given AdC, OAdC, MT 3 text and XSer.
func ucpSubmit51Fields(adc, oadc, msgText, xser string) []string {
	f := make([]string, ucp.Fields5x)
	f[ucp.F5xAdC], f[ucp.F5xOAdC], f[ucp.F5xMT] = adc, oadc, "3"
	f[ucp.F5xMsg] = ucpHex(msgText)
	f[ucp.F5xXSer] = xser
	return f
}

// ucpAcceptAll answers every login positively.
func ucpAcceptAll(s *UCPServer) func(*UcpLoginReceivedEventArgs) {
	return func(e *UcpLoginReceivedEventArgs) {
		s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
	}
}
