package core

import (
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A listen that fails returns the OS error number (the contract's positive
// codes) and leaves the server free to try again.
func TestInitializeReturnsListenErrno(t *testing.T) {
	first, _ := startSMPP(t, SMPPHandlers{}, "")
	s := NewSMPPServer()
	t.Cleanup(func() { s.Destroy(true, 5*time.Second) })

	require.Equal(t, Code(syscall.EADDRINUSE), s.SmppInitializeServer("127.0.0.1", first.LocalPort(), ""))
	// 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this host.
	require.Equal(t, Code(syscall.EADDRNOTAVAIL), s.SmppInitializeServer("192.0.2.1", 0, ""))
	require.Equal(t, "address already in use", ErrorText(Code(syscall.EADDRINUSE)))

	require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, ""))
	require.NotZero(t, s.LocalPort())
	require.NotEqual(t, first.LocalPort(), s.LocalPort())
}
