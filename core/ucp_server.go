package core

import (
	"strings"
	"sync/atomic"
	"time"
)

// UCPServer is the UCP/EMI server object (SMSCserverUCP in docs/api.md): one
// object serves many client connections (SMTs such as Kannel's "smsc = emi")
// on one listening port.
//
// Session rules:
//   - Login: an OT 60 is reported by OnUcpLoginReceived; a positive answer
//     (UcpSendLoginResponse with ErrorCode 0) opens the session, a negative
//     one leaves it as it was (close it with TcpCloseConnection if the client
//     should go). With login-required (the default) a 51/01 before a
//     successful 60 is answered NACK 07 (authentication failure) and the
//     server sends no keep-alives; bind-timeout closes a connection that has
//     not logged in. ucp.login-required=false accepts submits without a 60,
//     for IP-authenticated SMTs.
//   - Transaction numbers are 00..99 per direction. The client's TRNs are
//     echoed in the results; the server numbers the 52/53/31 it sends with its
//     own counter (or the host's numbers, see UcpSendDeliverMessage).
//   - OT 31 (alert) from the client is answered A// by the library at any
//     time, logged in or not. With KeepAliveInterval set, an open session
//     silent for that long gets an OT 31 (AdC = the login's OAdC, PID 0539),
//     and is closed if no result arrives within response-timeout (at most
//     the interval).
//   - Bad input: a wrong checksum gets NACK 01, a malformed frame or
//     operation NACK 02, an operation the library does not handle NACK 03
//     (or OnUcpRAWReceived when that handler is set and the session is
//     open). Results are never answered. An ETX with no STX before it, an
//     STX inside a frame, a frame over max-pdu-size or a frame whose TRN or
//     OT cannot be read closes the connection (the stream cannot be
//     trusted); octets before an STX are skipped.
//
// Defaults when no handler is registered (docs/api.md, "Events"): connections
// are accepted; a 60 gets NACK 07 and the connection is closed (with
// login-required=false it gets A//: the session is open anyway); a 51/01 gets
// NACK 55 (system error); any other operation NACK 03. A request the host does
// not answer within response-timeout gets the same default answer, and a handler
// that calls Decline or panics too.
//
// ExtendedParameters of UcpInitializeServer: the common server keys
// (max-connections, bind-timeout = login timeout, accept-timeout,
// response-timeout, max-pdu-size, reassembly-timeout,
// reassembly-max-messages, write-timeout, send-queue-bytes), plus
// ucp.login-required=true|false and ucp.time-zone=<IANA name>|Local|UTC (the
// zone of UCP's zone-less times; default Local).
type UCPServer struct {
	server
	handlerSet[UCPHandlers]
	opts atomic.Pointer[ucpOptions]
}

// ucpOptions are the UCP-specific server options, fixed at initialize.
type ucpOptions struct {
	loginRequired bool
	loc           *time.Location
}

// NewUCPServer makes a server object; nothing listens until UcpInitializeServer.
func NewUCPServer() *UCPServer {
	s := &UCPServer{}
	s.server.init("ucp", ucpLatencyClass)
	s.initHandlers()
	s.opts.Store(&ucpOptions{loginRequired: true, loc: time.Local})
	s.newSession = func(c *conn) session { return newUCPSession(s, c) }
	s.tcpConnected = func() func(*TcpConnectedEventArgs) { return s.h().OnTcpConnected }
	s.tcpDisconn = func() func(*TcpDisconnectedEventArgs) { return s.h().OnTcpDisconnected }
	return s
}

// UcpInitializeServer starts listening on LocalHost:LocalPort ("" = all
// interfaces, IPv4 and IPv6; port 0 = any free port, see LocalPort).
func (s *UCPServer) UcpInitializeServer(localHost string, localPort int, extendedParameters string) Code {
	o, code := parseUCPOptions(extendedParameters)
	if code != OK {
		return code
	}
	// Stored first so the first accepted connection already sees them.
	prev := s.opts.Swap(o)
	if code := s.initialize(localHost, localPort, extendedParameters); code != OK {
		s.opts.CompareAndSwap(o, prev)
		return code
	}
	return OK
}

func parseUCPOptions(ext string) (*ucpOptions, Code) {
	p := ParseParams(ext)
	o := &ucpOptions{loginRequired: true, loc: time.Local}
	if v, ok := p.Get("ucp", "login-required"); ok && v != "" {
		switch strings.ToLower(v) {
		case "1", "true", "yes", "on":
			o.loginRequired = true
		case "0", "false", "no", "off":
			o.loginRequired = false
		default:
			return nil, ErrInvalidArgument
		}
	}
	if v, ok := p.Get("ucp", "time-zone"); ok && v != "" {
		loc, err := parseTimeZone(v)
		if err != nil {
			return nil, ErrInvalidArgument
		}
		o.loc = loc
	}
	return o, OK
}

// UcpFinalizeServer stops listening; existing connections stay open.
func (s *UCPServer) UcpFinalizeServer() Code { return s.finalize() }
