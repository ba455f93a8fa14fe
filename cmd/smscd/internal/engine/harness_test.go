package engine

import (
	"bufio"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// testConfig listens on free loopback ports with quick retries and receipts.
func testConfig() config.Config {
	c := config.Default()
	c.SMPPPort, c.UCPPort, c.CIMD2Port = 0, 0, 0
	c.KeepAlive = 0
	c.Retry.First.Duration = 50 * time.Millisecond
	c.Retry.Max.Duration = 500 * time.Millisecond
	c.Retry.AckWait.Duration = 2 * time.Second
	c.Receipts.Delay.Duration = 20 * time.Millisecond
	return c
}

type harness struct {
	e                *Engine
	st               *store.Store
	smpp, ucp, cimd2 string // addresses
}

func startEngine(t *testing.T, c config.Config) *harness {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "smscd.db"), true)
	require.NoError(t, err)
	e := New(c, st, slog.New(slog.NewTextHandler(io.Discard, nil)), func(string, ...any) {})
	require.NoError(t, e.Start())
	t.Cleanup(func() {
		e.Stop(2 * time.Second)
		st.Close()
	})
	p1, p2, p3 := e.Ports()
	a := func(p int) string { return "127.0.0.1:" + strconv.Itoa(p) }
	return &harness{e: e, st: st, smpp: a(p1), ucp: a(p2), cimd2: a(p3)}
}

// ---- SMPP: package testclient ----

type smppClient = testclient.SMPP

const (
	cmdBindRX  = testclient.CmdBindRX
	cmdBindTX  = testclient.CmdBindTX
	cmdBindTRX = testclient.CmdBindTRX
	cmdQuery   = testclient.CmdQuery
	cmdCancel  = testclient.CmdCancel
	cmdResp    = testclient.CmdResp
)

var (
	cstr      = testclient.CStr
	receiptID = testclient.ReceiptID
)

func dialSMPP(t *testing.T, addr string) *smppClient { return testclient.DialSMPP(t, addr) }

// ---- UCP/EMI ----

type ucpClient struct {
	t   *testing.T
	c   net.Conn
	r   *bufio.Reader
	trn int
}

func dialUCP(t *testing.T, addr string) *ucpClient {
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return &ucpClient{t: t, c: c, r: bufio.NewReader(c)}
}

func (u *ucpClient) op(ot int, fields ...string) {
	bs := make([][]byte, len(fields))
	for i, f := range fields {
		bs[i] = []byte(f)
	}
	u.trn = (u.trn + 1) % 100
	b, err := ucp.AppendFrame(nil, u.trn, ucp.Operation, ot, bs...)
	require.NoError(u.t, err)
	_, err = u.c.Write(b)
	require.NoError(u.t, err)
}

func (u *ucpClient) read(timeout time.Duration) (*ucp.Frame, error) {
	u.c.SetReadDeadline(time.Now().Add(timeout))
	if _, err := u.r.ReadString(ucp.STX); err != nil {
		return nil, err
	}
	s, err := u.r.ReadString(ucp.ETX)
	if err != nil {
		return nil, err
	}
	f := new(ucp.Frame)
	require.NoError(u.t, f.Parse([]byte(strings.TrimSuffix(s, "\x03"))))
	return f, nil
}

func (u *ucpClient) next() *ucp.Frame {
	u.t.Helper()
	for {
		f, err := u.read(5 * time.Second)
		require.NoError(u.t, err)
		if f.Kind == ucp.Operation && f.OT == 31 {
			continue
		}
		return f
	}
}

// login sends an OT 60 and returns the result's first field ("A" or "N")
// and the EC of a negative one.
func (u *ucpClient) login(user, pw string) (string, string) {
	u.op(60, user, "6", "5", "1", strings.ToUpper(hex.EncodeToString([]byte(pw))), "", "0100", "", "", "", "", "")
	f := u.next()
	require.Equal(u.t, 60, f.OT)
	return string(f.Fields[0]), string(f.Fields[1])
}

// submit sends a 51 and returns the result's fields.
func (u *ucpClient) submit(from, to, text string, nrq bool) []string {
	nt := ""
	if nrq {
		nt = "3"
	}
	return u.submitNT(from, to, text, nt)
}

