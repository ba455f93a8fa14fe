package core

import (
	"encoding/hex"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// SMPP vectors from docs/test-vectors.md (cloudhopper / gosmpp), sent over TCP.

func TestSubmitMultiAndUnsuccessfulDestinations(t *testing.T) {
	got := make(chan *SmppSubmitMessageReceivedEventArgs, 2)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s), OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) { got <- e }}
	}, "")
	c := bindRaw(t, addr, 0x09)
	// SMPP vector 20 with priority 0 (the vector's 0x3d is outside 0..3).
	body := "61626300 1c 1d 416c69636572 00 03 01 00 00 426f623100 02 4c6973743100 02 4c6973743200 0d 63 00 00 00 53 00 08 00 06 004100420043"
	c.write(pduHex(0x21, 0, 13, body))
	e := recv(t, got, 5*time.Second, "submit_multi")
	require.Equal(t, "Bob1;List1;List2", e.Destination)
	require.Equal(t, "ABC", e.Content)
	require.Equal(t, sms.EtUCS2Text, e.Encoding)
	require.Contains(t, e.ExtendedParameters, "smpp.command=submit_multi")
	require.Contains(t, e.ExtendedParameters, "smpp.dest_flags=1,2,2")
	require.Equal(t, OK, srv.SmppSendSubmitMultiMessageResponse(e.ClientID, 13, 0, "football", "Bob1:0x13"))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000021), p.cmd)
	require.Equal(t, "666f6f7462616c6c00 01 000042 6f623100 00000013", spaced(p.body, "666f6f7462616c6c00 01 000042 6f623100 00000013"))
}

// spaced formats b as hex with spaces where the template has them.
func spaced(b []byte, template string) string {
	h := hex.EncodeToString(b)
	var out strings.Builder
	i := 0
	for _, r := range template {
		if r == ' ' {
			out.WriteByte(' ')
			continue
		}
		if i < len(h) {
			out.WriteByte(h[i])
			i++
		}
	}
	out.WriteString(h[i:])
	return out.String()
}

func TestDataSMAnsweredWithDataSMResp(t *testing.T) {
	got := make(chan *SmppSubmitMessageReceivedEventArgs, 2)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s), OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) { got <- e }}
	}, "")
	c := bindRaw(t, addr, 0x09)
	// SMPP vector 16: data_sm with message_payload "Test".
	c.write(pduHex(0x103, 0, 16, "00 01 01 3535353237313030303000 00 01 3936393500 00 01 00 0424 0004 54657374"))
	e := recv(t, got, 5*time.Second, "data_sm")
	require.Equal(t, "Test", e.Content)
	require.Equal(t, "5552710000", e.Originator)
	require.Contains(t, e.ExtendedParameters, "smpp.command=data_sm")
	require.Contains(t, e.ExtendedParameters, "smpp.tlv.message_payload=54657374")
	require.Equal(t, OK, srv.SmppSendSubmitMessageResponse(e.ClientID, 16, 0, "d1", false))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000103), p.cmd)
	require.Equal(t, "d1\x00", string(p.body))
}

func TestQueryCancelReplaceTypedAndRAW(t *testing.T) {
	q := make(chan *SmppQueryReceivedEventArgs, 1)
	cn := make(chan *SmppCancelReceivedEventArgs, 1)
	rp := make(chan *SmppReplaceReceivedEventArgs, 1)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived:   acceptAll(&s),
			OnSmppQueryReceived:   func(e *SmppQueryReceivedEventArgs) { q <- e },
			OnSmppCancelReceived:  func(e *SmppCancelReceivedEventArgs) { cn <- e },
			OnSmppReplaceReceived: func(e *SmppReplaceReceivedEventArgs) { rp <- e },
		}
	}, "")
	c := bindRaw(t, addr, 0x09)
	c.write(pduHex(0x03, 0, 0x4fe8, "313233343500 01 01 343034303400")) // SMPP vector 17
	e := recv(t, q, 5*time.Second, "query")
	require.Equal(t, "12345", e.MessageID)
	require.Equal(t, "40404", e.Originator)
	final := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	require.Equal(t, OK, srv.SmppSendQueryResponse(e.ClientID, e.SequenceNumber, 0, "12345", final, MsAccepted, 0))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000003), p.cmd)
	require.Equal(t, "12345\x00261121120000000+\x00\x06\x00", string(p.body))

	c.write(pduHex(0x08, 0, 0x4fe9, "00 313233343500 01 01 343034303400 01 01 343439353133363139323000")) // SMPP vector 18
	ce := recv(t, cn, 5*time.Second, "cancel")
	require.Equal(t, "44951361920", ce.Destination)
	require.Equal(t, OK, srv.SmppSendCancelResponse(ce.ClientID, ce.SequenceNumber, 0))
	require.Equal(t, uint32(0x80000008), c.read(5*time.Second).cmd)

	c.write(pduHex(0x07, 0, 0x4fea, "6d73672d313233343500 01 01 3535353237313030303000 3135303230333034303530363730382b00 30313032303330343035303630303052 00 01 02 04 74657874")) // SMPP vector 19
	re := recv(t, rp, 5*time.Second, "replace")
	require.Equal(t, "msg-12345", re.MessageID)
	require.Equal(t, "74657874", re.Content)
	require.NotZero(t, re.Options&sms.SoValidityPeriodRelative)
	require.NotZero(t, re.Options&sms.SoDeliveryTimeAbsolute)
	require.Equal(t, 2015, re.DeliveryTime.UTC().Year())
	require.Equal(t, OK, srv.SmppSendReplaceResponse(re.ClientID, re.SequenceNumber, 0x13))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000007), p.cmd)
	require.Equal(t, uint32(0x13), p.status)

	// Without typed handlers, the same requests arrive as RAW.
	raw := make(chan *SmppRAWReceivedEventArgs, 2)
	srv.UpdateHandlers(func(h *SMPPHandlers) {
		h.OnSmppQueryReceived = nil
		h.OnSmppRAWReceived = func(e *SmppRAWReceivedEventArgs) { raw <- e }
	})
	c.write(pduHex(0x03, 0, 0x5000, "313233343500 01 01 343034303400"))
	r := recv(t, raw, 5*time.Second, "raw query")
	require.Equal(t, uint32(0x03), r.CommandID)
	require.Equal(t, "3132333435000101343034303400", r.Payload)
	require.Equal(t, OK, srv.SmppSendRAW(r.ClientID, r.SequenceNumber, 0x80000003, 0, "313233343500 00 02 00"))
	p = c.read(5 * time.Second)
	require.Equal(t, uint32(0x80000003), p.cmd)
	require.Equal(t, uint32(0x5000), p.seq)
	require.Equal(t, ErrNotPending, srv.SmppSendQueryResponse(r.ClientID, r.SequenceNumber, 0, "", time.Time{}, MsDelivered, 0), "the RAW answer counted")
	require.Equal(t, ErrInvalidArgument, srv.SmppSendRAW(r.ClientID, 1, 0x15, 0, "zz"))
}

