// Package codec_test is the benchmark suite of the wire codecs: decode and
// encode per PDU type (SMPP), per operation (UCP 51/60 and results, CIMD2
// 01/03 and responses), with allocations per operation. Decoding reuses
// one value per type (the way the core decodes), encoding appends to one
// reused buffer.
//
//	go test -run '^$' -bench . -benchmem ./bench/codec/
//
// TestDecodeSubmitSMAllocs pins the common case: a submit_sm (with or
// without TLVs) decodes without allocating.
package codec_test

import (
	"bufio"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// pdu is one SMPP PDU type: a value to encode and a fresh value to decode
// its body into.
type pdu struct {
	name string
	id   smpp.CommandID
	body smpp.BodyAppender
	into interface{ Decode([]byte) error }
}

func bs(s string) []byte { return []byte(s) }

func smppPDUs() []pdu {
	submit := &smpp.SM{
		SourceAddrTON: 5, SourceAddr: bs("Alpha"),
		DestAddrTON: 1, DestAddrNPI: 1, DestinationAddr: bs("447700900123"),
		ShortMessage: bs("Hello world"),
	}
	submitUDH := &smpp.SM{
		SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: bs("447700900001"),
		DestAddrTON: 1, DestAddrNPI: 1, DestinationAddr: bs("447700900123"),
		EsmClass: 0x40, RegisteredDelivery: 1,
		ShortMessage: append([]byte{5, 0, 3, 0x2a, 2, 1}, strings.Repeat("x", 153)...),
	}
	submitTLV := &smpp.SM{
		SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: bs("447700900001"),
		DestAddrTON: 1, DestAddrNPI: 1, DestinationAddr: bs("447700900123"),
		RegisteredDelivery: 1, ShortMessage: bs("part one of two"),
		TLVs: smpp.TLVs{
			{Tag: smpp.TagSarMsgRefNum, Value: []byte{0x12, 0x34}},
			{Tag: smpp.TagSarTotalSegments, Value: []byte{2}},
			{Tag: smpp.TagSarSegmentSeqnum, Value: []byte{1}},
		},
	}
	receipt := &smpp.SM{
		SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: bs("447700900123"),
		DestAddrTON: 5, DestinationAddr: bs("Alpha"), EsmClass: 0x04,
		ShortMessage: bs("id:38601fa sub:001 dlvrd:001 submit date:2611212319 done date:2611212319 stat:DELIVRD err:000 text:Hello world"),
		TLVs: smpp.TLVs{
			{Tag: smpp.TagReceiptedMessageID, Value: bs("38601fa\x00")},
			{Tag: 0x0427, Value: []byte{2}},       // message_state
			{Tag: 0x0423, Value: []byte{3, 0, 0}}, // network_error_code
		},
	}
	return []pdu{
		{"bind_transceiver", smpp.CmdBindTransceiver, &smpp.Bind{SystemID: bs("bench"), Password: bs("secret"), InterfaceVersion: 0x34}, &smpp.Bind{}},
		{"bind_transceiver_resp", smpp.CmdBindTransceiverResp, &smpp.BindResp{SystemID: bs("smsc"), TLVs: smpp.TLVs{{Tag: smpp.TagScInterfaceVersion, Value: []byte{0x34}}}}, &smpp.BindResp{}},
		{"outbind", smpp.CmdOutbind, &smpp.Outbind{SystemID: bs("smsc"), Password: bs("secret")}, &smpp.Outbind{}},
		{"submit_sm", smpp.CmdSubmitSM, submit, &smpp.SM{}},
		{"submit_sm_udh_concat", smpp.CmdSubmitSM, submitUDH, &smpp.SM{}},
		{"submit_sm_sar_tlvs", smpp.CmdSubmitSM, submitTLV, &smpp.SM{}},
		{"submit_sm_resp", smpp.CmdSubmitSMResp, &smpp.SMResp{MessageID: bs("18446744073709")}, &smpp.SMResp{}},
		{"deliver_sm_receipt", smpp.CmdDeliverSM, receipt, &smpp.SM{}},
		{"deliver_sm_resp", smpp.CmdDeliverSMResp, &smpp.SMResp{}, &smpp.SMResp{}},
		{"submit_multi", smpp.CmdSubmitMulti, &smpp.SubmitMulti{
			SourceAddrTON: 5, SourceAddr: bs("Alpha"),
			Dests: []smpp.DestAddress{
				{Flag: 1, TON: 1, NPI: 1, Address: bs("447700900123")},
				{Flag: 1, TON: 1, NPI: 1, Address: bs("447700900124")},
				{Flag: 2, DLName: bs("friends")},
			},
			ShortMessage: bs("Hello world"),
		}, &smpp.SubmitMulti{}},
		{"submit_multi_resp", smpp.CmdSubmitMultiResp, &smpp.SubmitMultiResp{
			MessageID: bs("42"),
			Unsuccess: []smpp.UnsuccessSME{{TON: 1, NPI: 1, Address: bs("447700900124"), ErrorStatus: 0x0b}},
		}, &smpp.SubmitMultiResp{}},
		{"data_sm", smpp.CmdDataSM, &smpp.DataSM{
			SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: bs("447700900001"),
			DestAddrTON: 1, DestAddrNPI: 1, DestinationAddr: bs("447700900123"),
			TLVs: smpp.TLVs{{Tag: 0x0424, Value: bs("Hello world, as a message_payload")}},
		}, &smpp.DataSM{}},
		{"data_sm_resp", smpp.CmdDataSMResp, &smpp.SMResp{MessageID: bs("42")}, &smpp.SMResp{}},
		{"query_sm", smpp.CmdQuerySM, &smpp.QuerySM{MessageID: bs("38601fa"), SourceAddrTON: 5, SourceAddr: bs("Alpha")}, &smpp.QuerySM{}},
		{"query_sm_resp", smpp.CmdQuerySMResp, &smpp.QuerySMResp{MessageID: bs("38601fa"), FinalDate: bs("261121231906000+"), MessageState: 2}, &smpp.QuerySMResp{}},
		{"cancel_sm", smpp.CmdCancelSM, &smpp.CancelSM{MessageID: bs("38601fa"), SourceAddrTON: 5, SourceAddr: bs("Alpha"), DestAddrTON: 1, DestAddrNPI: 1, DestinationAddr: bs("447700900123")}, &smpp.CancelSM{}},
		{"replace_sm", smpp.CmdReplaceSM, &smpp.ReplaceSM{MessageID: bs("38601fa"), SourceAddrTON: 5, SourceAddr: bs("Alpha"), ShortMessage: bs("Hello again")}, &smpp.ReplaceSM{}},
		{"alert_notification", smpp.CmdAlertNotification, &smpp.AlertNotification{SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: bs("447700900123"), EsmeAddrTON: 5, EsmeAddr: bs("Alpha")}, &smpp.AlertNotification{}},
	}
}

func BenchmarkSMPPDecode(b *testing.B) {
	for _, p := range smppPDUs() {
		raw := smpp.AppendPDU(nil, p.id, smpp.StatusOK, 7, p.body)
		body := raw[smpp.HeaderLen:]
		if err := p.into.Decode(body); err != nil {
			b.Fatalf("%s: %v", p.name, err)
		}
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if err := p.into.Decode(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSMPPEncode(b *testing.B) {
	for _, p := range smppPDUs() {
		dst := make([]byte, 0, 1024)
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dst = smpp.AppendPDU(dst[:0], p.id, smpp.StatusOK, 7, p.body)
			}
			b.SetBytes(int64(len(dst)))
		})
	}
}

// BenchmarkSMPPHeader: the 16-octet header, as the read loop sees it.
func BenchmarkSMPPHeader(b *testing.B) {
	raw := smpp.AppendPDU(nil, smpp.CmdEnquireLink, smpp.StatusOK, 7, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := smpp.ParseHeader(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// loop serves the same bytes forever, like a client that keeps sending.
type loop struct {
	data []byte
	off  int
}

func (l *loop) Read(p []byte) (int, error) {
	n := copy(p, l.data[l.off:])
	l.off = (l.off + n) % len(l.data)
	return n, nil
}

// BenchmarkSMPPReadDecodeSubmitSM: framing (ReadPDU into a reused buffer)
// plus decoding a submit_sm, the core's per-PDU path before its event.
func BenchmarkSMPPReadDecodeSubmitSM(b *testing.B) {
	p := smppPDUs()[3]
	raw := smpp.AppendPDU(nil, p.id, smpp.StatusOK, 7, p.body)
	r := bufio.NewReaderSize(&loop{data: raw}, 64<<10)
	var buf []byte
	var sm smpp.SM
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		pdu, nb, err := smpp.ReadPDU(r, buf, 0)
		if err != nil {
			b.Fatal(err)
		}
		buf = nb
		if err := sm.Decode(pdu[smpp.HeaderLen:]); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodeSubmitSMAllocs: the common case decodes without allocating.
func TestDecodeSubmitSMAllocs(t *testing.T) {
	for _, p := range smppPDUs() {
		if !strings.HasPrefix(p.name, "submit_sm") || p.name == "submit_sm_resp" {
			continue
		}
		body := smpp.AppendPDU(nil, p.id, smpp.StatusOK, 7, p.body)[smpp.HeaderLen:]
		var sm smpp.SM
		if n := testing.AllocsPerRun(100, func() {
			if err := sm.Decode(body); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations per decode, want 0", p.name, n)
		}
	}
}

// ---------------------------------------------------------------- UCP

func ucpHex(s string) []byte { return []byte(strings.ToUpper(hex.EncodeToString([]byte(s)))) }

func ucp51() []byte {
	var m ucp.Msg5x
	m.F[ucp.F5xAdC] = bs("447700900123")
	m.F[ucp.F5xOAdC] = bs("1234")
	m.F[ucp.F5xNRq] = bs("1")
	m.F[ucp.F5xNT] = bs("3")
	m.F[ucp.F5xMT] = bs("3")
	m.F[ucp.F5xMsg] = ucpHex("Hello world")
	f, err := m.AppendFrame(nil, 1, ucp.OTSubmitSM)
	if err != nil {
		panic(err)
	}
	return f
}

func ucp60() []byte {
	f := make([][]byte, ucp.Fields60)
	for i := range f {
		f[i] = []byte{}
	}
	f[ucp.F60OAdC], f[ucp.F60OTON], f[ucp.F60ONPI], f[ucp.F60STYP] = bs("bench"), bs("6"), bs("5"), bs("1")
	f[ucp.F60PWD], f[ucp.F60VERS] = ucpHex("secret"), bs("0100")
	fr, err := ucp.AppendFrame(nil, 0, ucp.Operation, ucp.OTSessionManagement, f...)
	if err != nil {
		panic(err)
	}
	return fr
}

func BenchmarkUCPDecode(b *testing.B) {
	ack51, _ := ucp.AppendACK(nil, 1, 51, nil, bs("447700900123:211126231906"))
	var (
		m5x ucp.Msg5x
		m60 ucp.Msg60
		ans ucp.Answer
	)
	cases := []struct {
		name  string
		frame []byte
		op    func(*ucp.Frame) error
	}{
		{"op51_submit", ucp51(), m5x.Decode},
		{"op60_login", ucp60(), m60.Decode},
		{"result51_ack", ack51, ans.Decode},
	}
	for _, c := range cases {
		var f ucp.Frame
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.frame)))
			for b.Loop() {
				if err := f.Parse(c.frame); err != nil {
					b.Fatal(err)
				}
				if err := c.op(&f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUCPEncode(b *testing.B) {
	var m ucp.Msg5x
	var f ucp.Frame
	if err := f.Parse(ucp51()); err != nil {
		b.Fatal(err)
	}
	m.Decode(&f)
	dst := make([]byte, 0, 1024)
	b.Run("op51_submit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dst, _ = m.AppendFrame(dst[:0], 1, ucp.OTSubmitSM)
		}
	})
	b.Run("result51_ack", func(b *testing.B) {
		sm := bs("447700900123:211126231906")
		b.ReportAllocs()
		for b.Loop() {
			dst, _ = ucp.AppendACK(dst[:0], 1, 51, nil, sm)
		}
	})
	b.Run("result51_nack", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dst, _ = ucp.AppendNACK(dst[:0], 1, 51, 2, nil)
		}
	})
}

// ---------------------------------------------------------------- CIMD2

func cimd2Submit() []byte {
	p := cimd2.AppendHeader(nil, cimd2.OpSubmit, 3)
	p = cimd2.AppendParamString(p, 21, "447700900123")
	p = cimd2.AppendParamString(p, 23, "1234")
	p = cimd2.AppendParamString(p, 56, "14")
	p = cimd2.AppendParamString(p, 33, "Hello world")
	return cimd2.AppendTrailer(p, 0)
}

func BenchmarkCIMD2Decode(b *testing.B) {
	login := cimd2.AppendHeader(nil, cimd2.OpLogin, 1)
	login = cimd2.AppendParamString(login, 10, "bench")
	login = cimd2.AppendParamString(login, 11, "secret")
	login = cimd2.AppendTrailer(login, 0)
	resp := cimd2.AppendHeader(nil, cimd2.OpSubmitResponse, 3)
	resp = cimd2.AppendParamString(resp, 21, "447700900123")
	resp = cimd2.AppendParamString(resp, 60, "261121232018")
	resp = cimd2.AppendTrailer(resp, 0)
	for _, c := range []struct {
		name string
		pk   []byte
	}{{"op03_submit", cimd2Submit()}, {"op01_login", login}, {"op53_submit_response", resp}} {
		var p cimd2.Packet
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.pk)))
			for b.Loop() {
				if err := cimd2.Parse(c.pk, &p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCIMD2Encode(b *testing.B) {
	var p cimd2.Packet
	if err := cimd2.Parse(cimd2Submit(), &p); err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, 0, 1024)
	b.Run("op03_submit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dst = p.Append(dst[:0])
		}
	})
	b.Run("op53_submit_response", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dst = cimd2.AppendHeader(dst[:0], cimd2.OpSubmitResponse, 3)
			dst = cimd2.AppendParamString(dst, 21, "447700900123")
			dst = cimd2.AppendParamString(dst, 60, "261121232018")
			dst = cimd2.AppendTrailer(dst, 0)
		}
	})
}
