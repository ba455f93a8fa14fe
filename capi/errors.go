package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"sync"

	"github.com/smscserver/libsmscserver/core"
)

// guard turns a panic anywhere below an export into ErrInternal: nothing
// may unwind across the C boundary.
func guard(ret *C.int) {
	if r := recover(); r != nil {
		logPanic(r)
		*ret = C.int(core.ErrInternal)
	}
}

func logPanic(r any) { core.LogInternal("panic in C API call", r) }

var (
	errTextMu sync.Mutex
	errTexts  = map[C.int]*C.char{}
)

// goSmscErrorText returns a C string that lives for the process: error
// texts are few (the library's codes plus errno values), so each is
// allocated once and handed out forever, and callers never free anything.
//
//export goSmscErrorText
func goSmscErrorText(code C.int) (out *C.char) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	errTextMu.Lock()
	defer errTextMu.Unlock()
	if p, ok := errTexts[code]; ok {
		return p
	}
	p := C.CString(core.ErrorText(core.Code(code)))
	if len(errTexts) < 4096 { // bound the cache against callers looping over every int
		errTexts[code] = p
	}
	return p
}
