package core

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// ucpTestSMSC accepts logins and submits and records what reaches the host.
type ucpTestSMSC struct {
	srv      *UCPServer
	disc     chan *TcpDisconnectedEventArgs
	received chan *UcpSubmitMessageReceivedEventArgs
}

func newUCPTestSMSC(t *testing.T, ext string) (*ucpTestSMSC, string) {
	ts := &ucpTestSMSC{disc: make(chan *TcpDisconnectedEventArgs, 8), received: make(chan *UcpSubmitMessageReceivedEventArgs, 64)}
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				ts.received <- e
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { ts.disc <- e },
		}
	}, ext)
	ts.srv = srv
	return ts, addr
}

func ucpWithCS(s string) string {
	c := ucp.Checksum([]byte(s))
	const hx = "0123456789ABCDEF"
	return s + string([]byte{hx[c>>4], hx[c&15]})
}

func TestUCPRobustBadFramesGetNACK(t *testing.T) {
	ts, addr := newUCPTestSMSC(t, "")
	c := dialUCP(t, addr)
	c.login()
	bad51 := func(mut func(f []string)) string {
		f := ucpSubmit51Fields("4412345", "1234", "hi", "")
		mut(f)
		return ucpText(t, 4, ucp.Operation, 51, f...)
	}
	cases := []struct {
		name string
		text string
		ot   int
		trn  int
		ec   string
	}{
		{"bad checksum", "00/00029/O/31/emiuser/0539/F4", 31, 0, "01"},
		{"lower-case bad checksum", "07/00029/O/31/emiuser/0539/ff", 31, 7, "01"},
		{"missing checksum", "08/00027/O/31/emiuser/0539/", 31, 8, "01"},
		{"LEN mismatch", ucpWithCS("09/00099/O/31/emiuser/0539/"), 31, 9, "02"},
		{"too few fields for 51", ucpWithCS("10/00024/O/51/4412345/1234/"), 51, 10, "02"},
		{"too few fields for 60", ucpWithCS("11/00020/O/60/user/"), 60, 11, "02"},
		{"AMsg not hex", bad51(func(f []string) { f[ucp.F5xMsg] = "4G" }), 51, 4, "02"},
		{"AMsg odd length", bad51(func(f []string) { f[ucp.F5xMsg] = "414" }), 51, 4, "02"},
		{"MT not numeric", bad51(func(f []string) { f[ucp.F5xMT] = "x" }), 51, 4, "02"},
		{"MT unsupported", bad51(func(f []string) { f[ucp.F5xMT] = "9" }), 51, 4, "23"},
		{"NMsg not digits", bad51(func(f []string) { f[ucp.F5xMT], f[ucp.F5xMsg] = "2", "12a" }), 51, 4, "02"},
		{"empty AdC", bad51(func(f []string) { f[ucp.F5xAdC] = "" }), 51, 4, "06"},
		{"XSer truncated", bad51(func(f []string) { f[ucp.F5xXSer] = "010605" }), 51, 4, "02"},
		{"XSer UDH malformed", bad51(func(f []string) { f[ucp.F5xXSer] = "0102050000" }), 51, 4, "02"},
		{"bad VP", bad51(func(f []string) { f[ucp.F5xVP] = "3202961212" }), 51, 4, "22"},
		{"bad DDT", bad51(func(f []string) { f[ucp.F5xDD], f[ucp.F5xDDT] = "1", "12" }), 51, 4, "22"},
		{"bad MCLs", bad51(func(f []string) { f[ucp.F5xMCLs] = "7" }), 51, 4, "02"},
		{"bad NB", bad51(func(f []string) { f[ucp.F5xNB] = "x" }), 51, 4, "02"},
		{"31 without PID", ucpWithCS("12/00020/O/31/abc/"), 31, 12, "02"},
		{"unsupported OT", ucpText(t, 13, ucp.Operation, 3, "1", "2"), 3, 13, "03"},
		{"52 from the client", ucpText(t, 14, ucp.Operation, 52, ucpSubmit51Fields("1", "2", "x", "")...), 52, 14, "03"},
	}
	for _, tc := range cases {
		c.sendText(tc.text)
		f := c.readFrame(5 * time.Second)
		require.Equal(t, ucp.Result, f.Kind, tc.name)
		require.Equal(t, tc.ot, f.OT, tc.name)
		require.Equal(t, tc.trn, f.TRN, tc.name)
		require.Equal(t, []string{"N", tc.ec, ""}, ucpFieldStrings(f), tc.name)
	}
	select {
	case e := <-ts.received:
		t.Fatalf("malformed submit reached the host: %+v", e)
	default:
	}
	// Results are never answered, not even malformed ones: the next frame
	// is the answer to the alert sent after them.
	c.sendOp(20, ucp.Result, 51, "A", "", "x")
	c.sendText("21/00019/R/51/A//00")
	c.sendOp(22, ucp.Result, 51, "Q")
	c.sendText(ucpKannelAlive)
	require.Equal(t, "00/00019/R/31/A//6B", c.readText(5*time.Second))
	// Still serving.
	c.sendOp(23, ucp.Operation, 51, ucpSubmit51Fields("1", "2", "ok", "")...)
	f := c.readFrame(5 * time.Second)
	require.Equal(t, "A", string(f.Fields[0]))
	require.Equal(t, "ok", recv(t, ts.received, 5*time.Second, "submit").Content)
}

