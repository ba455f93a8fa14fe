/* Internal to capi: the C side of calling host callbacks from Go. */
#ifndef SMSC_TRAMPOLINE_H
#define SMSC_TRAMPOLINE_H

#include <stddef.h>
#include <stdint.h>

/* Calls fn(userData, args); cgo cannot call C function pointers itself.
 * Tracks per thread that a callback is running, for smscDestroyServer.
 * fn and userData travel through Go as integers: userData may be any bit
 * pattern ((void *)1 is common), and Go must never see it as a pointer
 * (the GC and stack copying check pointer-typed values). */
int capi_invoke(uintptr_t fn, uintptr_t userData, const void *args);

/* capi_invoke, then free(args): an event's block goes in the same call. */
int capi_invoke_free(uintptr_t fn, uintptr_t userData, void *args);

/* malloc(size) with its first zero bytes cleared: an event's block in one
 * call instead of two. */
void *capi_alloc(size_t size, size_t zero);

/* Records a C block that lives until the process exits (a handle key, a
 * cached error text) in a table held by a C global, so that leak checkers
 * (LSan, valgrind) see it as reachable: they do not scan the Go heap, where
 * the only other reference lives, and would report it as leaked, the same
 * way as a real leak of an event's argument block. */
void capi_keep(void *p);

/* The event kinds of goSmscSetCallback (generated from the header). */
#include "zevents.h"

#endif
