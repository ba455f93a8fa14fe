package main

/*
#include "smscserver.h"
#include "trampoline.h"
*/
import "C"

import "github.com/smscserver/libsmscserver/core"

// callback is a registered C function and its userData. Both are kept as
// integers: the library only passes them back, and userData may be any
// bit pattern a host chooses, which Go must never treat as a pointer.
type callback struct {
	fn, ud C.uintptr_t
}

// callFree runs the C callback on the arena's block and frees the block in
// the same C call (one crossing instead of two); a non-zero return means
// "use the default".
func (cb callback) callFree(a *arena) bool {
	p := a.base
	a.base = nil // the arena's deferred free is now a no-op
	return C.capi_invoke_free(cb.fn, cb.ud, p) == 0
}

// goSmscSetCallback installs (fn != NULL) or removes a C callback. The Go
// handler captures its own copy of fn and userData, so a re-registration
// never changes a callback that is already running.
//
//export goSmscSetCallback
func goSmscSetCallback(h *C.SMSCserver, kind C.int, fn C.uintptr_t, ud C.uintptr_t) (ret C.int) {
	defer guard(&ret)
	srv, code := resolve(h)
	if code != core.OK {
		return C.int(code)
	}
	cb := callback{fn: fn, ud: ud}
	set := fn != 0
	ok := true
	switch {
	case srv.ucp != nil:
		ok = setUcpCallback(srv.ucp, kind, cb, set)
	case srv.cimd2 != nil:
		ok = setCimd2Callback(srv.cimd2, kind, cb, set)
	default:
		ok = setSmppCallback(srv.smpp, kind, cb, set)
	}
	if !ok {
		return C.int(core.ErrInvalidArgument)
	}
	return 0
}

// setSmppCallback installs or removes one SMPP event callback; false for a
// kind that is not an SMPP event.
func setSmppCallback(s *core.SMPPServer, kind C.int, cb callback, set bool) bool {
	ok := true
	s.UpdateHandlers(func(hs *core.SMPPHandlers) {
		switch kind {
		case C.SMSC_EV_OnTcpConnected:
			hs.OnTcpConnected = nil
			if set {
				hs.OnTcpConnected = cb.tcpConnected
			}
		case C.SMSC_EV_OnTcpDisconnected:
			hs.OnTcpDisconnected = nil
			if set {
				hs.OnTcpDisconnected = cb.tcpDisconnected
			}
		case C.SMSC_EV_OnSmppLoginReceived:
			hs.OnSmppLoginReceived = nil
			if set {
				hs.OnSmppLoginReceived = cb.smppLogin
			}
		case C.SMSC_EV_OnSmppLogoutReceived:
			hs.OnSmppLogoutReceived = nil
			if set {
				hs.OnSmppLogoutReceived = cb.smppLogout
			}
		case C.SMSC_EV_OnSmppSubmitMessageReceived:
			hs.OnSmppSubmitMessageReceived = nil
			if set {
				hs.OnSmppSubmitMessageReceived = cb.smppSubmitReceived
			}
		case C.SMSC_EV_OnSmppSubmitMessageCompleted:
			hs.OnSmppSubmitMessageCompleted = nil
			if set {
				hs.OnSmppSubmitMessageCompleted = cb.smppSubmitCompleted
			}
		case C.SMSC_EV_OnSmppSubmitMessageIncomplete:
			hs.OnSmppSubmitMessageIncomplete = nil
			if set {
				hs.OnSmppSubmitMessageIncomplete = cb.smppSubmitIncomplete
			}
		case C.SMSC_EV_OnSmppDeliverResponseReceived:
			hs.OnSmppDeliverResponseReceived = nil
			if set {
				hs.OnSmppDeliverResponseReceived = cb.smppDeliverResponse
			}
		case C.SMSC_EV_OnSmppRAWReceived:
			hs.OnSmppRAWReceived = nil
			if set {
				hs.OnSmppRAWReceived = cb.smppRAW
			}
		case C.SMSC_EV_OnSmppTraceProtocol:
			hs.OnSmppTraceProtocol = nil
			if set {
				hs.OnSmppTraceProtocol = cb.smppTrace
			}
		case C.SMSC_EV_OnSmppQueryReceived:
			hs.OnSmppQueryReceived = nil
			if set {
				hs.OnSmppQueryReceived = cb.smppQuery
			}
		case C.SMSC_EV_OnSmppCancelReceived:
			hs.OnSmppCancelReceived = nil
			if set {
				hs.OnSmppCancelReceived = cb.smppCancel
			}
		case C.SMSC_EV_OnSmppReplaceReceived:
			hs.OnSmppReplaceReceived = nil
			if set {
				hs.OnSmppReplaceReceived = cb.smppReplace
			}
		default:
			ok = false
		}
	})
	return ok
}
