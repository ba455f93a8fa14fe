package text

import (
	"fmt"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// Return codes of the API (docs/api.md, "Return codes") used by this package. They are
// repeated here instead of imported because codec/ must not depend on core/.
const (
	CodeInvalidArgument int32 = -5 // malformed hex, bad enum value, invalid UTF-8
	CodeEncodingFailed  int32 = -6 // a character the encoding cannot carry
	CodeContentTooLong  int32 = -7 // a field exceeds its wire size
)

// Error is a codec error that carries its API return code, so the server core
// can return it through the C API unchanged:
//
//	var ce interface{ Code() int32 }
//	if errors.As(err, &ce) { return ce.Code() }
type Error struct {
	code int32
	msg  string
}

// NewError makes an Error; sibling codec packages use it for their own values.
func NewError(code int32, msg string) *Error { return &Error{code: code, msg: msg} }

func (e *Error) Error() string { return e.msg }

// Code is the negative API return code.
func (e *Error) Code() int32 { return e.code }

var (
	// ErrUnencodable: the text has a character the requested encoding cannot
	// represent. Returned instead of substituting '?', so a caller never sends
	// something other than what it was given.
	ErrUnencodable = NewError(CodeEncodingFailed, "text: character cannot be represented in the requested encoding")
	// ErrInvalidUTF8: Content is not valid UTF-8 (it would otherwise be sent as U+FFFD).
	ErrInvalidUTF8 = NewError(CodeInvalidArgument, "text: content is not valid UTF-8")
	// ErrInvalidHex: 8-bit / WAP content (or a hex wire field) is not an even number of hex digits.
	ErrInvalidHex = NewError(CodeInvalidArgument, "text: invalid hexadecimal data")
	// ErrInvalidEncoding: the Encoding value is not one of sms.Encoding's constants.
	ErrInvalidEncoding = NewError(CodeInvalidArgument, "text: unknown encoding")
	// ErrTooLong: a value does not fit its wire field (e.g. an alphanumeric address over 11 characters).
	ErrTooLong = NewError(CodeContentTooLong, "text: value too long for its field")
)

// UnencodableError tells which character could not be encoded and where.
// errors.Is(err, ErrUnencodable) holds for it.
type UnencodableError struct {
	Encoding sms.Encoding
	Rune     rune
	Offset   int // byte offset of the character in the UTF-8 content
}

func (e *UnencodableError) Error() string {
	return fmt.Sprintf("text: %U %q at offset %d cannot be represented in %v", e.Rune, e.Rune, e.Offset, e.Encoding)
}

func (e *UnencodableError) Code() int32   { return CodeEncodingFailed }
func (e *UnencodableError) Unwrap() error { return ErrUnencodable }

// invalidUTF8Error reports malformed UTF-8 with its position; errors.Is(err, ErrInvalidUTF8) holds.
type invalidUTF8Error struct{ Offset int }

func (e *invalidUTF8Error) Error() string {
	return fmt.Sprintf("text: invalid UTF-8 at offset %d", e.Offset)
}
func (e *invalidUTF8Error) Code() int32   { return CodeInvalidArgument }
func (e *invalidUTF8Error) Unwrap() error { return ErrInvalidUTF8 }
