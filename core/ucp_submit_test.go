package core

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// ucpReasmSMSC answers every part with SCTS = base + TRN seconds.
type ucpReasmSMSC struct {
	received   chan *UcpSubmitMessageReceivedEventArgs
	completed  chan *UcpSubmitMessageCompletedEventArgs
	incomplete chan *UcpSubmitMessageIncompleteEventArgs
}

var ucpReasmBase = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func newUCPReasm(t *testing.T, ext string) (*ucpReasmSMSC, *UCPServer, string) {
	r := &ucpReasmSMSC{
		received:   make(chan *UcpSubmitMessageReceivedEventArgs, 16),
		completed:  make(chan *UcpSubmitMessageCompletedEventArgs, 16),
		incomplete: make(chan *UcpSubmitMessageIncompleteEventArgs, 16),
	}
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				r.received <- e
				ts := ucpReasmBase.Add(time.Duration(e.TransactionNumber) * time.Second)
				require.Equal(t, OK, s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", ts, 0, ""))
			},
			OnUcpSubmitMessageCompleted:  func(e *UcpSubmitMessageCompletedEventArgs) { r.completed <- e },
			OnUcpSubmitMessageIncomplete: func(e *UcpSubmitMessageIncompleteEventArgs) { r.incomplete <- e },
		}
	}, ext)
	return r, srv, addr
}

func ucpConcatXSer(ref, total, seq int) string {
	return fmt.Sprintf("0106050003%02X%02X%02X", ref, total, seq)
}

func ucpTS(trn int) time.Time { return ucpReasmBase.Add(time.Duration(trn) * time.Second) }

func TestUCPReassemblyOutOfOrderWithDuplicate(t *testing.T) {
	r, _, addr := newUCPReasm(t, "")
	c := dialUCP(t, addr)
	c.login()
	part := func(trn, seq int, txt string) {
		fields := ucpSubmit51Fields("4412345", "1234", txt, ucpConcatXSer(0x42, 3, seq))
		if seq == 1 { // like Kannel: the report is asked for on the first part only
			fields[ucp.F5xNRq], fields[ucp.F5xNT] = "1", "3"
		}
		c.sendOp(trn, ucp.Operation, 51, fields...)
		f := c.readFrame(5 * time.Second)
		require.Equal(t, trn, f.TRN)
		require.Equal(t, []string{"A", "", "4412345:" + ucpTS(trn).Format("020106150405")}, ucpFieldStrings(f))
	}
	part(11, 3, "ccc")
	part(12, 1, "aaa")
	part(13, 1, "aaa") // duplicate: answered, ignored by the reassembly
	part(14, 2, "bbb")
	for i := 0; i < 4; i++ {
		e := recv(t, r.received, 5*time.Second, "part")
		require.Equal(t, strings.ToUpper(ucpConcatXSer(0x42, 3, []int{3, 1, 1, 2}[i])[4:]), e.UserDataHeader)
	}
	ce := recv(t, r.completed, 5*time.Second, "completed")
	require.Equal(t, "aaabbbccc", ce.Content)
	require.Equal(t, "", ce.UserDataHeader, "concatenation IE stripped")
	require.Equal(t, []uint32{12, 14, 11}, ce.TransactionNumbers)
	require.Equal(t, []time.Time{ucpTS(12), ucpTS(14), ucpTS(11)}, ce.TimeStamps)
	require.Equal(t, uint32(12), ce.TransactionNumber)
	require.Equal(t, "4412345", ce.Destination)
	require.Equal(t, "1234", ce.Originator)
	require.Equal(t, sms.SoRequestStatusReport, ce.Options, "from part 1, although part 2 arrived last")
	require.Equal(t, "ucp.OT=51;ucp.NRq=1;ucp.NT=3;ucp.XSer="+ucpConcatXSer(0x42, 3, 1), ce.ExtendedParameters)
	select {
	case e := <-r.completed:
		t.Fatalf("completed twice: %+v", e)
	case <-time.After(50 * time.Millisecond):
	}

	// A UDH with another IE keeps it in the completed message; UCS-2 parts
	// (MT 4 + XSer DCS 08) are joined before decoding, so a surrogate pair
	// cut between parts still decodes.
	text := "😀 Привет"
	u := utf16.Encode([]rune(text))
	raw := make([]byte, 0, 2*len(u))
	for _, x := range u {
		raw = append(raw, byte(x>>8), byte(x))
	}
	cut := 2 // inside the surrogate pair of 😀
	for i, chunk := range [][]byte{raw[:cut], raw[cut:]} {
		f := make([]string, ucp.Fields5x)
		f[ucp.F5xAdC], f[ucp.F5xOAdC], f[ucp.F5xMT] = "4412345", "1234", "4"
		f[ucp.F5xNB] = fmt.Sprintf("%04d", 8*len(chunk))
		f[ucp.F5xMsg] = strings.ToUpper(hex.EncodeToString(chunk))
		f[ucp.F5xXSer] = fmt.Sprintf("010C0B05040B8423F0000307%02X%02X", 2, i+1) + "020108"
		c.sendOp(20+i, ucp.Operation, 51, f...)
		c.readFrame(5 * time.Second)
		e := recv(t, r.received, 5*time.Second, "ucs2 part")
		require.Equal(t, sms.EtUCS2Text, e.Encoding)
	}
	ce = recv(t, r.completed, 5*time.Second, "ucs2 completed")
	require.Equal(t, text, ce.Content)
	require.Equal(t, sms.EtUCS2Text, ce.Encoding)
	require.Equal(t, "0605040B8423F0", ce.UserDataHeader)
	require.Equal(t, []uint32{20, 21}, ce.TransactionNumbers)
}

func TestUCPReassemblyMissingPart(t *testing.T) {
	r, _, addr := newUCPReasm(t, "reassembly-timeout=0.3")
	c := dialUCP(t, addr)
	c.login()
	for _, p := range []struct{ trn, seq int }{{31, 1}, {33, 3}} {
		c.sendOp(p.trn, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "x", ucpConcatXSer(7, 3, p.seq))...)
		c.readFrame(5 * time.Second)
	}
	x := recv(t, r.incomplete, 5*time.Second, "incomplete")
	require.Equal(t, int32(3), x.Total)
	require.Equal(t, int32(2), x.Received)
	require.Equal(t, uint16(7), x.Reference)
	require.Equal(t, "4412345", x.Destination)
	require.Equal(t, "1234", x.Originator)
	require.Equal(t, []uint32{31, 33}, x.TransactionNumbers)
	require.Equal(t, []time.Time{ucpTS(31), ucpTS(33)}, x.TimeStamps)

	// The connection ending drops what is waiting, reported the same way.
	c.sendOp(40, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "y", ucpConcatXSer(8, 2, 1))...)
	c.readFrame(5 * time.Second)
	c.nc.Close()
	x = recv(t, r.incomplete, 5*time.Second, "incomplete at close")
	require.Equal(t, []uint32{40}, x.TransactionNumbers)
	select {
	case e := <-r.completed:
		t.Fatalf("unexpected completion %+v", e)
	default:
	}
}
