package core

// max-connections-per-ip: a server's connections counted by the client's
// address. The check runs in serve, after a PROXY header has named the
// real client (behind a proxy every TCP peer is the proxy), and before
// OnTcpConnected, so a refused connection is closed without any event, as
// one over max-connections is.

// admitAddr counts c under its client's address, or reports false when
// that address already has max-connections-per-ip connections.
func (s *server) admitAddr(c *conn) bool {
	if c.cfg.MaxConnectionsPerIP <= 0 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perAddr == nil {
		s.perAddr = make(map[string]int)
	}
	if s.perAddr[c.remoteHost] >= c.cfg.MaxConnectionsPerIP {
		return false
	}
	s.perAddr[c.remoteHost]++
	c.addrCounted = true
	return true
}

// releaseAddr uncounts a connection admitAddr counted, once.
func (s *server) releaseAddr(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !c.addrCounted {
		return
	}
	c.addrCounted = false
	if s.perAddr[c.remoteHost]--; s.perAddr[c.remoteHost] <= 0 {
		delete(s.perAddr, c.remoteHost)
	}
}
