package core

import (
	"errors"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// server is the protocol-independent part of every SMSCserver object: the
// listeners, the ClientID registry, the dispatcher and the properties. The
// protocol servers (SMPPServer, ...) embed it and supply sessions.
type server struct {
	proto string // "smpp", "ucp", "cimd2": ExtendedParameters prefix

	mu        sync.Mutex
	listeners []net.Listener
	conns     map[int32]*conn
	// byID mirrors conns for lookup, which every host call does: a read
	// of a sync.Map takes no lock, so calls from many threads do not
	// contend on mu. Written under mu together with conns.
	byID   sync.Map
	nextID int32
	cfg    Config
	// perAddr counts connections by client address for
	// max-connections-per-ip (peraddr.go); under mu.
	perAddr map[string]int
	port    int

	disp        *dispatcher
	destroyed   chan struct{}
	destroyOnce sync.Once
	connWG      sync.WaitGroup

	keepAlive     atomic.Int64 // seconds
	tracesDropped atomic.Int64 // outgoing traces lost to a full pumped queue
	traceDropLog  atomic.Int64 // unix nanos of the last warning about them
	throttle      atomic.Int64 // ThrottleRate: messages per second
	pace          throttle     // ThrottleRate's count over all connections

	log *slog.Logger

	stats serverStats // stats.go

	// supplied by the protocol server
	newSession   func(c *conn) session
	tcpConnected func() func(*TcpConnectedEventArgs)
	tcpDisconn   func() func(*TcpDisconnectedEventArgs)
}

// session is one protocol conversation on one accepted connection.
type session interface {
	// run reads and handles frames until the connection ends. It owns the
	// session state, so it needs no locks for it.
	run()
}

func (s *server) init(proto string, latencyClass func(cmd uint32) int) {
	s.proto = proto
	s.stats.latencyClass = latencyClass
	s.conns = make(map[int32]*conn)
	s.cfg = defaultConfig()
	s.disp = newDispatcher(DefaultEventQueueSize, s.isDestroyed)
	s.destroyed = make(chan struct{})
	s.log = slog.Default().With("protocol", proto)
}

// SetLogger replaces the logger used for conditions no event reports.
func (s *server) SetLogger(l *slog.Logger) {
	if l != nil {
		s.mu.Lock()
		s.log = l.With("protocol", s.proto)
		s.mu.Unlock()
	}
}

func (s *server) logger() *slog.Logger {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log
}

// SetDispatchMode selects direct or pumped event delivery. Changing it while
// events are queued lets the queued ones run in the next DispatchEvents.
func (s *server) SetDispatchMode(m DispatchMode) Code {
	if m != DispatchDirect && m != DispatchPumped {
		return ErrInvalidArgument
	}
	s.disp.mode.Store(int32(m))
	return OK
}

func (s *server) DispatchMode() DispatchMode { return DispatchMode(s.disp.mode.Load()) }

// DispatchEvents runs queued events on the calling thread (pumped mode).
// timeout < 0 waits forever for the first event, 0 polls. It returns the
// number of events run, or ErrServerDestroyed once the server is gone.
func (s *server) DispatchEvents(timeout time.Duration, max int) (int, Code) {
	n, err := s.disp.dispatch(timeout, max, s.destroyed)
	return n, CodeOf(err)
}

// WakeDispatcher makes a blocked DispatchEvents return at once.
func (s *server) WakeDispatcher() { s.disp.wakeup() }

// KeepAliveInterval is in seconds; 0 disables the server's own keep-alives.
func (s *server) KeepAliveInterval() int { return int(s.keepAlive.Load()) }

// SetKeepAliveInterval applies to live connections at once: each reader is
// woken to re-arm its timers with the new interval.
func (s *server) SetKeepAliveInterval(v int) Code {
	if v < 0 {
		return ErrInvalidArgument
	}
	if s.keepAlive.Swap(int64(v)) != int64(v) {
		s.mu.Lock()
		for _, c := range s.conns {
			c.nudge()
		}
		s.mu.Unlock()
	}
	return OK
}

// ThrottleRate is the most messages per second the host's Send calls put
// out (deliveries, status reports, submit responses), counted over all
// connections of the server, or per connection with
// throttle-scope=connection; 0 = unlimited.
func (s *server) ThrottleRate() int { return int(s.throttle.Load()) }
func (s *server) SetThrottleRate(v int) Code {
	if v < 0 {
		return ErrInvalidArgument
	}
	s.throttle.Store(int64(v))
	return OK
}

// LocalPort is the port the server listens on (useful after port 0).
func (s *server) LocalPort() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.port
}

func (s *server) isDestroyed() bool {
	select {
	case <-s.destroyed:
		return true
	default:
		return false
	}
}

// initialize starts listening (docs/api.md, "Objects and lifecycle"). An empty
// host listens on all interfaces, IPv4 and IPv6; port 0 picks a free port.
func (s *server) initialize(host string, port int, ext string) Code {
	if port < 0 || port > 65535 {
		return ErrInvalidArgument
	}
	if s.isDestroyed() {
		return ErrServerDestroyed
	}
	cfg, err := parseConfig(ParseParams(ext), s.proto)
	if err != nil {
		return CodeOf(err)
	}
	s.mu.Lock()
	if len(s.listeners) > 0 {
		s.mu.Unlock()
		return ErrAlreadyInit
	}
	s.mu.Unlock()

	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return listenCode(err)
	}
	s.mu.Lock()
	if len(s.listeners) > 0 { // lost a race with another initialize
		s.mu.Unlock()
		ln.Close()
		return ErrAlreadyInit
	}
	if cfg.tls.store != nil {
		cfg.tls.store.log = s.logger
	}
	s.cfg = cfg
	s.listeners = append(s.listeners, ln)
	s.port = ln.Addr().(*net.TCPAddr).Port
	s.mu.Unlock()
	go s.acceptLoop(ln)
	return OK
}

