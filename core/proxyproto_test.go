package core

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// PROXY protocol headers sent by hand over loopback TCP (docs/api.md,
// "PROXY protocol"). The header comes with the bind in one write, so the
// bytes after it must reach the frame reader, which reads the descriptor
// itself.

// proxyServer records what the host hears: connected events, traces of
// received PDUs, disconnects.
type proxyServer struct {
	s     *SMPPServer
	addr  string
	conn  chan *TcpConnectedEventArgs
	trace chan *SmppTraceProtocolEventArgs
	disc  chan *TcpDisconnectedEventArgs
}

func startProxySMPP(t *testing.T, ext string) *proxyServer {
	t.Helper()
	ps := &proxyServer{
		conn:  make(chan *TcpConnectedEventArgs, 16),
		trace: make(chan *SmppTraceProtocolEventArgs, 64),
		disc:  make(chan *TcpDisconnectedEventArgs, 16),
	}
	ps.s, ps.addr = startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnTcpConnected: func(e *TcpConnectedEventArgs) {
				ps.conn <- e
				s.TcpAcceptConnection(e.ClientID)
			},
			OnTcpDisconnected:   func(e *TcpDisconnectedEventArgs) { ps.disc <- e },
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppTraceProtocol: func(e *SmppTraceProtocolEventArgs) { ps.trace <- e },
		}
	}, ext)
	return ps
}

var bindPDU = pduHex(cmdBindTransceiver, 0, 1, bindBody("esme1", "secret", 0x34))

// bound checks that the client's bind was answered with success.
func bound(t *testing.T, c *rawClient) {
	t.Helper()
	p := c.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdBindTransceiver | respBit, 0, 1}, [3]uint32{p.cmd, p.status, p.seq})
}

// served checks that a plain client without a header is served, and that
// its OnTcpConnected is the next one: no event of a dropped connection
// came before it.
func (ps *proxyServer) served(t *testing.T, wantHost string) {
	t.Helper()
	c := dialRaw(t, ps.addr)
	c.write(bindPDU)
	bound(t, c)
	e := recv(t, ps.conn, 5*time.Second, "connected")
	require.Equal(t, wantHost, e.RemoteHost)
	require.Equal(t, localPort(c), int(e.RemotePort))
}

// dropped checks that the server closed c without telling the host.
func (ps *proxyServer) dropped(t *testing.T, c *rawClient) {
	t.Helper()
	c.expectClosed(5 * time.Second)
	require.Len(t, ps.conn, 0, "OnTcpConnected for a dropped connection")
	require.Len(t, ps.disc, 0, "OnTcpDisconnected for a dropped connection")
}

func localPort(c *rawClient) int { return c.nc.LocalAddr().(*net.TCPAddr).Port }

// v2Header builds a version 2 header by hand (HAProxy's "The PROXY
// protocol", section 2.2): signature, version 2 and the command, family
// and transport, length, then addresses and ports. LOCAL carries none.
func v2Header(local bool, src, dst *net.TCPAddr) []byte {
	b := []byte("\r\n\r\n\x00\r\nQUIT\n")
	if local {
		return append(b, 0x20, 0x00, 0, 0)
	}
	fam, s, d := byte(0x11), src.IP.To4(), dst.IP.To4() // TCP over IPv4
	if s == nil {
		fam, s, d = 0x21, src.IP.To16(), dst.IP.To16() // TCP over IPv6
	}
	n := 2*len(s) + 4
	b = append(b, 0x21, fam, byte(n>>8), byte(n))
	b = append(append(b, s...), d...)
	return append(b, byte(src.Port>>8), byte(src.Port), byte(dst.Port>>8), byte(dst.Port))
}

func concat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

const proxyOnExt = "proxy-protocol=on;proxy-trusted=127.0.0.0/8"

