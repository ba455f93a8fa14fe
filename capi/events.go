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
	if !setCallback(srv, kind, callback{fn: fn, ud: ud}, fn != 0) {
		return C.int(core.ErrInvalidArgument)
	}
	return 0
}
