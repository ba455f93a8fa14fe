package core

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Disconnect reasons reported in TcpDisconnectedEventArgs.Reason, as the
// reference defines them: 0 the peer closed the connection in order (FIN),
// -1 the library ended it (a protocol error, a timer it enforces, the host's
// TcpCloseConnection), >0 a network error: the OS's error number (errno on
// Linux, a WSA code on Windows), such as ECONNRESET for a peer's reset.
const (
	ReasonRemote int32 = 0
	ReasonLocal  int32 = -1
)

// conn is one accepted TCP connection. Its serve goroutine owns the session
// and is the only place its events originate, which keeps them in order.
type conn struct {
	srv *server
	id  int32
	nc  net.Conn // the TLS connection over tcp with tls-cert, else tcp itself
	tcp net.Conn // the accepted socket
	cfg Config
	q   *outQueue

	remoteHost string
	remotePort int
	localAddr  string // "ip:port" for trace events
	remoteAddr string
	early      []byte      // read after a PROXY header, before the session; for its frame reader
	prefix     *prefixConn // with TLS: under the TLS layer, to hand it c.early
	tlsParams  string      // OnTcpConnected's ExtendedParameters after a TLS handshake

	accepted   chan struct{}
	acceptOnce sync.Once
	done       chan struct{}
	closeOnce  sync.Once
	reason     atomic.Int32
	reasonText atomic.Value // string

	throttle throttle // with throttle-scope=connection
	sess     session

	finishOnce   sync.Once
	finishing    atomic.Bool // finish called: stop reading, flush, close
	finishReason atomic.Int32
	finishText   atomic.Value // string

	addrCounted bool // counted for max-connections-per-ip (peraddr.go); set and read by serve
}

func newConn(s *server, id int32, nc net.Conn, cfg Config) *conn {
	c := &conn{
		srv:      s,
		id:       id,
		nc:       nc,
		tcp:      nc,
		cfg:      cfg,
		accepted: make(chan struct{}),
		done:     make(chan struct{}),
	}
	if cfg.tls.conf != nil {
		c.prefix = &prefixConn{Conn: nc}
		c.nc = tls.Server(c.prefix, cfg.tls.conf)
	}
	c.q = newOutQueue(c.nc, cfg.SendQueueLimit, cfg.WriteTimeout, c.writeFailed, c.flushedClose)
	if ra, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		c.remoteHost = ra.IP.String()
		c.remotePort = ra.Port
	}
	c.remoteAddr = nc.RemoteAddr().String()
	c.localAddr = nc.LocalAddr().String()
	return c
}

// close ends the connection once. The first reason given wins, and a
// finish counts as given: a peer that resets or closes while the host's
// close is still flushing does not turn the host's close into its own.
func (c *conn) close(reason int32, text string) {
	c.closeOnce.Do(func() {
		if c.finishing.Load() {
			reason = c.finishReason.Load()
			text, _ = c.finishText.Load().(string)
		}
		c.reason.Store(reason)
		c.reasonText.Store(text)
		close(c.done)
		c.q.markClosed()
		c.acceptOnce.Do(func() { close(c.accepted) })
		if c.prefix != nil {
			c.closeTLS()
		} else {
			c.nc.Close()
		}
	})
}

// isClosed reports a connection that is closed or closing: nothing more is
// read from it or sent to it.
func (c *conn) isClosed() bool {
	if c.finishing.Load() {
		return true
	}
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// readFailed maps a read error to a disconnect reason: an orderly close by
// the peer is 0, a network error its error number.
func (c *conn) readFailed(err error) {
	switch {
	case errors.Is(err, io.EOF):
		c.close(ReasonRemote, "closed by peer")
	case errors.Is(err, io.ErrUnexpectedEOF):
		c.close(ReasonRemote, "closed by peer in the middle of a frame")
	default:
		c.close(networkReason(err, "read failed"))
	}
}

// writeFailed ends the connection after a failed write. A passed write
// deadline is write-timeout, a limit the library enforces, so it is the
// library's close (-1), not a network error.
func (c *conn) writeFailed(err error) {
	select {
	case <-c.done: // the socket was closed under the write: not a write error
		return
	default:
	}
	c.srv.stats.writeErrors.Add(1)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.srv.stats.sessTimeouts.Add(1)
		c.close(ReasonLocal, "write-timeout: the client read nothing for "+c.cfg.WriteTimeout.String())
		return
	}
	c.close(networkReason(err, "write failed"))
}