func TestProxyHeaderGivesClientAddress(t *testing.T) {
	dst := &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 2775}
	for _, c := range []struct {
		name     string
		header   []byte
		host     string
		port     int
		fromAddr string
	}{
		{"v1 TCP4", []byte("PROXY TCP4 192.0.2.7 127.0.0.1 40123 2775\r\n"), "192.0.2.7", 40123, "192.0.2.7:40123"},
		{"v1 TCP6", []byte("PROXY TCP6 2001:db8::7 ::1 40124 2775\r\n"), "2001:db8::7", 40124, "[2001:db8::7]:40124"},
		{"v2 TCP4", v2Header(false, &net.TCPAddr{IP: net.ParseIP("198.51.100.9").To4(), Port: 50001}, dst),
			"198.51.100.9", 50001, "198.51.100.9:50001"},
		{"v2 TCP6", v2Header(false, &net.TCPAddr{IP: net.ParseIP("2001:db8::9"), Port: 50002},
			&net.TCPAddr{IP: net.ParseIP("::1"), Port: 2775}), "2001:db8::9", 50002, "[2001:db8::9]:50002"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := startProxySMPP(t, proxyOnExt)
			cl := dialRaw(t, ps.addr)
			cl.write(concat(c.header, bindPDU)) // one write, one segment on loopback
			bound(t, cl)
			e := recv(t, ps.conn, 5*time.Second, "connected")
			require.Equal(t, c.host, e.RemoteHost)
			require.Equal(t, int32(c.port), e.RemotePort)
			tr := recv(t, ps.trace, 5*time.Second, "trace of the bind")
			require.Equal(t, c.fromAddr, tr.FromAddress)
			require.Equal(t, uint32(cmdBindTransceiver), tr.Operation)
			tr = recv(t, ps.trace, 5*time.Second, "trace of the bind_resp")
			require.Equal(t, c.fromAddr, tr.ToAddress)
			// The session goes on: the next PDU is read from the socket.
			cl.write(pduHex(cmdEnquireLink, 0, 2, ""))
			p := cl.read(5 * time.Second)
			require.Equal(t, [2]uint32{cmdEnquireLink | respBit, 2}, [2]uint32{p.cmd, p.seq})
		})
	}
}

func TestProxyHeaderAloneThenPDU(t *testing.T) {
	ps := startProxySMPP(t, proxyOnExt)
	cl := dialRaw(t, ps.addr)
	cl.write([]byte("PROXY TCP4 192.0.2.8 127.0.0.1 40200 2775\r\n"))
	e := recv(t, ps.conn, 5*time.Second, "connected")
	require.Equal(t, "192.0.2.8", e.RemoteHost)
	cl.write(bindPDU)
	bound(t, cl)
}

func TestProxyLocalKeepsTCPAddress(t *testing.T) {
	for _, c := range []struct {
		name   string
		header []byte
	}{
		{"v2 LOCAL", v2Header(true, nil, nil)},
		{"v1 UNKNOWN", []byte("PROXY UNKNOWN\r\n")},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := startProxySMPP(t, proxyOnExt)
			cl := dialRaw(t, ps.addr)
			cl.write(concat(c.header, bindPDU))
			bound(t, cl)
			e := recv(t, ps.conn, 5*time.Second, "connected")
			require.Equal(t, "127.0.0.1", e.RemoteHost)
			require.Equal(t, int32(localPort(cl)), e.RemotePort)
			tr := recv(t, ps.trace, 5*time.Second, "trace")
			require.Equal(t, cl.nc.LocalAddr().String(), tr.FromAddress)
		})
	}
}

func TestProxyBadHeaderClosesOnlyThatConnection(t *testing.T) {
	sig := []byte("\r\n\r\n\x00\r\nQUIT\n")
	for _, c := range []struct {
		name  string
		bytes []byte
		close bool // the client closes its side after writing
	}{
		{"v1 bad address", []byte("PROXY TCP4 999.0.2.7 127.0.0.1 40123 2775\r\n"), false},
		{"v1 bad port", []byte("PROXY TCP4 192.0.2.7 127.0.0.1 99999 2775\r\n"), false},
		{"v1 no CRLF", []byte("PROXY TCP4 192.0.2.7 127.0.0.1 40123 2775\n"), false},
		{"v1 too long", append([]byte("PROXY TCP4 "), make([]byte, 120)...), false},
		{"v2 bad version", concat(sig, []byte{0x31, 0x11, 0, 12}, make([]byte, 12)), false},
		{"v2 short address block", concat(sig, []byte{0x21, 0x11, 0, 4}, make([]byte, 4)), false},
		{"v1 truncated", []byte("PROXY TCP4 192.0"), true},
		{"v2 truncated", concat(sig, []byte{0x21, 0x11, 0, 12, 192, 0}), true},
		{"no header", bindPDU, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := startProxySMPP(t, proxyOnExt)
			bad := dialRaw(t, ps.addr)
			// A second client connected meanwhile is not disturbed.
			other := dialRaw(t, ps.addr)
			other.write(concat([]byte("PROXY TCP4 192.0.2.1 127.0.0.1 1000 2775\r\n"), bindPDU))
			bound(t, other)
			require.Equal(t, "192.0.2.1", recv(t, ps.conn, 5*time.Second, "connected").RemoteHost)
			bad.write(c.bytes)
			if c.close {
				require.NoError(t, bad.nc.(*net.TCPConn).CloseWrite())
			}
			ps.dropped(t, bad)
			other.write(pduHex(cmdEnquireLink, 0, 2, ""))
			require.Equal(t, cmdEnquireLink|respBit, other.read(5*time.Second).cmd)
			c2 := dialRaw(t, ps.addr)
			c2.write(concat([]byte("PROXY TCP4 192.0.2.2 127.0.0.1 2000 2775\r\n"), bindPDU))
			bound(t, c2)
			e := recv(t, ps.conn, 5*time.Second, "connected")
			require.Equal(t, [2]any{"192.0.2.2", int32(2000)}, [2]any{e.RemoteHost, e.RemotePort})
		})
	}
}

