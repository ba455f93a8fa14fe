package core

// Event argument types shared by every protocol. Field names follow the
// reference component so that ported code reads the same.

// TcpConnectedEventArgs: a client connected on TCP level. Call
// TcpAcceptConnection or TcpCloseConnection in response.
// Decline (or a panicking handler) accepts the connection, the default.
type TcpConnectedEventArgs struct {
	Reply
	ClientID   int32
	RemoteHost string
	RemotePort int32
	// With TLS (tls-cert): "tls.version=TLS1.3;tls.cipher=...;" and, for a
	// client certificate, tls.peer-subject, tls.peer-issuer and
	// tls.peer-serial; "" for plain TCP (docs/api.md, "TLS").
	ExtendedParameters string
}

// TcpDisconnectedEventArgs: the connection is gone. Reason 0 = closed by
// the peer in order, -1 = ended by the library or the host, >0 = a network
// error, the OS's error number (errno; a WSA code on Windows). It is always
// the last event of a connection.
type TcpDisconnectedEventArgs struct {
	ClientID   int32
	Reason     int32
	ReasonText string // not in the reference: why it ended, naming a network error
}

// Reply lets a handler of a request event hand the request back to the
// library, which then sends the same answer it sends when no handler is
// registered (used by bindings when a host handler throws).
type Reply struct{ declined bool }

// Decline asks for the library's default answer once the handler returns.
func (r *Reply) Decline() { r.declined = true }

// Declined reports whether Decline was called.
func (r *Reply) Declined() bool { return r.declined }
