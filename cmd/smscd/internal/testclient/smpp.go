// Package testclient is a minimal SMPP client over raw PDUs for smscd's
// tests (the engine's and the restart test's): it binds, submits, reads
// what the SMSC sends and answers it exactly as a test says, which a full
// client library would do on its own.
package testclient

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// SMPP command ids.
const (
	CmdBindRX  = 0x00000001
	CmdBindTX  = 0x00000002
	CmdQuery   = 0x00000003
	CmdSubmit  = 0x00000004
	CmdDeliver = 0x00000005
	CmdCancel  = 0x00000008
	CmdBindTRX = 0x00000009
	CmdResp    = 0x80000000
)

// PDU is one SMPP PDU as read.
type PDU struct {
	Cmd, Status, Seq uint32
	Body             []byte
}

// SMPP is one client connection.
type SMPP struct {
	t    testing.TB
	Conn net.Conn
	r    *bufio.Reader
	seq  uint32
}

// DialSMPP connects; the connection closes when the test ends.
func DialSMPP(t testing.TB, addr string) *SMPP {
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return &SMPP{t: t, Conn: c, r: bufio.NewReader(c)}
}

// CStr is s as a C-octet string.
func CStr(s string) []byte { return append([]byte(s), 0) }

func (s *SMPP) frame(cmd, status, seq uint32, body []byte) []byte {
	b := make([]byte, 16, 16+len(body))
	binary.BigEndian.PutUint32(b, uint32(16+len(body)))
	binary.BigEndian.PutUint32(b[4:], cmd)
	binary.BigEndian.PutUint32(b[8:], status)
	binary.BigEndian.PutUint32(b[12:], seq)
	return append(b, body...)
}

// Send writes a PDU; seq 0 takes the next number. It returns the number.
func (s *SMPP) Send(cmd, status, seq uint32, body []byte) uint32 {
	if seq == 0 {
		s.seq++
		seq = s.seq
	}
	_, err := s.Conn.Write(s.frame(cmd, status, seq, body))
	require.NoError(s.t, err)
	return seq
}

// Read reads one PDU.
func (s *SMPP) Read(timeout time.Duration) (PDU, error) {
	s.Conn.SetReadDeadline(time.Now().Add(timeout))
	var h [16]byte
	if _, err := io.ReadFull(s.r, h[:]); err != nil {
		return PDU{}, err
	}
	n := binary.BigEndian.Uint32(h[:])
	body := make([]byte, n-16)
	if _, err := io.ReadFull(s.r, body); err != nil {
		return PDU{}, err
	}
	return PDU{binary.BigEndian.Uint32(h[4:]), binary.BigEndian.Uint32(h[8:]), binary.BigEndian.Uint32(h[12:]), body}, nil
}

// Next returns the next PDU that is not an enquire_link (those it answers).
func (s *SMPP) Next() PDU {
	s.t.Helper()
	for {
		p, err := s.Read(5 * time.Second)
		require.NoError(s.t, err)
		if p.Cmd == 0x15 {
			s.Send(0x80000015, 0, p.Seq, nil)
			continue
		}
		return p
	}
}

// Bind binds and returns the bind_resp status.
func (s *SMPP) Bind(cmd uint32, systemID, password string) uint32 {
	s.t.Helper()
	var b []byte
	b = append(b, CStr(systemID)...)
	b = append(b, CStr(password)...)
	b = append(b, CStr("")...)
	b = append(b, 0x34, 0, 0)
	b = append(b, CStr("")...)
	s.Send(cmd, 0, 0, b)
	p := s.Next()
	require.Equal(s.t, cmd|CmdResp, p.Cmd)
	return p.Status
}

func submitBody(from, to, text string, regDel byte) []byte {
	return submitBodyUDH(from, to, nil, text, regDel)
}

// submitBodyUDH is a submit_sm body; a non-empty udh (UDHL included)
// precedes the text, with esm_class 0x40.
func submitBodyUDH(from, to string, udh []byte, text string, regDel byte) []byte {
	return submitBodyFull(from, to, udh, text, regDel, "")
}

