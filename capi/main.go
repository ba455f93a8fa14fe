// Package main is the C ABI of libsmscserver: cgo exports only, each a
// thin translation between C types and the core's methods. The public
// prototypes are in include/smscserver.h; shim.c maps them onto the go*
// exports here. Build with `make lib`.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../include -O2
#include "smscserver.h"
#include "trampoline.h"
*/
import "C"

func main() {}