func listenCode(err error) Code {
	c := CodeOf(err)
	if c == ErrInternal {
		var dnsErr *net.DNSError
		var addrErr *net.AddrError
		if errors.As(err, &dnsErr) || errors.As(err, &addrErr) {
			return ErrInvalidArgument
		}
	}
	return c
}

// finalize stops listening and keeps existing connections (reference
// behaviour); tcpCloseAllConnections closes those.
func (s *server) finalize() Code {
	s.mu.Lock()
	lns := s.listeners
	s.listeners = nil
	s.port = 0
	s.mu.Unlock()
	if len(lns) == 0 {
		return ErrNotInitialized
	}
	for _, ln := range lns {
		ln.Close()
	}
	return OK
}

func (s *server) acceptLoop(ln net.Listener) {
	var delay time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Out of file descriptors and the like: back off like net/http.
			if delay == 0 {
				delay = 5 * time.Millisecond
			} else if delay < time.Second {
				delay *= 2
			}
			s.logger().Warn("accept failed", "err", err)
			time.Sleep(delay)
			continue
		}
		delay = 0
		s.startConn(nc)
	}
}

// startConn registers an accepted connection and starts its goroutines.
// Over max-connections the socket is closed without any event: the host
// never saw it, so it has nothing to clean up.
func (s *server) startConn(nc net.Conn) {
	if tc, ok := nc.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true)
	}
	s.stats.connAccepted.Add(1)
	s.mu.Lock()
	if s.isDestroyed() || (s.cfg.MaxConnections > 0 && len(s.conns) >= s.cfg.MaxConnections) {
		s.mu.Unlock()
		s.stats.connRefused.Add(1)
		nc.Close()
		return
	}
	s.nextID++
	if s.nextID <= 0 { // wrapped after 2^31 connections
		s.nextID = 1
	}
	id := s.nextID
	c := newConn(s, id, nc, s.cfg)
	c.sess = s.newSession(c)
	s.conns[id] = c
	s.byID.Store(id, c)
	s.connWG.Add(1)
	s.mu.Unlock()
	go c.serve()
}

func (s *server) removeConn(id int32) {
	s.unlist(id)
	s.connWG.Done()
}

func (s *server) unlist(id int32) {
	s.mu.Lock()
	delete(s.conns, id)
	s.byID.Delete(id)
	s.mu.Unlock()
}

func (s *server) lookup(id int32) (*conn, Code) {
	if s.isDestroyed() {
		return nil, ErrServerDestroyed
	}
	v, ok := s.byID.Load(id)
	if !ok {
		return nil, ErrUnknownClient
	}
	return v.(*conn), OK
}

// liveConn resolves a ClientID for a host's call; a closing connection
// takes no more calls. Each protocol server's session method asserts the
// session's type itself: a generic version would make every answer pay for
// a dictionary lookup on the busiest path.
func (s *server) liveConn(clientID int32) (*conn, Code) {
	c, code := s.lookup(clientID)
	if code != OK {
		return nil, code
	}
	if c.isClosed() {
		return nil, ErrConnectionClosed
	}
	return c, OK
}

// TcpAcceptConnection lets a connection announced by OnTcpConnected start
// its protocol session.
func (s *server) TcpAcceptConnection(id int32) Code {
	c, code := s.lookup(id)
	if code != OK {
		return code
	}
	c.acceptOnce.Do(func() { close(c.accepted) })
	return OK
}

// TcpCloseConnection closes a connection: nothing more is read from it,
// what was already sent to it (a rejecting bind_resp, say) is flushed, then
// the socket closes (at most a few seconds later for a peer that does not
// read). OnTcpDisconnected follows with Reason -1. Safe inside any handler.
func (s *server) TcpCloseConnection(id int32) Code {
	c, code := s.lookup(id)
	if code != OK {
		return code
	}
	c.finish(ReasonLocal, "closed by host")
	return OK
}

// TcpCloseAllConnections closes every connection of this server.
func (s *server) TcpCloseAllConnections() {
	s.mu.Lock()
	all := make([]*conn, 0, len(s.conns))
	for _, c := range s.conns {
		all = append(all, c)
	}
	s.mu.Unlock()
	for _, c := range all {
		c.finish(ReasonLocal, "closed by host")
	}
}

// Statistics returns a snapshot of the server's counters (stats.go).
func (s *server) Statistics() Statistics { return s.statistics() }

// ConnectionCount is the number of live connections.
func (s *server) ConnectionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Destroy finalizes the server, closes every connection and stops event
// delivery: no handler starts after Destroy returns. With wait it also
// waits (up to timeout) for running handlers and connection goroutines, so
// the host may free what its handlers use; never wait from inside a
// handler, the handler itself would be waited for.
func (s *server) Destroy(wait bool, timeout time.Duration) Code {
	s.destroyOnce.Do(func() {
		s.finalize()
		close(s.destroyed)
		s.TcpCloseAllConnections()
		s.disp.wakeup()
	})
	if !wait {
		return OK
	}
	deadline := time.Now().Add(timeout)
	done := make(chan struct{})
	go func() { s.connWG.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Until(deadline)):
		return ErrTimeout
	}
	for s.disp.inflight.Load() > 0 {
		if time.Now().After(deadline) {
			return ErrTimeout
		}
		time.Sleep(time.Millisecond)
	}
	return OK
}

// LogInternal reports a recovered panic of a binding layer through the
// default logger; the bindings have no server at hand when it happens.
func LogInternal(msg string, panicValue any) {
	slog.Default().Error(msg, "panic", panicValue)
}
