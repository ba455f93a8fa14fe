package core

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// startSMPP starts a server on a free loopback port; it is destroyed when
// the test ends.
func startSMPP(t testing.TB, h SMPPHandlers, ext string) (*SMPPServer, string) {
	return startSMPPWith(t, func(*SMPPServer) SMPPHandlers { return h }, ext)
}

// startSMPPWith lets the handlers capture the server before it listens.
func startSMPPWith(t testing.TB, mk func(s *SMPPServer) SMPPHandlers, ext string) (*SMPPServer, string) {
	t.Helper()
	s := NewSMPPServer()
	s.SetHandlers(mk(s))
	require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, ext))
	t.Cleanup(func() { s.Destroy(true, 5*time.Second) })
	return s, "127.0.0.1:" + strconv.Itoa(s.LocalPort())
}

// rawClient speaks SMPP byte by byte, so tests can send what no well
// behaved client would.
type rawClient struct {
	t  testing.TB
	nc net.Conn
}

func dialRaw(t testing.TB, addr string) *rawClient {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { nc.Close() })
	return &rawClient{t: t, nc: nc}
}

func (c *rawClient) write(b []byte) {
	c.t.Helper()
	_, err := c.nc.Write(b)
	require.NoError(c.t, err)
}

// pdu builds a PDU from header fields and a hex body.
func pduHex(cmd, status, seq uint32, body string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(body, " ", ""))
	if err != nil {
		panic(err)
	}
	out := make([]byte, 16, 16+len(b))
	binary.BigEndian.PutUint32(out[0:], uint32(16+len(b)))
	binary.BigEndian.PutUint32(out[4:], cmd)
	binary.BigEndian.PutUint32(out[8:], status)
	binary.BigEndian.PutUint32(out[12:], seq)
	return append(out, b...)
}

type rawPDU struct {
	cmd, status, seq uint32
	body             []byte
}

// read returns the next PDU, failing the test after timeout.
func (c *rawClient) read(timeout time.Duration) rawPDU {
	c.t.Helper()
	p, err := c.tryRead(timeout)
	require.NoError(c.t, err)
	return p
}

func (c *rawClient) tryRead(timeout time.Duration) (rawPDU, error) {
	_ = c.nc.SetReadDeadline(time.Now().Add(timeout))
	var h [16]byte
	if _, err := io.ReadFull(c.nc, h[:]); err != nil {
		return rawPDU{}, err
	}
	n := binary.BigEndian.Uint32(h[:])
	body := make([]byte, n-16)
	if _, err := io.ReadFull(c.nc, body); err != nil {
		return rawPDU{}, err
	}
	return rawPDU{cmd: binary.BigEndian.Uint32(h[4:]), status: binary.BigEndian.Uint32(h[8:]), seq: binary.BigEndian.Uint32(h[12:]), body: body}, nil
}

// expectClosed waits for the server to close the connection.
func (c *rawClient) expectClosed(timeout time.Duration) {
	c.t.Helper()
	expectEOF(c.t, c.nc, c.nc, timeout)
}

// expectEOF reads r (nc, or a buffered reader on it) until the server
// closes the connection, failing t if that takes longer than timeout.
func expectEOF(t testing.TB, nc net.Conn, r io.Reader, timeout time.Duration) {
	t.Helper()
	_ = nc.SetReadDeadline(time.Now().Add(timeout))
	buf := make([]byte, 4096)
	for {
		_, err := r.Read(buf)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("connection not closed within %v", timeout)
			}
			return
		}
	}
}

// bindHex is a bind body: system_id, password, system_type "", version, ton 0, npi 0, range "".
func bindBody(systemID, password string, version byte) string {
	return hex.EncodeToString([]byte(systemID)) + "00" + hex.EncodeToString([]byte(password)) + "00" + "00" +
		hex.EncodeToString([]byte{version}) + "000000"
}

// acceptAll answers every login with success.
func acceptAll(s **SMPPServer) func(*SmppLoginReceivedEventArgs) {
	return func(e *SmppLoginReceivedEventArgs) {
		(*s).SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "test")
	}
}

// waitFor polls cond for up to timeout.
func waitFor(t testing.TB, timeout time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func recv[T any](t testing.TB, ch <-chan T, timeout time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}
