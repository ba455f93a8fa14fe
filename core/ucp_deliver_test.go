package core

import (
	"encoding/hex"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// ucpDeliverSMSC logs every client in and records its ClientID and the
// results of deliveries.
type ucpDeliverSMSC struct {
	srv   *UCPServer
	ids   chan int32
	resps chan *UcpDeliverResponseReceivedEventArgs
}

func newUCPDeliverSMSC(t *testing.T, ext string) (*ucpDeliverSMSC, string) {
	d := &ucpDeliverSMSC{ids: make(chan int32, 4), resps: make(chan *UcpDeliverResponseReceivedEventArgs, 16)}
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) {
				s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
				d.ids <- e.ClientID
			},
			OnUcpDeliverResponseReceived: func(e *UcpDeliverResponseReceivedEventArgs) { d.resps <- e },
		}
	}, ext)
	d.srv = srv
	return d, addr
}

func (d *ucpDeliverSMSC) client(t *testing.T, addr string) (*ucpClient, int32) {
	c := dialUCP(t, addr)
	c.login()
	return c, recv(t, d.ids, 5*time.Second, "login")
}

func TestUCPDeliverMatchesSpecVectors(t *testing.T) {
	d, addr := newUCPDeliverSMSC(t, "")
	// UCP vector 7 (the spec's DCs=0 given as an extra field).
	c, id := d.client(t, addr)
	trns, code := d.srv.UcpSendDeliverMessage(id, 0, "076523578", "07686745", "Call you back later.", sms.Et7BitText, "", 0,
		time.Date(1996, 3, 12, 11, 10, 55, 0, time.UTC), "ucp.DCs=0")
	require.Equal(t, OK, code)
	require.Equal(t, []uint32{0}, trns)
	require.Equal(t, ucpSpecDeliver52, c.readText(5*time.Second))
	// Kannel's answer (UCP vector 18) and a NACK reach the host.
	c.sendOp(0, ucp.Result, 52, "A", "", "") // Kannel's "A///"
	c.sendOp(0, ucp.Result, 52, "A", "", "076567:010196010101")
	c.sendOp(0, ucp.Result, 52, "N", "01", "")
	r := recv(t, d.resps, 5*time.Second, "response")
	require.Equal(t, UcpDeliverResponseReceivedEventArgs{ClientID: id, TransactionNumber: 0, OperationType: 52}, *r)
	r = recv(t, d.resps, 5*time.Second, "response")
	require.Equal(t, "076567:010196010101", r.ErrorMessage)
	require.Equal(t, uint32(0), r.ErrorCode)
	r = recv(t, d.resps, 5*time.Second, "response")
	require.Equal(t, uint32(1), r.ErrorCode)

	// UCP vector 9: the status report, byte for byte.
	c2, id2 := d.client(t, addr)
	code = d.srv.UcpSendDeliverStatusReport(id2, 0, time.Date(1996, 1, 9, 16, 10, 57, 0, time.UTC), "3155555", "1299998",
		1, 108, time.Date(1996, 1, 9, 16, 11, 5, 0, time.UTC), "")
	require.Equal(t, OK, code)
	require.Equal(t, ucpSpecNotify53, c2.readText(5*time.Second))
	c2.sendOp(0, ucp.Result, 53, "A", "", "")
	r = recv(t, d.resps, 5*time.Second, "53 response")
	require.Equal(t, uint32(53), r.OperationType)
	require.Equal(t, id2, r.ClientID)
}

