package core

import (
	"fmt"
	"net"
	"os"
	"regexp"
	"strconv"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/multipart"
)

// The return codes are part of the C ABI: include/smscserver.h must give
// each the value the Go code returns, or a C host misreads every error.
func TestCodesMatchTheCHeader(t *testing.T) {
	hdr, err := os.ReadFile("../include/smscserver.h")
	require.NoError(t, err)
	got := map[string]Code{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(SMSC_(?:OK|ERR_[A-Z_]+))\s*=\s*(-?\d+)`).FindAllSubmatch(hdr, -1) {
		v, err := strconv.Atoi(string(m[2]))
		require.NoError(t, err)
		got[string(m[1])] = Code(v)
	}
	want := map[string]Code{
		"SMSC_OK": OK, "SMSC_ERR_INVALID_HANDLE": ErrInvalidHandle, "SMSC_ERR_NOT_INITIALIZED": ErrNotInitialized,
		"SMSC_ERR_ALREADY_INITIALIZED": ErrAlreadyInit, "SMSC_ERR_UNKNOWN_CLIENT": ErrUnknownClient,
		"SMSC_ERR_INVALID_ARGUMENT": ErrInvalidArgument, "SMSC_ERR_ENCODING_FAILED": ErrEncodingFailed,
		"SMSC_ERR_CONTENT_TOO_LONG": ErrContentTooLong, "SMSC_ERR_WRONG_STATE": ErrWrongState,
		"SMSC_ERR_BUFFER_TOO_SMALL": ErrBufferTooSmall, "SMSC_ERR_NOT_PENDING": ErrNotPending,
		"SMSC_ERR_SEND_QUEUE_FULL": ErrSendQueueFull, "SMSC_ERR_CONNECTION_CLOSED": ErrConnectionClosed,
		"SMSC_ERR_INTERNAL": ErrInternal, "SMSC_ERR_SERVER_DESTROYED": ErrServerDestroyed,
		"SMSC_ERR_TIMEOUT": ErrTimeout, "SMSC_ERR_UNSUPPORTED": ErrUnsupported,
	}
	require.Equal(t, want, got)
}

func TestErrorTextAndCodeOf(t *testing.T) {
	seen := map[string]Code{}
	for c := ErrUnsupported; c <= OK; c++ {
		txt := ErrorText(c)
		require.NotEqual(t, "unknown error code", txt, "code %d has no text", c)
		require.NotContains(t, seen, txt, "codes %d and %d share a text", c, seen[txt])
		seen[txt] = c
		require.Equal(t, txt, c.Error())
	}
	require.Equal(t, "unknown error code", ErrorText(-17))
	require.Equal(t, syscall.ECONNREFUSED.Error(), ErrorText(Code(syscall.ECONNREFUSED)), "positive codes are errno values")

	for _, c := range []struct {
		err  error
		want Code
	}{
		{nil, OK},
		{ErrWrongState, ErrWrongState},
		{fmt.Errorf("wrapped: %w", ErrTimeout), ErrTimeout},
		{multipart.ErrBadMode, ErrInvalidArgument}, // a codec error carries its contract code
		{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, Code(syscall.ECONNREFUSED)},
		{fmt.Errorf("read: %w", net.ErrClosed), ErrConnectionClosed},
		{os.ErrClosed, ErrConnectionClosed},
		{&net.OpError{Op: "write", Err: os.ErrDeadlineExceeded}, ErrTimeout},
		{fmt.Errorf("anything else"), ErrInternal},
	} {
		require.Equal(t, c.want, CodeOf(c.err), "%v", c.err)
	}
}
