package main

/*
#include <stdlib.h>
#include "trampoline.h"
*/
import "C"

import (
	"fmt"
	"time"
	"unsafe"
)

// arena is the one C allocation behind an event: the args struct, then its
// int64 arrays, then its uint32 arrays, then every string, NUL-terminated.
// One malloc and one free per event, done by the same C calls that fill
// and invoke (capi_alloc, capi_invoke_free), and nothing Go-owned is ever
// visible to C.
//
// The generated fill functions (zevents.go) size the block from the same
// list of strings they copy, and every write is bounds-checked: a fill that
// wrote past the block would corrupt the host's heap, so it panics instead
// (the core recovers a handler's panic and logs it), and done() panics when
// a fill used less than it sized. The tests run every fill function.
type arena struct {
	base unsafe.Pointer
	off  uintptr
	size uintptr
}

// init allocates the block for a struct of structSize bytes, n64 int64
// values, n32 uint32 values and strs, and zeroes the struct part.
func (a *arena) init(structSize uintptr, n64, n32 int, strs []string) {
	size := structSize + uintptr(n64)*8 + uintptr(n32)*4
	for _, s := range strs {
		size += uintptr(len(s)) + 1
	}
	// One C call for malloc and memset: each cgo call costs about as much
	// as the copying.
	p := C.capi_alloc(C.size_t(size), C.size_t(structSize))
	if p == nil {
		panic("out of memory")
	}
	// structSize is a multiple of 8 (the structs hold pointers), so the
	// int64 arrays that follow it, and the uint32 arrays after those, are
	// aligned.
	a.base, a.off, a.size = p, structSize, size
}

// take reserves n bytes of the block. It is small enough to inline: the
// check costs one compare on the hot path.
func (a *arena) take(n uintptr) unsafe.Pointer {
	if n > a.size-a.off { // off <= size always holds, so this cannot wrap
		panic(overflowError{n, a.off, a.size})
	}
	p := unsafe.Add(a.base, a.off)
	a.off += n
	return p
}

// overflowError is the panic of a fill that would write past its block.
type overflowError struct{ want, off, size uintptr }

func (e overflowError) Error() string {
	return fmt.Sprintf("capi: event block overflow: %d bytes wanted at offset %d of %d", e.want, e.off, e.size)
}

func (a *arena) str(s string) *C.char {
	dst := a.take(uintptr(len(s)) + 1)
	b := unsafe.Slice((*byte)(dst), len(s)+1)
	copy(b, s)
	b[len(s)] = 0
	return (*C.char)(dst)
}

func (a *arena) u32s(v []uint32) *C.uint32_t {
	if len(v) == 0 {
		return nil
	}
	dst := a.take(uintptr(len(v)) * 4)
	copy(unsafe.Slice((*uint32)(dst), len(v)), v)
	return (*C.uint32_t)(dst)
}

// millis writes exactly n times as Unix milliseconds: the C struct has one
// count for all its arrays, so missing times read as 0 ("not set").
func (a *arena) millis(ts []time.Time, n int) *C.int64_t {
	if n == 0 {
		return nil
	}
	dst := a.take(uintptr(n) * 8)
	out := unsafe.Slice((*int64)(dst), n)
	for i := range out {
		out[i] = 0
		if i < len(ts) {
			out[i] = int64(toMillis(ts[i]))
		}
	}
	return (*C.int64_t)(dst)
}

// done checks that the fill used exactly what init sized.
func (a *arena) done() {
	if a.off != a.size {
		panic(fmt.Sprintf("capi: event block sized %d bytes, filled %d", a.size, a.off))
	}
}

// free releases the block unless callFree already did.
func (a *arena) free() {
	if a.base != nil {
		C.free(a.base)
		a.base = nil
	}
}
