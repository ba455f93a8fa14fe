package smpp

import "testing"

func BenchmarkDecodeSubmitSM(b *testing.B) {
	body := unhex(b, v12SubmitSMConcat)[HeaderLen:]
	var p SM
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := p.Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeDeliverSMWithTLVs(b *testing.B) {
	body := unhex(b, v13DeliverReceipt)[HeaderLen:]
	var p SM
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := p.Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeSubmitSMResp(b *testing.B) {
	resp := SMResp{MessageID: []byte("0a342ee1-94258431594")}
	dst := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendPDU(dst[:0], CmdSubmitSMResp, StatusOK, 0x0a342ee1, &resp)
	}
}

// A delivery receipt as the server builds it: text plus the receipt TLVs.
func BenchmarkEncodeDeliverSM(b *testing.B) {
	p := SM{
		SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: []byte("44951361920"),
		DestAddrTON: 1, DestAddrNPI: 1, DestinationAddr: []byte("40404"),
		EsmClass:     0x04,
		ShortMessage: []byte(v13ReceiptText),
		TLVs: TLVs{
			{Tag: TagReceiptedMessageID, Value: []byte("38601fa\x00")},
			{Tag: TagMessageState, Value: []byte{2}},
			{Tag: TagNetworkErrorCode, Value: []byte{3, 0, 0}},
		},
	}
	dst := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendPDU(dst[:0], CmdDeliverSM, StatusOK, 2, &p)
	}
}

func BenchmarkReadPDU(b *testing.B) {
	raw := unhex(b, v12SubmitSMConcat)
	r := &loopReader{data: raw}
	var buf []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		var err error
		if _, buf, err = ReadPDU(r, buf, 0); err != nil {
			b.Fatal(err)
		}
	}
}
