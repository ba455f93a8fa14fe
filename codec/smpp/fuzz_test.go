package smpp

import (
	"bufio"
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// body is what every body type implements.
type body interface {
	Decode([]byte) error
	BodyAppender
	Validate() error
}

// bodyKinds lists the body types the fuzzer picks from with its selector
// byte, with whether the body ends in TLVs (then decoding consumes the whole
// body, so re-encoding must reproduce it exactly; otherwise it reproduces a
// prefix, trailing octets being ignored) and whether an empty body is a
// valid (header-only) response.
var bodyKinds = []struct {
	name       string
	new        func() body
	tlvs       bool
	emptyValid bool
}{
	{"bind", func() body { return new(Bind) }, false, false},
	{"bind_resp", func() body { return new(BindResp) }, true, true},
	{"outbind", func() body { return new(Outbind) }, false, false},
	{"submit_sm", func() body { return new(SM) }, true, false},
	{"sm_resp", func() body { return new(SMResp) }, true, true},
	{"submit_multi", func() body { return new(SubmitMulti) }, true, false},
	{"submit_multi_resp", func() body { return new(SubmitMultiResp) }, true, true},
	{"data_sm", func() body { return new(DataSM) }, true, false},
	{"query_sm", func() body { return new(QuerySM) }, false, false},
	{"query_sm_resp", func() body { return new(QuerySMResp) }, false, false},
	{"cancel_sm", func() body { return new(CancelSM) }, false, false},
	{"replace_sm", func() body { return new(ReplaceSM) }, false, false},
	{"alert_notification", func() body { return new(AlertNotification) }, true, false},
}

// kindOf maps a vector's command id to its bodyKinds index.
func kindOf(id CommandID) int {
	switch id {
	case CmdBindReceiver, CmdBindTransmitter, CmdBindTransceiver:
		return 0
	case CmdBindReceiverResp, CmdBindTransmitterResp, CmdBindTransceiverResp:
		return 1
	case CmdOutbind:
		return 2
	case CmdSubmitSM, CmdDeliverSM:
		return 3
	case CmdSubmitSMResp, CmdDeliverSMResp, CmdDataSMResp:
		return 4
	case CmdSubmitMulti:
		return 5
	case CmdSubmitMultiResp:
		return 6
	case CmdDataSM:
		return 7
	case CmdQuerySM:
		return 8
	case CmdQuerySMResp:
		return 9
	case CmdCancelSM:
		return 10
	case CmdReplaceSM:
		return 11
	case CmdAlertNotification:
		return 12
	}
	return -1
}

var allVectors = []string{
	v1BindTransmitter, v2BindTransceiver, v3BindKannel, v4BindTRXResp, v5BindTRXRespErr,
	v6EnquireLink, v6EnquireLinkResp, v7GenericNack, v8SubmitSM, v9SubmitSMResp,
	v10SubmitSMKannel, v11SubmitSMUCS2, v12SubmitSMConcat, v13DeliverReceipt, v14DeliverSMResp,
	v15DeliverPayload, v16DataSM, v17QuerySM, v17QuerySMResp, v18CancelSM, v19ReplaceSM,
	v20SubmitMulti, v21SubmitMultiResp, v22Outbind, v23Unbind, v23UnbindResp,
}

func FuzzDecode(f *testing.F) {
	for _, v := range allVectors {
		raw := unhex(f, v)
		h, _ := ParseHeader(raw)
		if k := kindOf(h.CommandID); k >= 0 {
			f.Add(byte(k), raw[HeaderLen:])
		}
	}
	alert := AlertNotification{SourceAddr: []byte("447700900123"), EsmeAddr: []byte("esme"),
		TLVs: TLVs{{Tag: TagMsAvailabilityStatus, Value: []byte{0}}}}
	f.Add(byte(12), alert.AppendBody(nil))

	f.Fuzz(func(t *testing.T, sel byte, in []byte) {
		kind := bodyKinds[int(sel)%len(bodyKinds)]
		p := kind.new()
		err := p.Decode(in)
		if err != nil {
			// Every failure names the status to answer with.
			var de *DecodeError
			if !errors.As(err, &de) || de.Status == StatusOK {
				t.Fatalf("%s: error %v is not a DecodeError with a status", kind.name, err)
			}
			return
		}

		enc := p.AppendBody(nil)
		switch {
		case len(in) == 0 && kind.emptyValid:
			// Header-only response; re-encoding adds the empty strings.
		case kind.tlvs:
			if !bytes.Equal(enc, in) {
				t.Fatalf("%s: re-encoding differs\n in: %x\nout: %x", kind.name, in, enc)
			}
		default:
			if !bytes.HasPrefix(in, enc) {
				t.Fatalf("%s: re-encoding is not a prefix of the input\n in: %x\nout: %x", kind.name, in, enc)
			}
		}

		q := kind.new()
		if err := q.Decode(enc); err != nil {
			t.Fatalf("%s: re-decoding own encoding: %v\nenc: %x", kind.name, err, enc)
		}
		if len(in) > 0 && !reflect.DeepEqual(p, q) {
			t.Fatalf("%s: round trip changed the struct\n%+v\n%+v", kind.name, p, q)
		}
		if enc2 := q.AppendBody(nil); !bytes.Equal(enc, enc2) {
			t.Fatalf("%s: encoding is not stable\n%x\n%x", kind.name, enc, enc2)
		}

		// Decoding into a used struct must give the same result as into a
		// fresh one (no state leaks through the reused slices).
		if err := q.Decode(in); err != nil || !bytes.Equal(q.AppendBody(nil), enc) {
			t.Fatalf("%s: reused struct decodes differently: %v", kind.name, err)
		}

		// Validate must not panic on anything Decode accepts.
		_ = p.Validate()
	})
}

// FuzzReadPDU feeds arbitrary streams to ReadPDU and decodes every PDU it
// returns with the body type its command id selects.
func FuzzReadPDU(f *testing.F) {
	var all []byte
	for _, v := range allVectors {
		raw := unhex(f, v)
		f.Add(raw)
		all = append(all, raw...)
	}
	f.Add(all)
	f.Add(unhex(f, "0000000f 00000015 00000000 00000001"))
	f.Fuzz(func(t *testing.T, stream []byte) {
		r := bufio.NewReader(bytes.NewReader(stream))
		var buf []byte
		var consumed int
		for {
			pdu, nb, err := ReadPDU(r, buf, 4096)
			buf = nb
			if err != nil {
				var de *DecodeError
				if errors.As(err, &de) {
					if de.Status != StatusInvCmdLen || len(pdu) != HeaderLen {
						t.Fatalf("bad length error: %v, pdu %x", err, pdu)
					}
				}
				return
			}
			h, err := ParseHeader(pdu)
			if err != nil || int(h.Length) != len(pdu) || h.Validate(4096) != nil {
				t.Fatalf("ReadPDU returned an invalid PDU %x", pdu)
			}
			if !bytes.Equal(pdu, stream[consumed:consumed+len(pdu)]) {
				t.Fatalf("PDU does not match the stream at %d", consumed)
			}
			consumed += len(pdu)
			if k := kindOf(h.CommandID); k >= 0 {
				_ = bodyKinds[k].new().Decode(pdu[HeaderLen:])
			}
		}
	})
}

// FuzzTLVs checks that DecodeTLVs either fails with RINVTLVSTREAM or
// consumes the whole input, which AppendTo then reproduces exactly.
func FuzzTLVs(f *testing.F) {
	f.Add(unhex(f, "000e000101 0006000101 001e0008 3338363031666100 0427000102"))
	f.Add(unhex(f, "0424 0004 54657374"))
	f.Add([]byte{0x02})
	f.Fuzz(func(t *testing.T, in []byte) {
		tl, err := DecodeTLVs(nil, in)
		if err != nil {
			if StatusOf(err) != StatusInvTLVStream {
				t.Fatalf("unexpected status: %v", err)
			}
			return
		}
		if out := tl.AppendTo(nil); !bytes.Equal(out, in) {
			t.Fatalf("TLV round trip differs\n in: %x\nout: %x", in, out)
		}
	})
}