func TestTraceSeesBothDirections(t *testing.T) {
	tr := make(chan *SmppTraceProtocolEventArgs, 16)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s), OnSmppTraceProtocol: func(e *SmppTraceProtocolEventArgs) { tr <- e }}
	}, "")
	c := bindRaw(t, addr, 0x09)
	c.write(pduHex(0x15, 0, 0x0a342ee7, ""))
	c.read(5 * time.Second)
	var in, out []*SmppTraceProtocolEventArgs
	for len(in)+len(out) < 4 {
		e := recv(t, tr, 5*time.Second, "trace")
		if strings.HasPrefix(e.ToAddress, "127.0.0.1:"+strings.Split(addr, ":")[1]) {
			in = append(in, e)
		} else {
			out = append(out, e)
		}
	}
	require.Len(t, in, 2)
	require.Len(t, out, 2)
	require.Equal(t, uint32(0x15), in[1].Operation)
	require.Equal(t, "000000100000001500000000"+"0A342EE7", in[1].PDU) // SMPP vector 6
	require.Equal(t, uint32(0x80000015), out[1].Operation)
	require.Equal(t, uint32(0x0a342ee7), out[1].OperationType)
}

func TestSARReassemblyAndIncompleteTimeout(t *testing.T) {
	done := make(chan *SmppSubmitMessageCompletedEventArgs, 2)
	inc := make(chan *SmppSubmitMessageIncompleteEventArgs, 2)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "x", false)
			},
			OnSmppSubmitMessageCompleted:  func(e *SmppSubmitMessageCompletedEventArgs) { done <- e },
			OnSmppSubmitMessageIncomplete: func(e *SmppSubmitMessageIncompleteEventArgs) { inc <- e },
		}
	}, "reassembly-timeout=0.5")
	c := bindRaw(t, addr, 0x09)
	sar := func(ref, total, seq int, text string) string {
		return "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 00 00 " + hex.EncodeToString([]byte{byte(len(text))}) + hex.EncodeToString([]byte(text)) +
			" 020C0002" + hex.EncodeToString([]byte{byte(ref >> 8), byte(ref)}) + " 020E0001" + hex.EncodeToString([]byte{byte(total)}) +
			" 020F0001" + hex.EncodeToString([]byte{byte(seq)})
	}
	// Parts out of order with a duplicate.
	c.write(pduHex(0x04, 0, 3, sar(0x1234, 3, 3, "three")))
	c.write(pduHex(0x04, 0, 1, sar(0x1234, 3, 1, "one ")))
	c.write(pduHex(0x04, 0, 4, sar(0x1234, 3, 1, "one ")))
	c.write(pduHex(0x04, 0, 2, sar(0x1234, 3, 2, "two ")))
	e := recv(t, done, 5*time.Second, "completed")
	require.Equal(t, "one two three", e.Content)
	require.Equal(t, []uint32{1, 2, 3}, e.SequenceNumbers)
	// A part that never comes.
	c.write(pduHex(0x04, 0, 10, sar(7, 2, 1, "lonely")))
	x := recv(t, inc, 5*time.Second, "incomplete")
	require.Equal(t, uint16(7), x.Reference)
	require.Equal(t, int32(2), x.Total)
	require.Equal(t, int32(1), x.Received)
	require.Equal(t, []uint32{10}, x.SequenceNumbers)
	for i := 0; i < 5; i++ { // every part is answered, the duplicate too
		require.Equal(t, uint32(0x80000004), c.read(5*time.Second).cmd)
	}
}

