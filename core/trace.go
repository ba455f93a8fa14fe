package core

import "github.com/smscserver/libsmscserver/codec/text"

// How every protocol session reports the frames it receives and sends (the
// Trace events). The sessions' send methods write a frame into the
// out-queue inline: a shared helper there costs the busiest path an extra
// call per answer.

// emitTrace delivers a Trace event: for a received frame like any event of
// the connection; for a sent one without ever blocking the sender, which
// may be the host's dispatching thread itself (see emitOutgoingTrace).
func (s *server) emitTrace(c *conn, id *int32, outgoing bool, ev func()) {
	if outgoing {
		s.emitOutgoingTrace(c, id, ev)
		return
	}
	s.emit(c, id, ev)
}

// upperHex is b in upper-case hex, as frames, payloads and headers are
// given to the host.
func upperHex(b []byte) string { return string(text.AppendHex(make([]byte, 0, 2*len(b)), b)) }