func TestUCPRobustNoiseBeforeSTXIsSkipped(t *testing.T) {
	_, addr := newUCPTestSMSC(t, "")
	c := dialUCP(t, addr)
	c.write([]byte("\r\nhello\r\n"))
	c.write([]byte("more noise \x02" + ucpKannelLogin + "\x03\r\n"))
	require.Equal(t, "00/00019/R/60/A//6D", c.readText(5*time.Second))
	// A frame split over many writes.
	whole := "\x02" + ucpKannelAlive + "\x03"
	for i := 0; i < len(whole); i += 5 {
		c.write([]byte(whole[i:min(i+5, len(whole))]))
		time.Sleep(time.Millisecond)
	}
	require.Equal(t, "00/00019/R/31/A//6B", c.readText(5*time.Second))
	// Two frames in one write.
	c.write([]byte(whole + whole))
	require.Equal(t, "00/00019/R/31/A//6B", c.readText(5*time.Second))
	require.Equal(t, "00/00019/R/31/A//6B", c.readText(5*time.Second))
}

func TestUCPRobustUnframedInputCloses(t *testing.T) {
	ts, addr := newUCPTestSMSC(t, "max-pdu-size=256")
	cases := []struct {
		name   string
		data   string
		reason string
	}{
		{"frame without STX", ucpKannelAlive + "\x03", "without STX"},
		{"frame without ETX", "\x02" + ucpKannelAlive + "\x02" + ucpKannelAlive + "\x03", "without ETX"},
		{"oversize frame", "\x02" + strings.Repeat("0", 300), "too large"},
		{"oversize complete frame", "\x02" + strings.Repeat("0", 300) + "\x03", "too large"},
		{"unreadable header", "\x02hello world\x03", "unreadable"},
		{"endless noise", strings.Repeat("x", 600), "no STX"},
	}
	for _, tc := range cases {
		c := dialUCP(t, addr)
		c.login()
		c.write([]byte(tc.data))
		c.expectClosed(5 * time.Second)
		d := recv(t, ts.disc, 5*time.Second, "disconnect "+tc.name)
		require.Equal(t, ReasonLocal, d.Reason, tc.name)
		require.Contains(t, d.ReasonText, tc.reason, tc.name)
	}
	// The server still serves others.
	c := dialUCP(t, addr)
	c.login()
}

func TestUCPRobustVanishingClient(t *testing.T) {
	ts, addr := newUCPTestSMSC(t, "")
	c := dialUCP(t, addr)
	c.login()
	c.write([]byte("\x0205/00085/O/51/441"))
	c.nc.Close()
	d := recv(t, ts.disc, 5*time.Second, "disconnect")
	require.Equal(t, ReasonRemote, d.Reason)
	waitFor(t, 2*time.Second, func() bool { return ts.srv.ConnectionCount() == 0 }, "connection removed")
}
