package main

/*
#include "smscserver.h"
#include "trampoline.h"
*/
import "C"

import (
	"sync"
	"sync/atomic"
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
// (docs/abi.md, "Handles"). The tombstone drops its server, so that a destroyed
// server's memory is released; only the few bytes of the entry remain.
type entry struct {
	mu sync.Mutex
	// Exactly one protocol server is set; all are nil once destroyed.
	smpp      *core.SMPPServer
	ucp       *core.UCPServer
	cimd2     *core.CIMD2Server
	destroyed bool
	// live is the servers while not destroyed, nil after: every call reads
	// it, and an atomic load keeps threads off the entry's lock.
	live atomic.Pointer[servers]
}

// handles maps a handle's address to its entry. go-pointer's Restore takes
// a process-wide lock per call; handles are never released (tombstones),
// so this read-mostly index never needs an entry removed.
var handles sync.Map // uintptr -> *entry

// servers is a snapshot of an entry's server, taken under its lock.
type servers struct {
	smpp  *core.SMPPServer
	ucp   *core.UCPServer
	cimd2 *core.CIMD2Server
}

// common is the protocol-independent view of whichever server is set.
func (s servers) common() server {
	switch {
	case s.smpp != nil:
		return s.smpp
	case s.ucp != nil:
		return s.ucp
	case s.cimd2 != nil:
		return s.cimd2
	}
	return nil
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
	Statistics() core.Statistics
	Destroy(wait bool, timeout time.Duration) core.Code
}

// newHandle registers e under a fresh go-pointer key (a 1-octet C block).
// Keys are never freed (see entry), so the key is also recorded as a
// process-lifetime block for leak checkers.
func newHandle(e *entry) *C.SMSCserver {
	e.live.Store(&servers{smpp: e.smpp, ucp: e.ucp, cimd2: e.cimd2})
	p := pointer.Save(e)
	handles.Store(uintptr(p), e)
	C.capi_keep(p)
	return (*C.SMSCserver)(p)
}

// lookup returns the entry a handle names, destroyed or not.
func lookup(h *C.SMSCserver) (*entry, bool) {
	if h == nil {
		return nil, false
	}
	if v, ok := handles.Load(uintptr(unsafe.Pointer(h))); ok {
		return v.(*entry), true
	}
	e, ok := pointer.Restore(unsafe.Pointer(h)).(*entry)
	return e, ok && e != nil
}

// resolve returns the servers of a live handle (read under the entry's
// lock: destroy clears them), or the code to return.
func resolve(h *C.SMSCserver) (servers, core.Code) {
	e, ok := lookup(h)
	if !ok {
		return servers{}, core.ErrInvalidHandle
	}
	s := e.live.Load()
	if s == nil || s.common() == nil {
		return servers{}, core.ErrInvalidHandle
	}
	return *s, core.OK
}

// serverOf resolves a handle of any protocol.
func serverOf(h *C.SMSCserver) (server, core.Code) {
	s, code := resolve(h)
	if code != core.OK {
		return nil, code
	}
	return s.common(), core.OK
}

// smppOf, ucpOf and cimd2Of resolve a handle that must be a server of that
// protocol; another protocol's handle is as invalid as a made-up one.
func smppOf(h *C.SMSCserver) (*core.SMPPServer, core.Code) {
	s, code := resolve(h)
	if code == core.OK && s.smpp == nil {
		code = core.ErrInvalidHandle
	}
	return s.smpp, code
}

func ucpOf(h *C.SMSCserver) (*core.UCPServer, core.Code) {
	s, code := resolve(h)
	if code == core.OK && s.ucp == nil {
		code = core.ErrInvalidHandle
	}
	return s.ucp, code
}

func cimd2Of(h *C.SMSCserver) (*core.CIMD2Server, core.Code) {
	s, code := resolve(h)
	if code == core.OK && s.cimd2 == nil {
		code = core.ErrInvalidHandle
	}
	return s.cimd2, code
}