// submitNT is submit with NRq 1 and notification type nt ("" = NRq 0).
func (u *ucpClient) submitNT(from, to, text, nt string) []string {
	f := make([]string, ucp.Fields5x)
	f[ucp.F5xAdC], f[ucp.F5xOAdC], f[ucp.F5xMT] = to, from, "3"
	f[ucp.F5xMsg] = strings.ToUpper(hex.EncodeToString([]byte(text)))
	if nt != "" {
		f[ucp.F5xNRq], f[ucp.F5xNT] = "1", nt
	}
	u.op(51, f...)
	r := u.next()
	require.Equal(u.t, 51, r.OT)
	out := make([]string, len(r.Fields))
	for i, b := range r.Fields {
		out[i] = string(b)
	}
	return out
}

// nextOp reads the next 52 or 53 and acknowledges it.
func (u *ucpClient) nextOp(ot int) *ucp.Frame {
	u.t.Helper()
	f := u.next()
	require.Equal(u.t, ucp.Operation, f.Kind)
	require.Equal(u.t, ot, f.OT)
	b, err := ucp.AppendACK(nil, f.TRN, f.OT, nil, nil)
	require.NoError(u.t, err)
	u.c.Write(b)
	return f
}

func ucpText(f *ucp.Frame) string {
	b, _ := hex.DecodeString(string(f.Fields[ucp.F5xMsg]))
	return string(b)
}

// ---- CIMD2 ----

type cimdClient struct {
	t  *testing.T
	c  net.Conn
	r  *bufio.Reader
	no int
}

func dialCIMD2(t *testing.T, addr string) *cimdClient {
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return &cimdClient{t: t, c: c, r: bufio.NewReader(c), no: -1}
}

func (m *cimdClient) send(op, number int, params ...any) {
	b := cimd2.AppendHeader(nil, op, number)
	for i := 0; i < len(params); i += 2 {
		b = cimd2.AppendParamString(b, params[i].(int), params[i+1].(string))
	}
	b = cimd2.AppendTrailer(b, 0)
	_, err := m.c.Write(b)
	require.NoError(m.t, err)
}

func (m *cimdClient) request(op int, params ...any) {
	m.no += 2
	m.send(op, m.no%256, params...)
}

func (m *cimdClient) read(timeout time.Duration) (*cimd2.Packet, error) {
	m.c.SetReadDeadline(time.Now().Add(timeout))
	if _, err := m.r.ReadString(cimd2.STX); err != nil {
		return nil, err
	}
	s, err := m.r.ReadString(cimd2.ETX)
	if err != nil {
		return nil, err
	}
	p := new(cimd2.Packet)
	require.NoError(m.t, cimd2.Parse([]byte("\x02"+s), p), s)
	return p, nil
}

func (m *cimdClient) next() *cimd2.Packet {
	m.t.Helper()
	for {
		p, err := m.read(5 * time.Second)
		require.NoError(m.t, err)
		if p.Op == cimd2.OpAlive {
			m.send(cimd2.OpAliveResponse, p.Number)
			continue
		}
		return p
	}
}

func get(p *cimd2.Packet, code int) string {
	v, _ := p.Get(code)
	return string(v)
}

// login returns the 900 error code of the answer ("" when accepted).
func (m *cimdClient) login(user, pw string) string {
	m.request(cimd2.OpLogin, cimd2.ParamUserIdentity, user, cimd2.ParamPassword, pw)
	p := m.next()
	require.Contains(m.t, []int{cimd2.OpLoginResponse, cimd2.OpNack}, p.Op)
	return get(p, cimd2.ParamErrorCode)
}

// submit returns the answer (53 with 060, or 53 with 900).
func (m *cimdClient) submit(from, to, text string, report bool) *cimd2.Packet {
	srr := ""
	if report {
		srr = "14"
	}
	return m.submitSRR(from, to, text, srr)
}

// submitSRR is submit with status report request (056) srr ("" = none).
func (m *cimdClient) submitSRR(from, to, text, srr string) *cimd2.Packet {
	params := []any{cimd2.ParamDestinationAddress, to, cimd2.ParamOriginatingAddress, from, cimd2.ParamUserData, text}
	if srr != "" {
		params = append(params, cimd2.ParamStatusReportRequest, srr)
	}
	m.request(cimd2.OpSubmit, params...)
	p := m.next()
	require.Equal(m.t, cimd2.OpSubmitResponse, p.Op)
	return p
}

// nextOp reads the next 20 or 23 and answers it.
func (m *cimdClient) nextOp(op int) *cimd2.Packet {
	m.t.Helper()
	p := m.next()
	require.Equal(m.t, op, p.Op)
	m.send(op+cimd2.OpResponse, p.Number)
	return p
}