// networkReason is the Reason and ReasonText of a failed socket call: the
// OS's error number when the error carries one (ECONNRESET, EPIPE, a
// kernel ETIMEDOUT or EHOSTUNREACH, ...). Without one the error can only
// be the library's own doing (the socket closed under the call), so -1.
func networkReason(err error, what string) (int32, string) {
	var errno syscall.Errno
	if errors.As(err, &errno) && errno != 0 {
		return int32(errno), what + ": " + errno.Error() + " (OS error " + strconv.Itoa(int(errno)) + ")"
	}
	return ReasonLocal, what + ": " + err.Error()
}

// serve is the connection goroutine: connected event, acceptance, the
// protocol session, then the disconnected event, always in that order.
func (c *conn) serve() {
	s := c.srv
	defer s.removeConn(c.id)
	defer func() {
		if r := recover(); r != nil {
			// A bug must cost one connection, never the process.
			s.logger().Error("connection goroutine panic", "client", c.id, "panic", r)
			c.close(ReasonLocal, "internal error")
		}
	}()
	if c.cfg.proxy.mode != proxyOff && !c.readProxyHeader() {
		s.stats.connRefused.Add(1)
		return // no events: the host never saw it connected
	}
	if !s.admitAddr(c) {
		s.stats.connRefused.Add(1)
		c.close(ReasonLocal, "max-connections-per-ip")
		return // no events, as over max-connections
	}
	defer s.releaseAddr(c) // a panic's path; normally released below
	if c.cfg.tls.conf != nil && !c.handshakeTLS() {
		// The host learns why a client could not connect: OnTcpDisconnected
		// alone, without an OnTcpConnected before it (tls.go).
		s.stats.connRefused.Add(1)
		s.releaseAddr(c)
		s.unlist(c.id)
		c.emitDisconnected()
		return
	}
	if h := s.tcpConnected(); h != nil {
		e := &TcpConnectedEventArgs{ClientID: c.id, RemoteHost: c.remoteHost, RemotePort: int32(c.remotePort),
			ExtendedParameters: c.tlsParams}
		s.emit(c, &e.ClientID, func() {
			ok := false
			if h := s.tcpConnected(); h != nil {
				ok = safeCall(s, "OnTcpConnected", func() { h(e) })
			}
			if !ok || e.Declined() {
				c.acceptOnce.Do(func() { close(c.accepted) })
			}
		})
		t := time.NewTimer(c.cfg.AcceptTimeout)
		select {
		case <-c.accepted:
		case <-t.C:
			c.close(ReasonLocal, "neither accepted nor closed by the host in time")
		}
		t.Stop()
		if c.isClosed() { // closed by the host, by accept-timeout or by the peer
			s.stats.connRefused.Add(1)
		}
	}
	if !c.isClosed() {
		c.sess.run()
	}
	c.finish(ReasonLocal, "session ended")
	<-c.done
	// Gone from the table, and its address's place free again, before the
	// host hears of it, in both dispatch modes: inside OnTcpDisconnected the
	// ClientID is already unknown, and a client reconnecting at once fits.
	s.releaseAddr(c)
	s.unlist(c.id)
	c.emitDisconnected()
}

// finish closes the connection once what is queued for it has been
// written (a final response, a generic_nack); a peer that does not read
// gets flushWait, then the socket is closed anyway. It never blocks, so a
// handler or the dispatching thread may call it.
func (c *conn) finish(reason int32, text string) {
	c.finishOnce.Do(func() {
		// The reason first: close reads it once it sees finishing.
		c.finishReason.Store(reason)
		c.finishText.Store(text)
		c.finishing.Store(true)
		c.q.closeAfterFlush()
		time.AfterFunc(flushWait, func() { c.close(reason, text) })
	})
}

// flushWait bounds how long a closing connection waits for a peer that
// does not read its final PDUs.
const flushWait = 2 * time.Second

