package core

import (
	"bufio"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/cimd2"
)

// c2 turns the notation of the CIMD2 vectors (docs/test-vectors.md) into octets.
func c2(s string) []byte {
	return []byte(strings.NewReplacer("<STX>", "\x02", "<TAB>", "\t", "<ETX>", "\x03").Replace(s))
}

// c2Show turns octets back into the notation, for readable failures.
func c2Show(b []byte) string {
	return strings.NewReplacer("\x02", "<STX>", "\t", "<TAB>", "\x03", "<ETX>").Replace(string(b))
}

// c2Packet builds a packet with checksum from "PPP:value" parameters.
func c2Packet(op, num int, params ...string) []byte {
	b := cimd2.AppendHeader(nil, op, num)
	for _, p := range params {
		b = append(append(b, p...), '\t')
	}
	return cimd2.AppendTrailer(b, 0)
}

func startCIMD2(t testing.TB, mk func(s *CIMD2Server) CIMD2Handlers, ext string) (*CIMD2Server, string) {
	t.Helper()
	s := NewCIMD2Server()
	s.SetHandlers(mk(s))
	require.Equal(t, OK, s.Cimd2InitializeServer("127.0.0.1", 0, "time-zone=UTC;"+ext))
	t.Cleanup(func() { s.Destroy(true, 5*time.Second) })
	return s, "127.0.0.1:" + strconv.Itoa(s.LocalPort())
}

// c2Client speaks CIMD2 byte by byte.
type c2Client struct {
	t  testing.TB
	nc net.Conn
	r  *bufio.Reader
}

func dialCIMD2(t testing.TB, addr string) *c2Client {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { nc.Close() })
	return &c2Client{t: t, nc: nc, r: bufio.NewReader(nc)}
}

func (c *c2Client) write(b []byte) {
	c.t.Helper()
	_, err := c.nc.Write(b)
	require.NoError(c.t, err)
}

func (c *c2Client) send(notation string) { c.t.Helper(); c.write(c2(notation)) }

type c2Got struct {
	raw []byte
	pkt cimd2.Packet
}

func (g c2Got) param(code int) string {
	v, _ := g.pkt.Get(code)
	return string(v)
}

// read returns the next packet; it must carry a correct checksum.
func (c *c2Client) read(timeout time.Duration) c2Got {
	c.t.Helper()
	_ = c.nc.SetReadDeadline(time.Now().Add(timeout))
	raw, err := c.r.ReadBytes(cimd2.ETX)
	require.NoError(c.t, err, "reading a packet")
	var g c2Got
	g.raw = raw
	require.NoError(c.t, cimd2.Parse(raw, &g.pkt), "server packet %s", c2Show(raw))
	require.NotEqual(c.t, -1, g.pkt.Checksum, "server packets carry a checksum")
	return g
}

// expect reads the next packet and checks it byte for byte.
func (c *c2Client) expect(notation string) c2Got {
	c.t.Helper()
	g := c.read(5 * time.Second)
	require.Equal(c.t, notation, c2Show(g.raw))
	return g
}

// expectOp reads the next packet and checks its operation and number.
func (c *c2Client) expectOp(op, num int) c2Got {
	c.t.Helper()
	g := c.read(5 * time.Second)
	require.Equal(c.t, op, g.pkt.Op, "packet %s", c2Show(g.raw))
	require.Equal(c.t, num, g.pkt.Number, "packet %s", c2Show(g.raw))
	return g
}

func (c *c2Client) expectClosed(timeout time.Duration) {
	c.t.Helper()
	expectEOF(c.t, c.nc, c.r, timeout)
}

func (c *c2Client) expectNothing(d time.Duration) {
	c.t.Helper()
	_ = c.nc.SetReadDeadline(time.Now().Add(d))
	b, err := c.r.ReadByte()
	if err == nil {
		c.t.Fatalf("unexpected data from server starting with %q", b)
	}
}

// login sends Kannel's login and expects the bare 51.
func (c *c2Client) login() {
	c.t.Helper()
	c.send("<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>")
	c.expect("<STX>51:001<TAB>3C<ETX>")
}

// c2AcceptLogins answers every login with success.
func c2AcceptLogins(s *CIMD2Server) func(*Cimd2LoginReceivedEventArgs) {
	return func(e *Cimd2LoginReceivedEventArgs) {
		s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
	}
}

// c2Stamp is the time stamp of the Kannel capture, 261121232018.
var c2Stamp = time.Date(2026, 11, 21, 23, 20, 18, 0, time.UTC)