func TestProxyHeaderTimeout(t *testing.T) {
	ps := startProxySMPP(t, proxyOnExt+";proxy-header-timeout=0.3")
	start := time.Now()
	silent := dialRaw(t, ps.addr)
	slow := dialRaw(t, ps.addr)
	slow.write([]byte("PROXY TCP4 192.0.2.7 ")) // and nothing more
	ps.dropped(t, silent)
	ps.dropped(t, slow)
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
	c := dialRaw(t, ps.addr)
	c.write(concat([]byte("PROXY TCP4 192.0.2.2 127.0.0.1 2000 2775\r\n"), bindPDU))
	bound(t, c)
}

func TestProxyUntrustedSource(t *testing.T) {
	t.Run("on", func(t *testing.T) {
		ps := startProxySMPP(t, "proxy-protocol=on;proxy-trusted=10.0.0.0/8,192.168.1.1")
		c := dialRaw(t, ps.addr)
		c.write(concat([]byte("PROXY TCP4 192.0.2.7 127.0.0.1 40123 2775\r\n"), bindPDU))
		ps.dropped(t, c)
		c = dialRaw(t, ps.addr)
		c.write(bindPDU)
		ps.dropped(t, c)
	})
	t.Run("optional", func(t *testing.T) {
		ps := startProxySMPP(t, "proxy-protocol=optional;proxy-trusted=10.0.0.0/8")
		// A header from outside the list is not believed: closed.
		c := dialRaw(t, ps.addr)
		c.write(concat([]byte("PROXY TCP4 192.0.2.7 127.0.0.1 40123 2775\r\n"), bindPDU))
		ps.dropped(t, c)
		// Without a header the same source is served as it is.
		ps.served(t, "127.0.0.1")
	})
}

func TestProxyOptional(t *testing.T) {
	ps := startProxySMPP(t, "proxy-protocol=optional;proxy-trusted=127.0.0.1;proxy-header-timeout=0.3")
	ps.served(t, "127.0.0.1")
	c := dialRaw(t, ps.addr)
	c.write(concat([]byte("PROXY TCP4 192.0.2.7 127.0.0.1 40123 2775\r\n"), bindPDU))
	bound(t, c)
	e := recv(t, ps.conn, 5*time.Second, "connected")
	require.Equal(t, [2]any{"192.0.2.7", int32(40123)}, [2]any{e.RemoteHost, e.RemotePort})
	// A client silent past proxy-header-timeout is served as it is.
	c = dialRaw(t, ps.addr)
	e = recv(t, ps.conn, 5*time.Second, "connected")
	require.Equal(t, [2]any{"127.0.0.1", int32(localPort(c))}, [2]any{e.RemoteHost, e.RemotePort})
	c.write(bindPDU)
	bound(t, c)
	// A malformed header is not taken for protocol data.
	c = dialRaw(t, ps.addr)
	c.write([]byte("PROXY TCP4 nonsense\r\n"))
	ps.dropped(t, c)
}

func TestProxyOffIgnoresHeaders(t *testing.T) {
	ps := startProxySMPP(t, "proxy-trusted=127.0.0.0/8")
	c := dialRaw(t, ps.addr)
	e := recv(t, ps.conn, 5*time.Second, "connected at once")
	require.Equal(t, int32(localPort(c)), e.RemotePort)
	// The header is protocol data: an SMPP command_length of "PROX".
	c.write([]byte("PROXY TCP4 192.0.2.7 127.0.0.1 40123 2775\r\n"))
	c.expectClosed(5 * time.Second)
	recv(t, ps.disc, 5*time.Second, "disconnected")
}