func TestUCPDeliverLongUCS2(t *testing.T) {
	d, addr := newUCPDeliverSMSC(t, "")
	c, id := d.client(t, addr)
	content := strings.Repeat("Ж", 150)
	trns, code := d.srv.UcpSendDeliverMessage(id, 98, "1234", "Alpha", content, sms.EtUCS2Text, "", sms.SoRequestStatusReport,
		time.Date(2026, 11, 21, 23, 19, 6, 0, time.UTC), "")
	require.Equal(t, OK, code)
	// 100 is no TRN: that part goes under the next free one.
	require.Equal(t, []uint32{98, 99, 100}, trns, "the host's identifiers")
	var got []uint16
	var ref string
	var wire []int
	for i, n := range []int{67, 67, 16} {
		f := c.readFrame(5 * time.Second)
		if i < 2 {
			require.Equal(t, int(trns[i]), f.TRN)
		}
		wire = append(wire, f.TRN)
		require.Equal(t, ucp.Operation, f.Kind)
		require.Equal(t, 52, f.OT)
		var m ucp.Msg5x
		require.NoError(t, m.Decode(f))
		require.Equal(t, "1234", string(m.F[ucp.F5xAdC]))
		require.Equal(t, "0941361C1D06", string(m.F[ucp.F5xOAdC]))
		require.Equal(t, "5039", string(m.F[ucp.F5xOTOA]))
		require.Equal(t, "1", string(m.F[ucp.F5xNRq]))
		require.Equal(t, "3", string(m.F[ucp.F5xNT]))
		require.Equal(t, "211126231906", string(m.F[ucp.F5xSCTS]))
		require.Equal(t, "4", string(m.F[ucp.F5xMT]))
		require.Equal(t, fmt.Sprintf("%04d", 16*n), string(m.F[ucp.F5xNB]))
		xser := string(m.F[ucp.F5xXSer])
		require.Len(t, xser, 16+6)
		require.Equal(t, "0106050003", xser[:10])
		if i == 0 {
			ref = xser[10:12]
		}
		require.Equal(t, ref+fmt.Sprintf("03%02X", i+1)+"020108", xser[10:])
		data, err := hex.DecodeString(string(m.F[ucp.F5xMsg]))
		require.NoError(t, err)
		require.Len(t, data, 2*n)
		for j := 0; j < len(data); j += 2 {
			got = append(got, uint16(data[j])<<8|uint16(data[j+1]))
		}
		// Every other field is empty.
		for fi, v := range m.F {
			switch fi {
			case ucp.F5xAdC, ucp.F5xOAdC, ucp.F5xOTOA, ucp.F5xNRq, ucp.F5xNT, ucp.F5xSCTS, ucp.F5xMT, ucp.F5xNB, ucp.F5xMsg, ucp.F5xXSer:
			default:
				require.Empty(t, v, ucp.Names5x[fi])
			}
		}
	}
	require.Equal(t, content, string(utf16.Decode(got)))
	for i, trn := range trns { // answered under the wire TRN, reported with the host's
		c.sendOp(wire[i], ucp.Result, 52, "A", "", "")
		require.Equal(t, trn, recv(t, d.resps, 5*time.Second, "response").TransactionNumber)
	}

	// Library numbering continues from its own counter; "+digits" senders
	// get OTOA 1139; flash GSM text carries its DCS in XSer and MCLs 0.
	trns, code = d.srv.UcpSendDeliverMessage(id, 0, "1234", "+4412345", "Hi {you}", sms.Et7BitText, "", sms.SoDirectDisplay, time.Time{}, "ucp.PR=1;ucp.XSer=0D0101")
	require.Equal(t, OK, code)
	require.Equal(t, []uint32{1}, trns, "00 went to the part numbered 100 above")
	f := c.readFrame(5 * time.Second)
	require.Equal(t, 1, f.TRN)
	var m ucp.Msg5x
	require.NoError(t, m.Decode(f))
	require.Equal(t, "4412345", string(m.F[ucp.F5xOAdC]))
	require.Equal(t, "1139", string(m.F[ucp.F5xOTOA]))
	require.Equal(t, "3", string(m.F[ucp.F5xMT]))
	require.Equal(t, "", string(m.F[ucp.F5xNB]))
	require.Equal(t, "486920"+"1B28"+"796F75"+"1B29", string(m.F[ucp.F5xMsg]))
	require.Equal(t, "0", string(m.F[ucp.F5xMCLs]))
	require.Equal(t, "1", string(m.F[ucp.F5xPR]))
	require.Equal(t, "0201100D0101", string(m.F[ucp.F5xXSer]))
	require.Len(t, string(m.F[ucp.F5xSCTS]), 12)
}