func TestListenIPv6AndPortZero(t *testing.T) {
	s := NewSMPPServer()
	t.Cleanup(func() { s.Destroy(true, time.Second) })
	require.Equal(t, OK, s.SmppInitializeServer("", 0, ""))
	require.Equal(t, ErrAlreadyInit, s.SmppInitializeServer("", 0, ""))
	port := strconv.Itoa(s.LocalPort())
	for _, a := range []string{"127.0.0.1:" + port, "[::1]:" + port} {
		nc, err := net.DialTimeout("tcp", a, time.Second)
		if err != nil && strings.HasPrefix(a, "[") {
			t.Logf("IPv6 loopback unavailable here: %v", err)
			continue
		}
		require.NoError(t, err)
		nc.Close()
	}
	require.Equal(t, OK, s.SmppFinalizeServer())
	require.Equal(t, ErrNotInitialized, s.SmppFinalizeServer())
	require.Equal(t, ErrInvalidArgument, s.SmppInitializeServer("", 70000, ""))
	require.Equal(t, ErrInvalidArgument, s.SmppInitializeServer("", 0, "max-pdu-size=abc"))
}

func TestMaxConnections(t *testing.T) {
	_, addr := startSMPP(t, SMPPHandlers{}, "max-connections=1")
	a := dialRaw(t, addr)
	a.write(pduHex(0x15, 0, 1, ""))
	a.read(3 * time.Second)
	b := dialRaw(t, addr)
	b.expectClosed(3 * time.Second)
}

func TestReassemblyFullAnswersThrottled(t *testing.T) {
	got := make(chan uint32, 4)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				got <- e.SequenceNumber
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "x", false)
			},
			OnSmppSubmitMessageCompleted: func(*SmppSubmitMessageCompletedEventArgs) {},
		}
	}, "reassembly-max-messages=1")
	c := bindRaw(t, addr, 0x09)
	part := func(ref byte) string { // UDH 05 00 03 ref 02 01 + "AB"
		return "00 00 00 3100 00 00 3200 40 00 00 00 00 00 00 00 00 08 050003" + hex.EncodeToString([]byte{ref}) + "0201 4142"
	}
	c.write(pduHex(0x04, 0, 1, part(1)))
	require.Equal(t, uint32(0), c.read(5*time.Second).status)
	c.write(pduHex(0x04, 0, 2, part(2)))
	p := c.read(5 * time.Second)
	require.Equal(t, uint32(2), p.seq)
	require.Equal(t, uint32(0x58), p.status, "ESME_RTHROTTLED: the client retries later")
	require.Equal(t, uint32(1), recv(t, got, time.Second, "first part"))
	select {
	case s := <-got:
		t.Fatalf("refused part %d reached the host", s)
	default:
	}
}

// Kannel asks for a receipt on part 1 only (SMPP vector 12 in
// docs/test-vectors.md is part 2/2 with registered_delivery 0); the whole
// message must still ask, whatever order the parts arrive in.
func TestCompletedTakesHeaderFromFirstPart(t *testing.T) {
	done := make(chan *SmppSubmitMessageCompletedEventArgs, 1)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "x", false)
			},
			OnSmppSubmitMessageCompleted: func(e *SmppSubmitMessageCompletedEventArgs) { done <- e },
		}
	}, "")
	c := bindRaw(t, addr, 0x09)
	part := func(seq byte, regDel byte, text string) string {
		return "00 00 00 3100 00 00 3200 43 07 00 00 00 " + hex.EncodeToString([]byte{regDel}) + " 00 00 00 " +
			hex.EncodeToString([]byte{byte(6 + len(text))}) + "0500030902" + hex.EncodeToString([]byte{seq}) + hex.EncodeToString([]byte(text))
	}
	c.write(pduHex(0x04, 0, 2, part(2, 0, "world")))
	c.write(pduHex(0x04, 0, 1, part(1, 0x11, "hello ")))
	e := recv(t, done, 5*time.Second, "completed")
	require.Equal(t, "hello world", e.Content)
	require.Equal(t, []uint32{1, 2}, e.SequenceNumbers)
	require.Equal(t, uint32(1), e.SequenceNumber)
	require.Equal(t, uint8(0x11), e.RegisteredDelivery)
	require.NotZero(t, e.Options&sms.SoRequestStatusReport)
	require.Equal(t, uint8(7), e.ProtocolID)
}

func TestReceiptTextIsASCII(t *testing.T) {
	require.Equal(t, "id:1 sub:001 dlvrd:001 submit date:2611211030 done date:2611211030 stat:DELIVRD err:000 text:?????? ok",
		receiptText("1", 1, 1, time.Date(2026, 11, 21, 10, 30, 0, 0, time.UTC), time.Date(2026, 11, 21, 10, 30, 0, 0, time.UTC), MsDelivered, 0, "Привет ok"))
}
