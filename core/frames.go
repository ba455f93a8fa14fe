package core

import "github.com/smscserver/libsmscserver/codec/text"

// How every protocol session sends a frame and reports the frames it
// receives and sends (the Trace events).

// enqueue appends one frame, written by encode, to the connection's
// out-queue. encode runs under the queue's lock, so it may use the
// session's encoder scratch; an encode error leaves the queue as it was.
// With traced, enqueue also returns the frame in hex for the Trace event,
// which the caller raises once the lock is released.
func (c *conn) enqueue(traced bool, encode func(b []byte) ([]byte, error)) (hexFrame string, code Code) {
	b, err := c.q.lock()
	if err != nil {
		return "", CodeOf(err)
	}
	start := len(b)
	if b, err = encode(b); err != nil {
		c.q.abort()
		return "", CodeOf(err)
	}
	if traced {
		hexFrame = upperHex(b[start:])
	}
	c.q.unlock(b)
	return hexFrame, OK
}

// emitTrace delivers a Trace event: for a received frame like any event of
// the connection; for a sent one without ever blocking the sender, which
// may be the host's dispatching thread itself (see emitOutgoingTrace).
func (s *server) emitTrace(c *conn, outgoing bool, ev func()) {
	if outgoing {
		s.emitOutgoingTrace(c, ev)
		return
	}
	s.emit(c, ev)
}

// upperHex is b in upper-case hex, as frames, payloads and headers are
// given to the host.
func upperHex(b []byte) string { return string(text.AppendHex(make([]byte, 0, 2*len(b)), b)) }
