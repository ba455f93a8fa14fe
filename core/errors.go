package core

import (
	"errors"
	"net"
	"os"
	"syscall"
)

// Code is a return code of the API (docs/api.md, "Return codes"): 0 success,
// negative an internal error of the library, positive an OS network error number
// (errno). The negative values are part of the C ABI and never change.
type Code int32

const (
	OK                  Code = 0
	ErrInvalidHandle    Code = -1  // unknown or destroyed server handle
	ErrNotInitialized   Code = -2  // the server is not listening
	ErrAlreadyInit      Code = -3  // InitializeServer called twice
	ErrUnknownClient    Code = -4  // no connection with that ClientID (or it is gone)
	ErrInvalidArgument  Code = -5  // NULL pointer, bad enum value, malformed hex, out of range
	ErrEncodingFailed   Code = -6  // content has characters the encoding cannot carry
	ErrContentTooLong   Code = -7  // content needs more than 255 parts, or a field exceeds its wire size
	ErrWrongState       Code = -8  // the session's bind state does not allow this operation
	ErrBufferTooSmall   Code = -9  // a caller-supplied out buffer cannot hold the result
	ErrNotPending       Code = -10 // no request with that sequence/transaction number awaits an answer
	ErrSendQueueFull    Code = -11 // the peer does not read; the connection's output buffer is full
	ErrConnectionClosed Code = -12 // the connection is closing or closed
	ErrInternal         Code = -13 // a bug in the library (a recovered panic); details in the log
	ErrServerDestroyed  Code = -14 // the server was finalized and destroyed while waiting
	ErrTimeout          Code = -15 // a wait ran out of time
	ErrUnsupported      Code = -16 // the operation is not supported by this protocol or version
)

var codeText = map[Code]string{
	OK:                  "success",
	ErrInvalidHandle:    "invalid or destroyed server handle",
	ErrNotInitialized:   "server is not initialized",
	ErrAlreadyInit:      "server is already initialized",
	ErrUnknownClient:    "unknown client connection",
	ErrInvalidArgument:  "invalid argument",
	ErrEncodingFailed:   "content cannot be represented in the requested encoding",
	ErrContentTooLong:   "content or field too long",
	ErrWrongState:       "operation not allowed in the session's current state",
	ErrBufferTooSmall:   "buffer too small",
	ErrNotPending:       "no request with that number awaits an answer",
	ErrSendQueueFull:    "connection send queue is full",
	ErrConnectionClosed: "connection is closed",
	ErrInternal:         "internal error",
	ErrServerDestroyed:  "server destroyed",
	ErrTimeout:          "timed out",
	ErrUnsupported:      "operation not supported",
}

// Error makes a Code usable as a Go error. OK is never returned as an error.
func (c Code) Error() string { return ErrorText(c) }

// ErrorText describes any return code, including positive errno values.
func ErrorText(c Code) string {
	if t, ok := codeText[c]; ok {
		return t
	}
	if c > 0 {
		return syscall.Errno(c).Error()
	}
	return "unknown error code"
}

// CodeOf converts an error from the library or the OS into a return code.
func CodeOf(err error) Code {
	if err == nil {
		return OK
	}
	var c Code
	if errors.As(err, &c) {
		return c
	}
	// The codec packages carry return codes without importing core.
	var coded interface{ Code() int32 }
	if errors.As(err, &coded) {
		return Code(coded.Code())
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return Code(errno)
	}
	if errors.Is(err, net.ErrClosed) || errors.Is(err, os.ErrClosed) {
		return ErrConnectionClosed
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return ErrTimeout
	}
	return ErrInternal
}
