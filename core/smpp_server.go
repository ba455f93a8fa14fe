package core

// SMPPServer is the SMPP server object (SMSCserverSMPP in docs/api.md): one
// object serves many client connections on one listening port.
type SMPPServer struct {
	server
	handlerSet[SMPPHandlers]
}

// NewSMPPServer makes a server object; nothing listens until
// SmppInitializeServer.
func NewSMPPServer() *SMPPServer {
	s := &SMPPServer{}
	s.server.init("smpp", smppLatencyClass)
	s.initHandlers()
	s.newSession = func(c *conn) session { return newSMPPSession(s, c) }
	s.tcpConnected = func() func(*TcpConnectedEventArgs) { return s.h().OnTcpConnected }
	s.tcpDisconn = func() func(*TcpDisconnectedEventArgs) { return s.h().OnTcpDisconnected }
	return s
}

// SmppInitializeServer starts listening on LocalHost:LocalPort ("" = all
// interfaces, IPv4 and IPv6; port 0 = any free port, see LocalPort).
func (s *SMPPServer) SmppInitializeServer(localHost string, localPort int, extendedParameters string) Code {
	return s.initialize(localHost, localPort, extendedParameters)
}

// SmppFinalizeServer stops listening; existing connections stay open.
func (s *SMPPServer) SmppFinalizeServer() Code { return s.finalize() }
