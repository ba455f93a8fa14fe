package smpp

import (
	"io"
)

// minReadBuf is the first buffer ReadPDU allocates when handed none: large
// enough for nearly every submit_sm, so the buffer rarely grows again.
const minReadBuf = 1024

// ReadPDU reads one whole PDU from r into buf and returns it (header and
// body, aliasing newBuf) together with the buffer to pass to the next call.
// buf is only replaced when a PDU is larger than cap(buf), so a connection
// loop that feeds newBuf back in reads without allocating. The returned PDU
// is overwritten by the next call.
//
// command_length is checked against [HeaderLen, maxPDUSize] (maxPDUSize <= 0
// means DefaultMaxPDUSize) before the body is read. A bad length returns a
// *DecodeError with StatusInvCmdLen and, as pdu, the 16 header octets, so
// the caller can echo the sequence number in its generic_nack before
// closing (the stream cannot be resynchronised).
//
// I/O errors come back as io.ReadFull reports them: io.EOF when the stream
// ends cleanly between PDUs, io.ErrUnexpectedEOF when it ends inside one.
// Pass a buffered reader (bufio.Reader): ReadPDU does two reads per PDU.
func ReadPDU(r io.Reader, buf []byte, maxPDUSize int) (pdu []byte, newBuf []byte, err error) {
	if cap(buf) < HeaderLen {
		buf = make([]byte, minReadBuf)
	}
	buf = buf[:cap(buf)]
	if _, err := io.ReadFull(r, buf[:HeaderLen]); err != nil {
		return nil, buf, err
	}
	h, _ := ParseHeader(buf) // cannot fail: len(buf) >= HeaderLen
	if err := h.Validate(maxPDUSize); err != nil {
		return buf[:HeaderLen], buf, err
	}
	n := int(h.Length)
	if n > len(buf) {
		// Grow to exactly n: the limit bounds n, and sizing up by doubling
		// would only hold on to memory a rare huge PDU asked for.
		nb := make([]byte, n)
		copy(nb, buf[:HeaderLen])
		buf = nb
	}
	if _, err := io.ReadFull(r, buf[HeaderLen:n]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF // the header promised a body
		}
		return nil, buf, err
	}
	return buf[:n], buf, nil
}