func TestUCPDeliverArgumentsAndState(t *testing.T) {
	d, addr := newUCPDeliverSMSC(t, "")
	// Not logged in yet: wrong state. The handler stays installed for the
	// next connection too, so it records only the first one.
	var first atomic.Int32
	d.srv.UpdateHandlers(func(h *UCPHandlers) {
		h.OnTcpConnected = func(e *TcpConnectedEventArgs) {
			first.CompareAndSwap(0, e.ClientID)
			d.srv.TcpAcceptConnection(e.ClientID)
		}
	})
	c0 := dialUCP(t, addr)
	c0.sendText(ucpKannelAlive)
	c0.readText(5 * time.Second)
	pre := first.Load()
	_, code := d.srv.UcpSendDeliverMessage(pre, 0, "1", "2", "x", sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrWrongState, code)
	require.Equal(t, ErrWrongState, d.srv.UcpSendDeliverStatusReport(pre, 0, time.Now(), "1", "2", 0, 0, time.Time{}, ""))

	_, id := d.client(t, addr)
	send := func(trn uint32, dst, org, content string, enc sms.Encoding, udh string, opts sms.SubmitOption, ext string) Code {
		_, code := d.srv.UcpSendDeliverMessage(id, trn, dst, org, content, enc, udh, opts, time.Time{}, ext)
		return code
	}
	require.Equal(t, ErrInvalidArgument, send(0, "1", "2", "x", sms.Encoding(99), "", 0, ""))
	require.Equal(t, ErrInvalidArgument, send(0, "", "2", "x", sms.Et7BitText, "", 0, ""))
	require.Equal(t, ErrInvalidArgument, send(0, "1/2", "2", "x", sms.Et7BitText, "", 0, ""))
	require.Equal(t, ErrInvalidArgument, send(0, "1", "2", "x", sms.Et7BitText, "0500", 0, ""))
	require.Equal(t, ErrInvalidArgument, send(0, "1", "2", "x", sms.Et7BitText, "", 1<<20, ""))
	require.Equal(t, ErrInvalidArgument, send(0, "1", "2", "x", sms.Et7BitText, "", 0, "ucp.PR=a/b"))
	require.Equal(t, ErrInvalidArgument, send(0, "1", "2", "x", sms.Et7BitText, "", 0, "ucp.XSer=01"))
	require.Equal(t, ErrInvalidArgument, send(0, "1", "2", "x", sms.Et7BitText, "", 0, "long-messages=bogus"))
	require.Equal(t, ErrInvalidArgument, send(0, "1", "2", "x", sms.Et7BitText, "", 0, "ucp.long-messages=bogus"),
		"the key may carry the protocol prefix")
	require.Equal(t, ErrContentTooLong, send(0, "1", "TwelveLetter", "x", sms.Et7BitText, "", 0, ""))
	require.Equal(t, ErrEncodingFailed, send(0, "1", "2", "日本", sms.Et7BitText, "", 0, ""))
	trns, parts, code := d.srv.UcpSendDeliverMessageMaxParts(1, id, 0, "1", "2", strings.Repeat("x", 400), sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrBufferTooSmall, code)
	require.Equal(t, 3, parts)
	require.Empty(t, trns)
	_, code = d.srv.UcpSendDeliverMessage(9999, 0, "1", "2", "x", sms.Et7BitText, "", 0, time.Time{}, "")
	require.Equal(t, ErrUnknownClient, code)

	now := time.Now()
	require.Equal(t, ErrInvalidArgument, d.srv.UcpSendDeliverStatusReport(id, 0, time.Time{}, "1", "2", 0, 0, now, ""))
	require.Equal(t, ErrInvalidArgument, d.srv.UcpSendDeliverStatusReport(id, 0, now, "1", "2", 3, 0, now, ""))
	require.Equal(t, ErrInvalidArgument, d.srv.UcpSendDeliverStatusReport(id, 0, now, "1", "2", 2, 1000, now, ""))
	require.Equal(t, ErrEncodingFailed, d.srv.UcpSendDeliverStatusReport(id, 0, now, "1", "2", 0, 0, now, "text=日本"))
}

// A Kannel-like round trip: the SCTS of the 51's ACK comes back in the
// Completed event and identifies the message in the 53 (Kannel matches
// SCTS and OAdC = the recipient).
func TestUCPStatusReportForSubmittedMessage(t *testing.T) {
	completed := make(chan *UcpSubmitMessageCompletedEventArgs, 1)
	srv, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Date(2026, 11, 21, 23, 19, 6, 0, time.UTC), 0, "")
			},
			OnUcpSubmitMessageCompleted: func(e *UcpSubmitMessageCompletedEventArgs) { completed <- e },
		}
	}, "")
	c := dialUCP(t, addr)
	c.login()
	c.sendText(ucpKannelText51)
	require.Equal(t, "02/00040/R/51/A//4412345:211126231906/9B", c.readText(5*time.Second))
	e := recv(t, completed, 5*time.Second, "completed")
	done := time.Date(2026, 11, 21, 23, 20, 0, 0, time.UTC)
	require.Equal(t, OK, srv.UcpSendDeliverStatusReport(e.ClientID, 0, e.TimeStamps[0], e.Destination, e.Originator, 0, 0, done, ""))
	f := c.readFrame(5 * time.Second)
	require.Equal(t, 53, f.OT)
	var m ucp.Msg5x
	require.NoError(t, m.Decode(f))
	require.Equal(t, "1234", string(m.F[ucp.F5xAdC]), "the original sender receives the notification")
	require.Equal(t, "4412345", string(m.F[ucp.F5xOAdC]), "the original recipient")
	require.Equal(t, "211126231906", string(m.F[ucp.F5xSCTS]), "the SCTS of the 51's ACK")
	require.Equal(t, "0", string(m.F[ucp.F5xDst]))
	require.Equal(t, "", string(m.F[ucp.F5xRsn]))
	require.Equal(t, "211126232000", string(m.F[ucp.F5xDSCTS]))
	require.Equal(t, "3", string(m.F[ucp.F5xMT]))
	txt, _ := hex.DecodeString(string(m.F[ucp.F5xMsg]))
	require.Equal(t, "Message for 4412345, with identification 261121231906 has been delivered on 2026-11-21 at 23:20:00", string(txt))

	// Not delivered, with the host's own text.
	require.Equal(t, OK, srv.UcpSendDeliverStatusReport(e.ClientID, 5, e.TimeStamps[0], e.Destination, e.Originator, 2, 107, done, "text=Absent subscriber"))
	f = c.readFrame(5 * time.Second)
	require.Equal(t, 5, f.TRN)
	require.NoError(t, m.Decode(f))
	require.Equal(t, "2", string(m.F[ucp.F5xDst]))
	require.Equal(t, "107", string(m.F[ucp.F5xRsn]))
	require.Equal(t, ucpHex("Absent subscriber"), string(m.F[ucp.F5xMsg]))
}
