package core

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/smpp"
)

// Delivery receipts as a client reads them off the socket: the stat: word of
// the receipt text (SMPP 3.4 Appendix B) for every message_state, and the
// receipt TLVs (SMPP 3.4 §5.2.19, §5.3.2.12, §5.3.2.31, §5.3.2.35) that a
// 3.4 client gets and a 3.3 client, which has no TLVs, must not.

var receiptSubmit = time.Date(2026, 11, 21, 10, 30, 0, 0, time.UTC)

// receiptStates is every MessageState with the stat: word a receipt parser
// expects. SCHEDULED and SKIPPED are SMPP 5.0 states with no word in 3.4's
// Appendix B; they keep seven letters like the others so parsers that scan
// a fixed-width word still line up. Values outside the enum are UNKNOWN in
// the text while message_state still carries the number given.
var receiptStates = []struct {
	state   MessageState
	word    string
	errCode int // non-zero adds network_error_code
}{
	{MsScheduled, "SCHEDUL", 0},
	{MsEnroute, "ENROUTE", 0},
	{MsDelivered, "DELIVRD", 0},
	{MsExpired, "EXPIRED", 27},
	{MsDeleted, "DELETED", 0},
	{MsUndeliverable, "UNDELIV", 1},
	{MsAccepted, "ACCEPTD", 0},
	{MsUnknown, "UNKNOWN", 0},
	{MsRejected, "REJECTD", 0x0100},
	{MsSkipped, "SKIPPED", 0},
	{MessageState(10), "UNKNOWN", 0},
	{MessageState(255), "UNKNOWN", 999},
}

func sendReceipt(h *esmeHarness, e *esme, seq uint32, state MessageState, errCode int, ext string) Code {
	return h.srv.SmppSendDeliverStatusReport(e.id, seq, "447700900123", 1, 1, "1234", 3, 0, RtFinal,
		fmt.Sprintf("msg-%d", seq), "CMT", 1, 1, receiptSubmit, receiptSubmit.Add(time.Minute), state, errCode, "Hello", ext)
}

func wantReceiptText(seq uint32, word string, errCode int) string {
	return fmt.Sprintf("id:msg-%d sub:001 dlvrd:001 submit date:2611211030 done date:2611211031 stat:%s err:%03d text:Hello",
		seq, word, errCode)
}

func TestReceiptStatWordAndTLVsForEveryState(t *testing.T) {
	h := newESMEHarness(t, "")
	for _, c := range []struct {
		name    string
		cmd     uint32
		version byte
	}{
		{"3.4 transceiver", cmdBindTransceiver, 0x34},
		{"3.4 receiver", cmdBindReceiver, 0x34},
		{"5.0 transceiver", cmdBindTransceiver, 0x50},
		{"3.3 receiver", cmdBindReceiver, 0x33},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := h.bind(t, c.cmd, c.version)
			for i, r := range receiptStates {
				seq := uint32(100 + i)
				require.Equal(t, OK, sendReceipt(h, e, seq, r.state, r.errCode, ""), "state %d", r.state)
				gotSeq, sm := e.deliver()
				require.Equal(t, seq, gotSeq)
				require.Equal(t, wantReceiptText(seq, r.word, r.errCode), string(sm.ShortMessage), "state %d", r.state)
				require.Equal(t, byte(0x04), sm.EsmClass, "SMSC delivery receipt")
				require.Equal(t, "CMT", string(sm.ServiceType))
				require.Equal(t, "1234", string(sm.SourceAddr), "the original recipient")
				require.Equal(t, [2]byte{3, 0}, [2]byte{sm.SourceAddrTON, sm.SourceAddrNPI})
				require.Equal(t, "447700900123", string(sm.DestinationAddr), "the original sender")
				require.Equal(t, [2]byte{1, 1}, [2]byte{sm.DestAddrTON, sm.DestAddrNPI})
				require.Equal(t, byte(0), sm.DataCoding, "receipt parsers read the text as the default alphabet")

				if c.version < 0x34 {
					require.Empty(t, sm.TLVs, "an SMPP 3.3 client has no TLVs")
					continue
				}
				want := []uint16{smpp.TagReceiptedMessageID, smpp.TagMessageState}
				if r.errCode != 0 {
					want = append(want, smpp.TagNetworkErrorCode)
				}
				require.Equal(t, want, tlvTags(sm.TLVs), "state %d", r.state)
				require.Equal(t, fmt.Sprintf("msg-%d\x00", seq), string(tlvValue(t, sm.TLVs, smpp.TagReceiptedMessageID)))
				require.Equal(t, []byte{byte(r.state)}, tlvValue(t, sm.TLVs, smpp.TagMessageState))
				if r.errCode != 0 {
					// network type 3 = GSM, then the error code (§5.3.2.31).
					require.Equal(t, []byte{3, byte(r.errCode >> 8), byte(r.errCode)}, tlvValue(t, sm.TLVs, smpp.TagNetworkErrorCode))
				}
			}
			e.requireNothingSent()
		})
	}
}

