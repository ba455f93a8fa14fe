package core

import (
	"sync"
	"sync/atomic"
)

// handlerSet holds a server's event handlers (SMPPHandlers, UCPHandlers or
// CIMD2Handlers). Every event reads them, often from many connections at
// once, so a read is one atomic load of an immutable copy; writers take a
// lock only to serialise read-modify-write updates against each other.
// Embedded in each protocol server, it supplies their Handlers, SetHandlers
// and UpdateHandlers methods.
type handlerSet[H any] struct {
	updateMu sync.Mutex // serialises writers; readers never take it
	current  atomic.Pointer[H]
}

// initHandlers installs the empty set: no handler registered, every event
// gets the library's default. The server constructors call it first.
func (hs *handlerSet[H]) initHandlers() { hs.current.Store(new(H)) }

// h is the current set, for reading only: it is shared with every event
// that loaded it.
func (hs *handlerSet[H]) h() *H { return hs.current.Load() }

// Handlers returns a copy of the registered handlers (SMPPHandlers,
// UCPHandlers or CIMD2Handlers, after the server).
func (hs *handlerSet[H]) Handlers() H { return *hs.h() }

// SetHandlers replaces every handler at once.
func (hs *handlerSet[H]) SetHandlers(h H) {
	hs.updateMu.Lock()
	hs.current.Store(&h)
	hs.updateMu.Unlock()
}

// UpdateHandlers changes some handlers atomically with respect to other
// updates; events already running keep the handler they started with.
// fn runs once, under the writers' lock (which no event takes), so it
// must not itself call SetHandlers or UpdateHandlers.
func (hs *handlerSet[H]) UpdateHandlers(fn func(h *H)) {
	hs.updateMu.Lock()
	h := *hs.h()
	fn(&h)
	hs.current.Store(&h)
	hs.updateMu.Unlock()
}

// handlerMethods are the methods every protocol server gets from its
// handlerSet; the assertions below keep their signatures the ones capi, the
// bindings and hosts call.
type handlerMethods[H any] interface {
	Handlers() H
	SetHandlers(h H)
	UpdateHandlers(fn func(h *H))
}

var (
	_ handlerMethods[SMPPHandlers]  = (*SMPPServer)(nil)
	_ handlerMethods[UCPHandlers]   = (*UCPServer)(nil)
	_ handlerMethods[CIMD2Handlers] = (*CIMD2Server)(nil)
)
