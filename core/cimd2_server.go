package core

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// CIMD2Server is the CIMD2 server object (SMSCserverCIMD2 in docs/api.md):
// one object serves many client connections on one listening port.
type CIMD2Server struct {
	server
	handlerSet[CIMD2Handlers]
	loc    atomic.Pointer[time.Location] // zone of CIMD2 times on the wire
	stamps cimd2Stamps
}

// DefaultCIMD2MaxPacket is the max-pdu-size of a CIMD2 server unless
// ExtendedParameters set another: JCIMD's cap, room for a submit with every
// parameter at its maximum length and dozens of destinations.
const DefaultCIMD2MaxPacket = 4096

// NewCIMD2Server makes a server object; nothing listens until
// Cimd2InitializeServer.
func NewCIMD2Server() *CIMD2Server {
	s := &CIMD2Server{}
	s.server.init("cimd2", cimd2LatencyClass)
	s.initHandlers()
	s.loc.Store(time.Local)
	s.stamps.last = make(map[string]int64)
	s.newSession = func(c *conn) session { return newCIMD2Session(s, c) }
	s.tcpConnected = func() func(*TcpConnectedEventArgs) { return s.h().OnTcpConnected }
	s.tcpDisconn = func() func(*TcpDisconnectedEventArgs) { return s.h().OnTcpDisconnected }
	return s
}

// Cimd2InitializeServer starts listening on LocalHost:LocalPort ("" = all
// interfaces, IPv4 and IPv6; port 0 = any free port, see LocalPort).
// ExtendedParameters: the common server keys (max-connections,
// bind-timeout = login timeout, accept-timeout, response-timeout,
// max-pdu-size = largest packet, 4096 by default, reassembly-timeout,
// reassembly-max-messages, write-timeout, send-queue-bytes) and
// time-zone=local|UTC|<IANA name>: the zone of the yyMMddHHmmss times on the
// wire (default: the machine's local time, as CIMD2 SMSCs use).
func (s *CIMD2Server) Cimd2InitializeServer(localHost string, localPort int, extendedParameters string) Code {
	if v, ok := ParseParams(extendedParameters).Get("cimd2", "time-zone"); ok {
		loc, err := parseTimeZone(v)
		if err != nil {
			return ErrInvalidArgument
		}
		s.mu.Lock()
		listening := len(s.listeners) > 0
		s.mu.Unlock()
		if listening {
			return ErrAlreadyInit // keep the zone running sessions use
		}
		s.loc.Store(loc)
	}
	// Params.Get takes the last value given, so the host's own max-pdu-size wins.
	return s.initialize(localHost, localPort, "max-pdu-size=4096;"+extendedParameters)
}

// parseTimeZone reads the time-zone key of UCP and CIMD2: Local and UTC in
// any case (as the other keywords of ExtendedParameters), else an IANA name
// (those are case-sensitive: Europe/Warsaw).
func parseTimeZone(v string) (*time.Location, error) {
	switch strings.ToLower(v) {
	case "", "local":
		return time.Local, nil
	case "utc", "z":
		return time.UTC, nil
	}
	return time.LoadLocation(v)
}

// Cimd2FinalizeServer stops listening; existing connections stay open.
func (s *CIMD2Server) Cimd2FinalizeServer() Code { return s.finalize() }

// TimeZone is the zone CIMD2 times are read and written in.
func (s *CIMD2Server) TimeZone() *time.Location { return s.loc.Load() }

// cimd2Stamps makes the 060 time stamps the library chooses itself (a
// submit answered with a zero TimeStamp). A stamp and the destination
// identify a message for status reports (Kannel matches them so), so a
// destination never gets the same second twice: a second message to it
// within one second gets the next second. Only destinations stamped at or
// after the current second are remembered.
type cimd2Stamps struct {
	mu    sync.Mutex
	last  map[string]int64 // destination -> last second used
	limit int
}

func (g *cimd2Stamps) next(dest string, now time.Time) time.Time {
	sec := now.Unix()
	g.mu.Lock()
	if l, ok := g.last[dest]; ok && l >= sec {
		sec = l + 1
	}
	g.last[dest] = sec
	if g.limit == 0 {
		g.limit = 4096
	}
	if len(g.last) > g.limit {
		cur := now.Unix()
		for k, v := range g.last {
			if v < cur {
				delete(g.last, k)
			}
		}
		g.limit = max(4096, 2*len(g.last))
	}
	g.mu.Unlock()
	return time.Unix(sec, 0)
}