func (c *conn) emitDisconnected() {
	s := c.srv
	e := &TcpDisconnectedEventArgs{ClientID: c.id, Reason: c.reason.Load()}
	if t, ok := c.reasonText.Load().(string); ok {
		e.ReasonText = t
	}
	if s.tcpDisconn() == nil {
		return
	}
	// The connection is already closed, so the post must not abort on
	// c.done: only the server's destruction may drop this last event.
	s.emitFinal(func() {
		if h := s.tcpDisconn(); h != nil {
			safeCall(s, "OnTcpDisconnected", func() { h(e) })
		}
	})
}

// emit delivers an event of connection c (direct or queued). id is the
// event's ClientID: it becomes -1 when the connection has ended before the
// event runs, as the reference defines it, so a host pumping late learns
// that it can no longer answer (nil: the event keeps its id). It returns
// false when the connection or the server went away while waiting for room.
func (s *server) emit(c *conn, id *int32, ev func()) bool {
	if s.isDestroyed() {
		return false
	}
	if s.DispatchMode() == DispatchDirect {
		c.stamp(id)
		s.disp.run(eventFunc(ev))
		return true
	}
	return s.disp.post(queued{ev: eventFunc(ev), c: c, id: id}, c.done)
}

// stamp sets an event's ClientID to -1 when nothing can be sent to the
// connection any more (closed, or closing after a final answer). A nil id
// is an event that keeps the real one.
func (c *conn) stamp(id *int32) {
	if id != nil && c.isClosed() {
		*id = -1
	}
}

// emitEvent is emit for an event that carries its own fire method (and
// stamps its own ClientID), raised on the connection's own goroutine.
func (s *server) emitEvent(c *conn, ev event) bool {
	if s.isDestroyed() {
		return false
	}
	return s.disp.postOwned(ev, c.done)
}

// emitOutgoingTrace reports a PDU the host is sending. Direct mode runs it
// on the sending thread. Pumped mode queues it without ever blocking: the
// sender may be the dispatching thread itself, which would wait for its own
// queue forever. So a trace that finds the queue full is dropped, counted
// and logged (at most once a second) rather than reordered or blocking.
func (s *server) emitOutgoingTrace(c *conn, id *int32, ev func()) {
	if s.DispatchMode() == DispatchDirect {
		s.emit(c, id, ev)
		return
	}
	if s.tryEmit(queued{ev: eventFunc(ev), c: c, id: id}) {
		return
	}
	n := s.tracesDropped.Add(1)
	now := time.Now().UnixNano()
	if last := s.traceDropLog.Load(); now-last >= int64(time.Second) && s.traceDropLog.CompareAndSwap(last, now) {
		s.logger().Warn("event queue full: outgoing trace events dropped", "dropped_total", n)
	}
}

// tryEmit queues a pumped-mode event only if there is room right now.
func (s *server) tryEmit(q queued) bool {
	select {
	case s.disp.queue <- q:
		return true
	default:
		return false
	}
}

func (s *server) emitFinal(ev func()) {
	if s.isDestroyed() {
		return
	}
	s.disp.post(queued{ev: eventFunc(ev)}, s.destroyed)
}

// safeCall runs a host handler; a panic in it is logged and reported as
// false so the caller can apply the library's default answer.
func safeCall(s *server, name string, fn func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			s.logger().Error("event handler panicked", "event", name, "panic", r)
			ok = false
		}
	}()
	fn()
	return true
}

// nudge wakes the reading goroutine so it recomputes its timers now: a
// session state or property changed by another thread (a login answered,
// a new KeepAliveInterval) may need an earlier wake-up than it sleeps for.
func (c *conn) nudge() { _ = c.nc.SetReadDeadline(time.Now()) }

// paced waits until ThrottleRate lets one more message go: counted over
// the whole server, or over this connection alone with
// throttle-scope=connection. It returns false when the connection closed
// meanwhile. The callers hold no lock while they wait here.
func (c *conn) paced() bool {
	t := &c.srv.pace
	if c.cfg.ThrottlePerConnection {
		t = &c.throttle
	}
	// A handler answering in direct mode runs inside the reader's batch,
	// whose answers the out-queue holds until the batch ends: paced answers
	// would leave in one burst. So before a wait what is held goes, and the
	// hold ends: each message leaves at its slot.
	return t.wait(int64(c.srv.ThrottleRate()), c.done, c.q.release)
}

// flushedClose is the writer's close after closeAfterFlush drained.
func (c *conn) flushedClose() {
	text, _ := c.finishText.Load().(string)
	c.close(c.finishReason.Load(), text)
}