// The receipt's numeric fields are three digits wide whatever the host
// passes, the dates are UTC, the excerpt is cut at 20 characters, and an
// intermediate receipt is flagged as such.
func TestReceiptFieldsAndReportType(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	paris := time.FixedZone("UTC+2", 2*3600)
	code := h.srv.SmppSendDeliverStatusReport(e.id, 7, "447700900123", 1, 1, "1234", 3, 0, RtIntermediate,
		strings.Repeat("9", 64), "", 1001, 42, time.Date(2026, 1, 2, 3, 4, 59, 0, paris), time.Date(2026, 1, 2, 5, 6, 0, 0, paris),
		MsEnroute, 0x04D2, "The quick brown fox jumps over the lazy dog", "")
	require.Equal(t, OK, code)
	seq, sm := e.deliver()
	require.Equal(t, uint32(7), seq)
	require.Equal(t, byte(0x20), sm.EsmClass, "intermediate delivery notification")
	require.Equal(t, "id:"+strings.Repeat("9", 64)+" sub:001 dlvrd:042 submit date:2601020104 done date:2601020306 stat:ENROUTE err:234 text:The quick brown fox ",
		string(sm.ShortMessage))
	require.Equal(t, []byte{3, 0x04, 0xD2}, tlvValue(t, sm.TLVs, smpp.TagNetworkErrorCode), "the TLV keeps the full code the text cannot")
	require.Equal(t, []byte{byte(MsEnroute)}, tlvValue(t, sm.TLVs, smpp.TagMessageState))

	// Sequence number 0: the library numbers the PDU itself.
	require.Equal(t, OK, sendReceipt(h, e, 0, MsDelivered, 0, ""))
	seq, sm = e.deliver()
	require.NotZero(t, seq)
	require.LessOrEqual(t, seq, uint32(0x7FFFFFFF), "sequence numbers stay in the range SMPP 3.4 §5.1.4 allows")
	require.Contains(t, string(sm.ShortMessage), "id:msg-0 ")
}

// ExtendedParameters on a receipt override the derived header fields and
// append TLVs after the receipt's own.
func TestReceiptExtendedParameters(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	require.Equal(t, OK, sendReceipt(h, e, 9, MsDelivered, 0,
		"smpp.esm_class=0x24; smpp.protocol_id=0x7F; smpp.data_coding=3; smpp.tlv.user_message_reference=002A; smpp.tlvs=14030001FF"))
	_, sm := e.deliver()
	require.Equal(t, byte(0x24), sm.EsmClass)
	require.Equal(t, byte(0x7F), sm.ProtocolID)
	require.Equal(t, byte(3), sm.DataCoding)
	require.Equal(t, wantReceiptText(9, "DELIVRD", 0), string(sm.ShortMessage))
	require.Equal(t, []uint16{smpp.TagReceiptedMessageID, smpp.TagMessageState, smpp.TagUserMessageReference, 0x1403}, tlvTags(sm.TLVs))
	require.Equal(t, []byte{0x00, 0x2A}, tlvValue(t, sm.TLVs, smpp.TagUserMessageReference))
	require.Equal(t, []byte{0xFF}, tlvValue(t, sm.TLVs, 0x1403))

	for _, ext := range []string{"smpp.esm_class=256", "smpp.tlvs=14", "smpp.tlv.no_such_tag=01", "long-messages=udh7"} {
		require.Equal(t, ErrInvalidArgument, sendReceipt(h, e, 10, MsDelivered, 0, ext), ext)
	}
	e.requireNothingSent()

	// TLVs cannot reach a 3.3 client: refused rather than silently dropped.
	e33 := h.bind(t, cmdBindReceiver, 0x33)
	require.Equal(t, ErrUnsupported, sendReceipt(h, e33, 11, MsDelivered, 0, "smpp.tlv.0x1403=01"))
	e33.requireNothingSent()
	require.Equal(t, OK, sendReceipt(h, e33, 12, MsDelivered, 0, "smpp.esm_class=4"))
	_, sm = e33.deliver()
	require.Empty(t, sm.TLVs)
}

