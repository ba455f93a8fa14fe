package main

// The generated mirrors of the C ABI (zevents.go, zevents.h, zshim.c, the
// Python and .NET mirrors, tests/abi/zlayout.c) come from
// include/smscserver.h and package core: docs/abi.md, "Generated mirrors".
//go:generate go run ../internal/abigen -root ..