func TestProxyKeys(t *testing.T) {
	for ext, want := range map[string]Code{
		"":                   OK,
		"proxy-protocol=off": OK,
		"proxy-protocol=OFF;proxy-trusted=10.0.0.0/8":                                       OK,
		"proxy-protocol=on;proxy-trusted=127.0.0.1, ::1, 10.0.0.0/8,fd00::/8":               OK,
		"smpp.proxy-protocol=optional;proxy-trusted=127.0.0.0/8;proxy-header-timeout=500ms": OK,
		"proxy-protocol=on":                                                 ErrInvalidArgument, // no trusted list
		"proxy-protocol=optional;proxy-trusted=":                            ErrInvalidArgument,
		"proxy-protocol=yes;proxy-trusted=127.0.0.1":                        ErrInvalidArgument,
		"proxy-trusted=127.0.0.300":                                         ErrInvalidArgument,
		"proxy-trusted=10.0.0.0/33":                                         ErrInvalidArgument,
		"proxy-trusted=localhost":                                           ErrInvalidArgument,
		"proxy-protocol=on;proxy-trusted=127.0.0.1;proxy-header-timeout=0":  ErrInvalidArgument,
		"proxy-protocol=on;proxy-trusted=127.0.0.1;proxy-header-timeout=-1": ErrInvalidArgument,
	} {
		s := NewSMPPServer()
		require.Equal(t, want, s.SmppInitializeServer("127.0.0.1", 0, ext), ext)
		s.Destroy(true, 5*time.Second)
	}
}

func TestProxyTrustedMatching(t *testing.T) {
	var pc proxyConfig
	require.NoError(t, pc.parse(ParseParams("proxy-protocol=on;proxy-trusted=10.0.0.0/8,192.0.2.5,::ffff:172.16.0.0/108,2001:db8::/32"), "smpp"))
	for ip, want := range map[string]bool{
		"10.1.2.3": true, "::ffff:10.1.2.3": true, "11.0.0.1": false,
		"192.0.2.5": true, "192.0.2.6": false,
		"172.16.9.9": true, "172.32.0.1": false,
		"2001:db8::1": true, "2001:db9::1": false, "127.0.0.1": false,
	} {
		require.Equal(t, want, pc.trusts(&net.TCPAddr{IP: net.ParseIP(ip), Port: 1}), ip)
	}
	require.Equal(t, defaultProxyHeaderTimeout, pc.timeout)
}

// The header is read for UCP and CIMD2 by the same code; a UCP alert
// after a v2 header in the same write shows their sessions get the bytes
// after it too.
func TestProxyUCP(t *testing.T) {
	connected := make(chan *TcpConnectedEventArgs, 1)
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnTcpConnected: func(e *TcpConnectedEventArgs) {
			connected <- e
			s.TcpAcceptConnection(e.ClientID)
		}}
	}, proxyOnExt)
	c := dialUCP(t, addr)
	hdr := v2Header(false, &net.TCPAddr{IP: net.ParseIP("203.0.113.4").To4(), Port: 6001},
		&net.TCPAddr{IP: net.ParseIP("127.0.0.1").To4(), Port: 2776})
	c.write(concat(hdr, []byte("\x02"+ucpKannelAlive+"\x03")))
	e := recv(t, connected, 5*time.Second, "connected")
	require.Equal(t, [2]any{"203.0.113.4", int32(6001)}, [2]any{e.RemoteHost, e.RemotePort})
	require.Contains(t, c.readText(5*time.Second), "/R/31/A/")
}

func TestProxyDestroyWhileWaitingForHeader(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	s := NewSMPPServer()
	s.SetHandlers(SMPPHandlers{OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e }})
	require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, proxyOnExt+";proxy-header-timeout=30"))
	c := dialRaw(t, "127.0.0.1:"+strconv.Itoa(s.LocalPort()))
	waitFor(t, 5*time.Second, func() bool { return s.ConnectionCount() == 1 }, "the connection")
	start := time.Now()
	require.Equal(t, OK, s.Destroy(true, 5*time.Second))
	require.Less(t, time.Since(start), 2*time.Second, "Destroy waited for the header timeout")
	c.expectClosed(5 * time.Second)
	require.Len(t, disc, 0)
}
