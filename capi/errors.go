package main

/*
#include <stdlib.h>
#include "trampoline.h"
*/
import "C"

import (
	"sync"
	"unsafe"

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
	errTexts  = map[string]*C.char{}
)

// maxErrTexts bounds the texts kept: the library's codes and the errno
// table need about 150; a caller looping over every int would otherwise
// grow the cache without end.
const maxErrTexts = 1024

// goSmscErrorText returns a C string that lives for the process: error
// texts are few (the library's codes plus errno values), so each distinct
// text is allocated once and handed out forever, and callers never free
// anything. Codes without a text of their own share one; past the bound a
// code gets the shared "unknown error code" text rather than a fresh
// allocation nobody could free.
//
//export goSmscErrorText
func goSmscErrorText(code C.int) (out *C.char) {
	defer func() {
		if r := recover(); r != nil {
			out = unknownErrText()
		}
	}()
	t := core.ErrorText(core.Code(code))
	errTextMu.Lock()
	defer errTextMu.Unlock()
	if p, ok := errTexts[t]; ok {
		return p
	}
	if len(errTexts) >= maxErrTexts {
		return unknownErrTextLocked()
	}
	p := C.CString(t)
	C.capi_keep(unsafe.Pointer(p))
	errTexts[t] = p
	return p
}

const unknownText = "unknown error code"

func unknownErrText() *C.char {
	errTextMu.Lock()
	defer errTextMu.Unlock()
	return unknownErrTextLocked()
}

func unknownErrTextLocked() *C.char {
	p, ok := errTexts[unknownText]
	if !ok {
		p = C.CString(unknownText)
		C.capi_keep(unsafe.Pointer(p))
		errTexts[unknownText] = p
	}
	return p
}
