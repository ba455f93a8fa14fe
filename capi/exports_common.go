package main

/*
#include "smscserver.h"
*/
import "C"

import (
	"time"
	"unsafe"

	"github.com/smscserver/libsmscserver/core"
)

//export goSmppCreateServer
func goSmppCreateServer() (out *C.SMSCserver) {
	defer func() {
		if r := recover(); r != nil {
			logPanic(r)
			out = nil
		}
	}()
	return newHandle(&entry{smpp: core.NewSMPPServer()})
}

// destroyWait bounds how long smscDestroyServer waits for running callbacks.
const destroyWait = 10 * time.Second

//export goSmscDestroyServer
func goSmscDestroyServer(h *C.SMSCserver, inCallback C.int) (ret C.int) {
	defer guard(&ret)
	e, ok := lookup(h)
	if !ok {
		return C.int(core.ErrInvalidHandle)
	}
	e.mu.Lock()
	srv := servers{smpp: e.smpp, ucp: e.ucp, cimd2: e.cimd2}.common()
	if e.destroyed || srv == nil {
		e.mu.Unlock()
		return C.int(core.ErrInvalidHandle)
	}
	e.destroyed = true
	e.live.Store(nil)
	// The tombstone must not keep the server's memory alive.
	e.smpp, e.ucp, e.cimd2 = nil, nil, nil
	e.mu.Unlock()
	return C.int(srv.Destroy(inCallback == 0, destroyWait))
}

//export goSmscSetDispatchMode
func goSmscSetDispatchMode(h *C.SMSCserver, mode C.int) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SetDispatchMode(core.DispatchMode(mode)))
}

//export goSmscDispatchEvents
func goSmscDispatchEvents(h *C.SMSCserver, timeoutMs C.int, maxEvents C.int) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		// The header promises SMSC_ERR_SERVER_DESTROYED to a dispatcher
		// loop once its server is gone, also on the calls after the one
		// that was blocked when it was destroyed.
		if e, ok := lookup(h); ok {
			e.mu.Lock()
			dead := e.destroyed
			e.mu.Unlock()
			if dead {
				return C.int(core.ErrServerDestroyed)
			}
		}
		return C.int(code)
	}
	timeout := time.Duration(timeoutMs) * time.Millisecond
	if timeoutMs < 0 {
		timeout = -1
	}
	n, code := s.DispatchEvents(timeout, int(maxEvents))
	if code != core.OK {
		return C.int(code)
	}
	return C.int(n)
}

//export goSmscWakeDispatcher
func goSmscWakeDispatcher(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	s.WakeDispatcher()
	return 0
}

//export goSmscGetLocalPort
func goSmscGetLocalPort(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	if p := s.LocalPort(); p > 0 {
		return C.int(p)
	}
	return C.int(core.ErrNotInitialized)
}

//export goSmscGetConnectionCount
func goSmscGetConnectionCount(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.ConnectionCount())
}

//export goSmscGetKeepAliveInterval
func goSmscGetKeepAliveInterval(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.KeepAliveInterval())
}

//export goSmscSetKeepAliveInterval
func goSmscSetKeepAliveInterval(h *C.SMSCserver, v C.int) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SetKeepAliveInterval(int(v)))
}

//export goSmscGetThrottleRate
func goSmscGetThrottleRate(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.ThrottleRate())
}

//export goSmscSetThrottleRate
func goSmscSetThrottleRate(h *C.SMSCserver, v C.int) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.SetThrottleRate(int(v)))
}

//export goTcpAcceptConnection
func goTcpAcceptConnection(h *C.SMSCserver, id C.int) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.TcpAcceptConnection(int32(id)))
}

//export goTcpCloseConnection
func goTcpCloseConnection(h *C.SMSCserver, id C.int) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	return C.int(s.TcpCloseConnection(int32(id)))
}

//export goTcpCloseAllConnections
func goTcpCloseAllConnections(h *C.SMSCserver) (ret C.int) {
	defer guard(&ret)
	s, code := serverOf(h)
	if code != core.OK {
		return C.int(code)
	}
	s.TcpCloseAllConnections()
	return 0
}

// goString copies a borrowed C string; NULL reads as "".
func goString(p *C.char) string {
	if p == nil {
		return ""
	}
	return C.GoString(p)
}

// fromMillis converts the ABI's Unix milliseconds; 0 is "not set".
func fromMillis(ms C.int64_t) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(ms)).UTC()
}

func toMillis(t time.Time) C.int64_t {
	if t.IsZero() {
		return 0
	}
	return C.int64_t(t.UnixMilli())
}

// partsLimit is how many parts a split delivery may have: the capacity of
// the caller's out array, or -1 (no limit) when the caller passed none.
func partsLimit(out *C.uint32_t, capacity C.size_t) int {
	if out == nil {
		return -1
	}
	return int(capacity)
}

// fillNumbers copies the numbers of the parts sent into the caller's
// array (never past capacity) and sets *count: the number of parts when
// all went out or when the array is too small (nothing sent), else the
// number of parts that went out before the failure, so a host can match
// the answers of those.
func fillNumbers(out *C.uint32_t, capacity C.size_t, count *C.size_t, used []uint32, parts int, code core.Code) {
	if count != nil {
		n := parts
		if code != core.OK && code != core.ErrBufferTooSmall {
			n = len(used)
		}
		*count = C.size_t(n)
	}
	if out != nil && len(used) > 0 {
		copy(unsafe.Slice((*uint32)(unsafe.Pointer(out)), int(capacity)), used)
	}
}
