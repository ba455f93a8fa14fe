package core

import (
	"sync"
	"sync/atomic"
)

// SMPPServer is the SMPP server object of the contract (SMSCserverSMPP): one
// object serves many client connections on one listening port.
type SMPPServer struct {
	server
	hmu      sync.Mutex // serialises handler updates; readers use the atomic copy
	handlers atomic.Pointer[SMPPHandlers]
}

// NewSMPPServer makes a server object; nothing listens until
// SmppInitializeServer.
func NewSMPPServer() *SMPPServer {
	s := &SMPPServer{}
	s.server.init("smpp")
	s.handlers.Store(&SMPPHandlers{})
	s.newSession = func(c *conn) session { return newSMPPSession(s, c) }
	s.tcpConnected = func() func(*TcpConnectedEventArgs) { return s.h().OnTcpConnected }
	s.tcpDisconn = func() func(*TcpDisconnectedEventArgs) { return s.h().OnTcpDisconnected }
	return s
}

func (s *SMPPServer) h() *SMPPHandlers { return s.handlers.Load() }

// Handlers returns a copy of the registered handlers.
func (s *SMPPServer) Handlers() SMPPHandlers { return *s.h() }

// SetHandlers replaces every handler at once.
func (s *SMPPServer) SetHandlers(h SMPPHandlers) {
	s.hmu.Lock()
	s.handlers.Store(&h)
	s.hmu.Unlock()
}

// UpdateHandlers changes some handlers atomically with respect to other
// updates; events already running keep the handler they started with.
func (s *SMPPServer) UpdateHandlers(fn func(h *SMPPHandlers)) {
	s.hmu.Lock()
	h := *s.h()
	fn(&h)
	s.handlers.Store(&h)
	s.hmu.Unlock()
}

// SmppInitializeServer starts listening on LocalHost:LocalPort ("" = all
// interfaces, IPv4 and IPv6; port 0 = any free port, see LocalPort).
func (s *SMPPServer) SmppInitializeServer(localHost string, localPort int, extendedParameters string) Code {
	return s.initialize(localHost, localPort, extendedParameters)
}

// SmppFinalizeServer stops listening; existing connections stay open.
func (s *SMPPServer) SmppFinalizeServer() Code { return s.finalize() }