func TestReceiptArgumentChecks(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	type args struct {
		rt          ReportType
		id, dst     string
		src, svc    string
		sub, dlvrd  int
		state       MessageState
		errCode     int
		description string
	}
	ok := args{rt: RtFinal, id: "m1", dst: "1", src: "2", svc: "", sub: 1, dlvrd: 1, state: MsDelivered}
	for _, c := range []func(a *args){
		func(a *args) { a.rt, a.description = 2, "report type" },
		func(a *args) { a.rt, a.description = -1, "report type" },
		func(a *args) { a.state, a.description = -1, "message state" },
		func(a *args) { a.state, a.description = 256, "message state" },
		func(a *args) { a.id, a.description = strings.Repeat("x", 65), "message id" },
		func(a *args) { a.dst, a.description = strings.Repeat("1", 21), "destination" },
		func(a *args) { a.src, a.description = strings.Repeat("1", 21), "originator" },
		func(a *args) { a.svc, a.description = "CMTXYZ", "service type" },
		func(a *args) { a.sub, a.description = -1, "submitted" },
		func(a *args) { a.dlvrd, a.description = -1, "delivered" },
		func(a *args) { a.errCode, a.description = -1, "error code" },
		func(a *args) { a.errCode, a.description = 0x10000, "error code" },
	} {
		a := ok
		c(&a)
		code := h.srv.SmppSendDeliverStatusReport(e.id, 5, a.dst, 0, 0, a.src, 0, 0, a.rt, a.id, a.svc, a.sub, a.dlvrd,
			receiptSubmit, receiptSubmit, a.state, a.errCode, "", "")
		require.Equal(t, ErrInvalidArgument, code, a.description)
	}
	e.requireNothingSent()

	// The limits themselves are allowed.
	code := h.srv.SmppSendDeliverStatusReport(e.id, 6, strings.Repeat("1", 20), 0, 0, strings.Repeat("2", 20), 0, 0, RtFinal,
		strings.Repeat("x", 64), "CMTXY", 0, 0, receiptSubmit, receiptSubmit, 255, 0xFFFF, "", "")
	require.Equal(t, OK, code)
	_, sm := e.deliver()
	require.Equal(t, []byte{3, 0xFF, 0xFF}, tlvValue(t, sm.TLVs, smpp.TagNetworkErrorCode))

	// Only receivers and transceivers take deliver_sm (SMPP 3.4 §2.3).
	tx := h.bind(t, cmdBindTransmitter, 0x34)
	require.Equal(t, ErrWrongState, sendReceipt(h, tx, 1, MsDelivered, 0, ""))
	tx.requireNothingSent()
	require.Equal(t, ErrUnknownClient, sendReceipt(h, &esme{id: 999999}, 1, MsDelivered, 0, ""))
}

// A status report takes the header keys a delivery takes.
func TestReceiptTakesTheDeliveryHeaderKeys(t *testing.T) {
	h := newESMEHarness(t, "")
	e := h.bind(t, cmdBindTransceiver, 0x34)
	require.Equal(t, OK, sendReceipt(h, e, 9, MsDelivered, 0,
		"smpp.priority_flag=2;smpp.registered_delivery=0x10;smpp.protocol_id=0x7F;smpp.data_coding=0xF0;smpp.esm_class=0x24"))
	_, sm := e.deliver()
	require.Equal(t, [5]byte{2, 0x10, 0x7F, 0xF0, 0x24},
		[5]byte{sm.PriorityFlag, sm.RegisteredDelivery, sm.ProtocolID, sm.DataCoding, sm.EsmClass})
	require.Equal(t, OK, sendReceipt(h, e, 10, MsDelivered, 0, ""))
	_, sm = e.deliver()
	require.Equal(t, [5]byte{0, 0, 0, 0, 0x04},
		[5]byte{sm.PriorityFlag, sm.RegisteredDelivery, sm.ProtocolID, sm.DataCoding, sm.EsmClass})
}
