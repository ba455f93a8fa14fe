package core

import "unsafe"

// stringBlock makes several strings out of one allocation. An event's
// fields (addresses, text, header) would otherwise cost an allocation each,
// which on the submit path is a large part of the library's work per
// message. The strings share the block, so a handler that keeps one of them
// keeps the whole block alive: a few hundred bytes at most.
type stringBlock struct{ b []byte }

// init sizes the block for exactly n bytes of strings.
func (sb *stringBlock) init(n int) {
	if n > 0 {
		sb.b = make([]byte, 0, n)
	}
}

// add copies p into the block and returns it as a string. The block never
// grows past init's size, so earlier strings are never moved or rewritten.
func (sb *stringBlock) add(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	if len(p) > cap(sb.b)-len(sb.b) {
		return string(p) // more than init was told: still correct, one more allocation
	}
	start := len(sb.b)
	sb.b = append(sb.b, p...)
	return unsafe.String(&sb.b[start], len(p))
}