// SubmitScheduled sends a submit_sm with schedule_delivery_time sched (SMPP
// time format, e.g. "000000000002000R" = in 2 s) and returns its status.
func (s *SMPP) SubmitScheduled(from, to, text, sched string) uint32 {
	s.t.Helper()
	seq := s.Send(CmdSubmit, 0, 0, submitBodyFull(from, to, nil, text, 0, sched))
	p := s.Next()
	require.Equal(s.t, uint32(CmdSubmit|CmdResp), p.Cmd)
	require.Equal(s.t, seq, p.Seq)
	return p.Status
}

func submitBodyFull(from, to string, udh []byte, text string, regDel byte, sched string) []byte {
	var esm byte
	if len(udh) > 0 {
		esm = 0x40
	}
	var b []byte
	b = append(b, 0, 1, 1)
	b = append(b, CStr(from)...)
	b = append(b, 1, 1)
	b = append(b, CStr(to)...)
	b = append(b, esm, 0, 0)
	b = append(b, CStr(sched)...)
	b = append(b, 0, regDel, 0, 0, 0, byte(len(udh)+len(text)))
	b = append(b, udh...)
	return append(b, text...)
}

// SubmitUDH sends a submit_sm carrying a user data header and returns its
// status and message id.
func (s *SMPP) SubmitUDH(from, to string, udh []byte, text string, regDel byte) (uint32, string) {
	s.t.Helper()
	seq := s.Send(CmdSubmit, 0, 0, submitBodyUDH(from, to, udh, text, regDel))
	p := s.Next()
	require.Equal(s.t, uint32(CmdSubmit|CmdResp), p.Cmd)
	require.Equal(s.t, seq, p.Seq)
	return p.Status, strings.TrimRight(string(p.Body), "\x00")
}

// Submit sends a submit_sm and returns its status and message id.
func (s *SMPP) Submit(from, to, text string, regDel byte) (uint32, string) {
	s.t.Helper()
	seq := s.SubmitAsync(from, to, text, regDel)
	p := s.Next()
	require.Equal(s.t, uint32(CmdSubmit|CmdResp), p.Cmd)
	require.Equal(s.t, seq, p.Seq)
	return p.Status, strings.TrimRight(string(p.Body), "\x00")
}

// SubmitAsync sends a submit_sm without waiting for the answer.
func (s *SMPP) SubmitAsync(from, to, text string, regDel byte) uint32 {
	return s.Send(CmdSubmit, 0, 0, submitBody(from, to, text, regDel))
}

// SubmitAsyncErr is SubmitAsync that returns a write error instead of
// failing the test (for a writer goroutine).
func (s *SMPP) SubmitAsyncErr(from, to, text string, regDel byte) error {
	s.seq++
	_, err := s.Conn.Write(s.frame(CmdSubmit, 0, s.seq, submitBody(from, to, text, regDel)))
	return err
}

// Deliver is a parsed deliver_sm.
type Deliver struct {
	Seq      uint32
	From, To string
	EsmClass byte
	Text     string
}

// ParseDeliver reads a deliver_sm body.
func ParseDeliver(p PDU) Deliver {
	b := p.Body
	field := func() string {
		i := bytes.IndexByte(b, 0)
		s := string(b[:i])
		b = b[i+1:]
		return s
	}
	field() // service_type
	b = b[2:]
	from := field()
	b = b[2:]
	to := field()
	esm := b[0]
	b = b[3:]
	field()
	field()
	b = b[4:] // registered_delivery, replace_if_present, data_coding, sm_default_msg_id
	n := int(b[0])
	return Deliver{Seq: p.Seq, From: from, To: to, EsmClass: esm, Text: string(b[1 : 1+n])}
}

// NextDeliver reads the next deliver_sm and answers it with status.
func (s *SMPP) NextDeliver(status uint32) Deliver {
	s.t.Helper()
	p := s.Next()
	require.Equal(s.t, uint32(CmdDeliver), p.Cmd, "want deliver_sm, got 0x%X", p.Cmd)
	s.Send(CmdDeliver|CmdResp, status, p.Seq, CStr(""))
	return ParseDeliver(p)
}

// ReceiptID is the "id:" of a receipt's text.
func ReceiptID(text string) string {
	id, _, _ := strings.Cut(strings.TrimPrefix(text, "id:"), " ")
	return id
}
