package smpp

import (
	"bufio"
	"testing"

	"github.com/stretchr/testify/require"
)

// These tests pin the package's main promise: decoding into a reused
// struct, and reading PDUs into a reused buffer, allocate nothing.

func requireNoAllocs(t *testing.T, f func()) {
	t.Helper()
	require.Zero(t, testing.AllocsPerRun(200, f))
}

func TestDecodeSubmitSMZeroAllocs(t *testing.T) {
	withTLVs := baseSM()
	withTLVs.EsmClass = 0x40
	withTLVs.TLVs = TLVs{
		{Tag: TagSarMsgRefNum, Value: []byte{0x12, 0x34}},
		{Tag: TagSarTotalSegments, Value: []byte{2}},
		{Tag: TagSarSegmentSeqnum, Value: []byte{1}},
	}
	bodies := map[string][]byte{
		"vector 8":  unhex(t, v8SubmitSM)[HeaderLen:],
		"vector 12": unhex(t, v12SubmitSMConcat)[HeaderLen:],
		"3 TLVs":    withTLVs.AppendBody(nil),
		"vector 13": unhex(t, v13DeliverReceipt)[HeaderLen:],
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			var p SM
			requireNoAllocs(t, func() {
				if err := p.Decode(body); err != nil {
					t.Fatal(err)
				}
			})
			if name == "3 TLVs" {
				require.Len(t, p.TLVs, 3)
			}
		})
	}
}

func TestDecodeOtherBodiesZeroAllocs(t *testing.T) {
	var (
		sm   SubmitMulti
		data DataSM
		bind Bind
		resp SMResp
	)
	smBody := unhex(t, v20SubmitMulti)[HeaderLen:]
	dataBody := unhex(t, v16DataSM)[HeaderLen:]
	bindBody := unhex(t, v3BindKannel)[HeaderLen:]
	respBody := unhex(t, v9SubmitSMResp)[HeaderLen:]
	requireNoAllocs(t, func() {
		if sm.Decode(smBody) != nil || data.Decode(dataBody) != nil ||
			bind.Decode(bindBody) != nil || resp.Decode(respBody) != nil {
			t.Fatal("decode failed")
		}
	})
}

// loopReader serves data over and over, like a client that keeps sending
// the same PDUs.
type loopReader struct {
	data []byte
	off  int
}

func (l *loopReader) Read(p []byte) (int, error) {
	n := copy(p, l.data[l.off:])
	l.off = (l.off + n) % len(l.data)
	return n, nil
}

func TestReadPDUZeroAllocs(t *testing.T) {
	var stream []byte
	for _, v := range []string{v8SubmitSM, v6EnquireLink, v13DeliverReceipt, v20SubmitMulti} {
		stream = append(stream, unhex(t, v)...)
	}
	r := bufio.NewReader(&loopReader{data: stream})
	var buf []byte
	var sm SM
	requireNoAllocs(t, func() {
		pdu, nb, err := ReadPDU(r, buf, 0)
		if err != nil {
			t.Fatal(err)
		}
		buf = nb
		h, _ := ParseHeader(pdu)
		if h.CommandID == CmdSubmitSM || h.CommandID == CmdDeliverSM {
			if err := sm.Decode(pdu[HeaderLen:]); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestEncodeZeroAllocs(t *testing.T) {
	dst := make([]byte, 0, 512)
	resp := SMResp{MessageID: []byte("94258431594")}
	var dlr SM
	require.NoError(t, dlr.Decode(unhex(t, v13DeliverReceipt)[HeaderLen:]))
	requireNoAllocs(t, func() {
		dst = AppendPDU(dst[:0], CmdSubmitSMResp, StatusOK, 1, &resp)
		dst = AppendPDU(dst, CmdDeliverSM, StatusOK, 2, &dlr)
	})
}
