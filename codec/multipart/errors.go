package multipart

import "github.com/smscserver/libsmscserver/codec/text"

// Errors carry the API return code (method Code() int32) like codec/text's.
var (
	// ErrBadUDH: a UDH whose UDHL or information elements run past its end.
	ErrBadUDH = text.NewError(text.CodeInvalidArgument, "multipart: malformed user data header")
	// ErrTooLong: the content needs more than 255 parts, or a caller's UDH
	// leaves no room for text, or it already holds a concatenation IE and the
	// content does not fit one message.
	ErrTooLong = text.NewError(text.CodeContentTooLong, "multipart: content too long")
	// ErrBadMode: an unknown long-messages mode.
	ErrBadMode = text.NewError(text.CodeInvalidArgument, "multipart: unknown long-messages mode (udh8|udh16|sar|payload)")
	// ErrBadPart: total 0, or seq 0 or above total.
	ErrBadPart = text.NewError(text.CodeInvalidArgument, "multipart: invalid part number")
	// ErrFull: adding the part would exceed the reassembler's limits. The
	// part is not stored; answer it with a throttling / queue-full error so
	// the client sends it again later.
	ErrFull = text.NewError(text.CodeInvalidArgument, "multipart: reassembly buffer full")
)
