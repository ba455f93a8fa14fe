package smpp

import (
	"bufio"
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadPDUStream(t *testing.T) {
	vecs := []string{v1BindTransmitter, v6EnquireLink, v8SubmitSM, v13DeliverReceipt, v23Unbind}
	var stream []byte
	for _, v := range vecs {
		stream = append(stream, unhex(t, v)...)
	}
	r := bufio.NewReader(bytes.NewReader(stream))
	buf := make([]byte, 0, 64) // smaller than vector 13: forces one growth
	for _, v := range vecs {
		pdu, nb, err := ReadPDU(r, buf, 0)
		require.NoError(t, err)
		require.Equal(t, unhex(t, v), pdu)
		buf = nb
	}
	require.GreaterOrEqual(t, cap(buf), 0xba)
	_, _, err := ReadPDU(r, buf, 0)
	require.ErrorIs(t, err, io.EOF)
}

func TestReadPDUNilBuffer(t *testing.T) {
	raw := unhex(t, v9SubmitSMResp)
	pdu, buf, err := ReadPDU(bytes.NewReader(raw), nil, 0)
	require.NoError(t, err)
	require.Equal(t, raw, pdu)
	require.GreaterOrEqual(t, cap(buf), minReadBuf)
}

func TestReadPDUReusesBuffer(t *testing.T) {
	raw := unhex(t, v8SubmitSM)
	buf := make([]byte, 128)
	pdu, nb, err := ReadPDU(bytes.NewReader(raw), buf, 0)
	require.NoError(t, err)
	require.Same(t, &buf[0], &nb[0])
	require.Same(t, &buf[0], &pdu[0])
}

func TestReadPDUBadLength(t *testing.T) {
	for _, tc := range []struct {
		name string
		hdr  string
	}{
		{"too short", "0000000f 00000015 00000000 00000007"},
		{"zero", "00000000 00000015 00000000 00000007"},
		{"over limit", "00000101 00000004 00000000 00000007"},
		{"huge", "ffffffff 00000004 00000000 00000007"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := append(unhex(t, tc.hdr), make([]byte, 300)...)
			pdu, _, err := ReadPDU(bytes.NewReader(raw), nil, 256)
			requireStatus(t, err, StatusInvCmdLen)
			// The header is handed back so generic_nack can echo the sequence.
			h, perr := ParseHeader(pdu)
			require.NoError(t, perr)
			require.Equal(t, uint32(7), h.Sequence)
		})
	}
	// Exactly at the limit is fine.
	raw := append(unhex(t, "00000100 00000004 00000000 00000007"), make([]byte, 256-16)...)
	pdu, _, err := ReadPDU(bytes.NewReader(raw), nil, 256)
	require.NoError(t, err)
	require.Len(t, pdu, 256)
}

func TestReadPDUTruncated(t *testing.T) {
	raw := unhex(t, v8SubmitSM)
	// Cut inside the header.
	_, _, err := ReadPDU(bytes.NewReader(raw[:10]), nil, 0)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	// Cut right after the header and inside the body.
	for _, n := range []int{HeaderLen, HeaderLen + 5} {
		_, _, err = ReadPDU(bytes.NewReader(raw[:n]), nil, 0)
		require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	}
	// Clean end of stream.
	_, _, err = ReadPDU(bytes.NewReader(nil), nil, 0)
	require.ErrorIs(t, err, io.EOF)
}

// oneByteReader returns at most one byte per Read, like a slow socket.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func TestReadPDUShortReads(t *testing.T) {
	raw := unhex(t, v20SubmitMulti)
	pdu, _, err := ReadPDU(oneByteReader{bytes.NewReader(raw)}, nil, 0)
	require.NoError(t, err)
	require.Equal(t, raw, pdu)
}
