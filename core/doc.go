// Package core is the server side of an SMS centre: SMPP 3.3/3.4/5.0,
// UCP/EMI and CIMD2 servers that accept client connections, speak the
// protocol, and hand the host events to answer. It is the Go API of
// libsmscserver; capi exports it as a C library, and the Python and .NET
// bindings wrap that.
//
// A server object (NewSMPPServer, NewUCPServer, NewCIMD2Server) listens on
// one port and serves many connections. Its handlers (SMPPHandlers, ...)
// receive events such as OnSmppSubmitMessageReceived and answer them with the
// server's methods (SmppSendSubmitMessageResponse, ...); a handler left nil
// gets the library's default behaviour, which never leaves a client waiting.
//
// # Layers
//
//	server   server.go        listeners, ClientID registry, properties, lifecycle
//	  conn   conn.go          one TCP connection: its goroutine raises every event in order
//	    writer        writer.go        out queue: batched writes, one syscall per batch
//	    frame reader  framereader.go   pooled read buffers, frames cut by the protocol
//	    session       <proto>_session.go  one protocol conversation, on
//	                  sessionbase.go      the timers, keep-alive and reassembly all three share
//	    pending table pending.go       requests handed to the host and not yet answered
//	  dispatcher dispatch.go  direct (handlers on the connection's goroutine) or
//	                          pumped (queued, run by DispatchEvents on the host's thread)
//
// Each protocol engine has the same files: <proto>_server.go (the server
// object), _session.go (states, read loop, timers), _inbound.go (received
// frames, default answers), _submit.go (submits and reassembly), _deliver.go
// or _send.go (what the host sends), _events.go (event arguments, handlers).
// What the engines share has a file of its own: handlerset.go (Handlers,
// SetHandlers, UpdateHandlers), sessionbase.go, deliverparts.go (the split
// delivery loop), longmessage.go (reassembled messages), trace.go.
//
// docs/architecture.md walks one submit through these layers; docs/api.md
// lists every method, event and ExtendedParameters key; docs/dispatch.md
// explains the two dispatch modes.
package core
