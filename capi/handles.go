package main

/*
#include "smscserver.h"
*/
import "C"

import (
	"sync"
	"time"
	"unsafe"

	pointer "github.com/mattn/go-pointer"

	"github.com/smscserver/libsmscserver/core"
)

// entry is what an SMSCserver* handle resolves to. Handles are go-pointer
// keys: real C addresses, so they pass through C as pointers. A destroyed
// server's key is never Unref'd: the entry stays as a tombstone, the
// address is never freed and so never handed out again by malloc, and a
// stale handle keeps resolving to "destroyed" instead of to a newer server
// (abi-notes §2.1).
type entry struct {
	mu        sync.Mutex
	smpp      *core.SMPPServer
	destroyed bool
}

// server is the protocol-independent surface every server object offers.
type server interface {
	TcpAcceptConnection(id int32) core.Code
	TcpCloseConnection(id int32) core.Code
	TcpCloseAllConnections()
	SetDispatchMode(m core.DispatchMode) core.Code
	DispatchEvents(timeout time.Duration, max int) (int, core.Code)
	WakeDispatcher()
	KeepAliveInterval() int
	SetKeepAliveInterval(v int) core.Code
	ThrottleRate() int
	SetThrottleRate(v int) core.Code
	LocalPort() int
	ConnectionCount() int
	Destroy(wait bool, timeout time.Duration) core.Code
}

func newHandle(e *entry) *C.SMSCserver {
	return (*C.SMSCserver)(pointer.Save(e))
}

// resolve returns the live entry of a handle, or the code to return.
func resolve(h *C.SMSCserver) (*entry, core.Code) {
	if h == nil {
		return nil, core.ErrInvalidHandle
	}
	e, ok := pointer.Restore(unsafe.Pointer(h)).(*entry)
	if !ok || e == nil {
		return nil, core.ErrInvalidHandle
	}
	e.mu.Lock()
	dead := e.destroyed
	e.mu.Unlock()
	if dead {
		return nil, core.ErrInvalidHandle
	}
	return e, core.OK
}

// serverOf resolves a handle of any protocol.
func serverOf(h *C.SMSCserver) (server, core.Code) {
	e, code := resolve(h)
	if code != core.OK {
		return nil, code
	}
	if e.smpp != nil {
		return e.smpp, core.OK
	}
	return nil, core.ErrInvalidHandle
}

// smppOf resolves a handle that must be an SMPP server.
func smppOf(h *C.SMSCserver) (*core.SMPPServer, core.Code) {
	e, code := resolve(h)
	if code != core.OK {
		return nil, code
	}
	if e.smpp == nil {
		return nil, core.ErrInvalidHandle
	}
	return e.smpp, core.OK
}
