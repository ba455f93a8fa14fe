package smpp

import "encoding/binary"

// HeaderLen is the size of the PDU header, and so the smallest legal
// command_length.
const HeaderLen = 16

// DefaultMaxPDUSize is the command_length limit used when a caller passes
// maxPDUSize <= 0. 64 KiB matches gosmpp and leaves room for a maximal
// message_payload; Kannel uses 7424 and go-smpp 4096.
const DefaultMaxPDUSize = 64 * 1024

// Header is the 16-octet PDU header.
type Header struct {
	Length    uint32 // command_length: the whole PDU including the header
	CommandID CommandID
	Status    Status
	Sequence  uint32
}

// ParseHeader decodes the first 16 octets of b. Only the length of b is
// checked: the sequence number in particular is taken as-is (0 and values
// >= 0x80000000 are out of spec but some clients send them, and refusing
// them gains nothing). Use Validate for command_length.
func ParseHeader(b []byte) (Header, error) {
	if len(b) < HeaderLen {
		return Header{}, &DecodeError{Status: StatusInvCmdLen, Field: "header", Msg: "shorter than 16 octets"}
	}
	return Header{
		Length:    binary.BigEndian.Uint32(b[0:]),
		CommandID: CommandID(binary.BigEndian.Uint32(b[4:])),
		Status:    Status(binary.BigEndian.Uint32(b[8:])),
		Sequence:  binary.BigEndian.Uint32(b[12:]),
	}, nil
}

// Validate checks command_length against [HeaderLen, maxPDUSize]
// (maxPDUSize <= 0 means DefaultMaxPDUSize). The error is a *DecodeError
// with StatusInvCmdLen: the stream cannot be resynchronised after a bad
// length, so the caller answers generic_nack and closes the connection.
func (h Header) Validate(maxPDUSize int) error {
	if maxPDUSize <= 0 {
		maxPDUSize = DefaultMaxPDUSize
	}
	if h.Length < HeaderLen {
		return &DecodeError{Status: StatusInvCmdLen, Field: "command_length", Msg: "less than 16"}
	}
	if uint64(h.Length) > uint64(maxPDUSize) {
		return &DecodeError{Status: StatusInvCmdLen, Field: "command_length", Msg: "exceeds the maximum PDU size"}
	}
	return nil
}

// AppendTo appends the header as is (Length is not recomputed).
func (h Header) AppendTo(dst []byte) []byte {
	dst = binary.BigEndian.AppendUint32(dst, h.Length)
	dst = binary.BigEndian.AppendUint32(dst, uint32(h.CommandID))
	dst = binary.BigEndian.AppendUint32(dst, uint32(h.Status))
	return binary.BigEndian.AppendUint32(dst, h.Sequence)
}

// BodyAppender is implemented by every body type (AppendBody).
type BodyAppender interface {
	AppendBody(dst []byte) []byte
}

// AppendPDU appends a complete PDU to dst: a header whose command_length is
// computed from what body appended, then the body. A nil body gives a
// header-only PDU (unbind, enquire_link, generic_nack, cancel_sm_resp, ...).
func AppendPDU(dst []byte, id CommandID, status Status, seq uint32, body BodyAppender) []byte {
	start := len(dst)
	dst = Header{CommandID: id, Status: status, Sequence: seq}.AppendTo(dst)
	if body != nil {
		dst = body.AppendBody(dst)
	}
	// The length is only known once the body is written; patch it in place
	// instead of encoding the body twice.
	binary.BigEndian.PutUint32(dst[start:], uint32(len(dst)-start))
	return dst
}
