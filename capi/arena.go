package main

/*
#include <stdlib.h>
#include "trampoline.h"
*/
import "C"

import "unsafe"

// arena is the one C allocation behind an event: the args struct, then any
// uint32 array, then every string, NUL-terminated. One malloc and one free
// per event, done by the same C calls that fill and invoke (capi_alloc,
// capi_invoke_free), and nothing Go-owned is ever visible to C.
type arena struct {
	base unsafe.Pointer
	off  uintptr
	size uintptr
}

// newArena sizes the block for a struct of structSize bytes, nU32 uint32
// values and the given strings, and zeroes the struct part.
func newArena(structSize uintptr, nU32 int, strs ...string) arena {
	size := structSize + uintptr(nU32)*4
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
	// uint32 array that follows is aligned.
	return arena{base: p, off: structSize, size: size}
}

func (a *arena) str(s string) *C.char {
	dst := unsafe.Add(a.base, a.off)
	b := unsafe.Slice((*byte)(dst), len(s)+1)
	copy(b, s)
	b[len(s)] = 0
	a.off += uintptr(len(s)) + 1
	return (*C.char)(dst)
}

func (a *arena) u32s(v []uint32) *C.uint32_t {
	if len(v) == 0 {
		return nil
	}
	dst := unsafe.Add(a.base, a.off)
	copy(unsafe.Slice((*uint32)(dst), len(v)), v)
	a.off += uintptr(len(v)) * 4
	return (*C.uint32_t)(dst)
}

// free releases the block unless callFree already did.
func (a *arena) free() {
	if a.base != nil {
		C.free(a.base)
		a.base = nil
	}
}
