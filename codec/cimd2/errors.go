package cimd2

import "errors"

// Error is a packet that cannot be processed. Reply is the operation a
// server answers it with: OpNack (99) for a packet that cannot be
// understood, OpGeneralError (98) for an operation that is not expected;
// 0 when no answer is possible (the stream itself is broken).
type Error struct {
	Reply     int
	ErrorCode int // 900 value to send with a 98 answer
	msg       string
}

func (e *Error) Error() string { return e.msg }

var (
	// ErrSyntax: the packet does not follow the CIMD2 grammar (header,
	// parameter code, checksum format, reserved octets inside).
	ErrSyntax = &Error{Reply: OpNack, ErrorCode: ErrCodeSyntax, msg: "cimd2: malformed packet"}
	// ErrChecksum: the packet carries a checksum that does not match.
	ErrChecksum = &Error{Reply: OpNack, ErrorCode: ErrCodeSyntax, msg: "cimd2: checksum mismatch"}
	// ErrUnexpectedOperation: an operation the receiver does not take
	// (unknown, or one only the other side may send).
	ErrUnexpectedOperation = &Error{Reply: OpGeneralError, ErrorCode: ErrCodeUnexpectedOperation, msg: "cimd2: unexpected operation"}
	// ErrTooLong: a packet has not ended within the size limit.
	ErrTooLong = &Error{msg: "cimd2: packet too long"}
)

// ReplyOf is the operation that answers a packet that failed with err:
// OpNack, OpGeneralError, or 0 (no answer; close the connection).
func ReplyOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Reply
	}
	return 0
}

// ParamError is a parameter whose value breaks the parameter table, or a
// parameter repeated that may not be.
type ParamError struct {
	Param  int    // parameter code
	Reason string // "too long", "not an integer", "out of range", "repeated", ...
}

func (e *ParamError) Error() string {
	name := ""
	if in, ok := Info(e.Param); ok {
		name = " (" + in.Name + ")"
	}
	return "cimd2: parameter " + threeDigits(e.Param) + name + ": " + e.Reason
}

// SubmitErrorCode is the 900 error code a submit message carrying this
// error is refused with: the parameter's own code (300 destination, 302 user
// data, 305 validity, 306 originator, ...) or 8 (parameter formatting error).
func (e *ParamError) SubmitErrorCode() int {
	if in, ok := Info(e.Param); ok && in.SubmitError != 0 {
		return in.SubmitError
	}
	return ErrCodeParameterFormatting
}

func threeDigits(n int) string {
	if n < 0 || n > 999 {
		return "???"
	}
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}
