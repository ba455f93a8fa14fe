package core

import (
	"sync/atomic"
	"time"
)

// Statistics is a snapshot of one server's counters (docs/api.md,
// "Statistics"). Counters count from the server's creation and never go
// back; the Current and queue members are the state at the snapshot.
// Counters are read one by one without a common lock, so a snapshot taken
// under load may be a few events apart between members, never wrong in
// any one of them.
type Statistics struct {
	Protocol string // "smpp", "ucp", "cimd2"

	// Connections: Accepted counts every TCP connection the listener took;
	// Refused those of them closed before their protocol session started
	// (max-connections, max-connections-per-ip, a bad PROXY header, a
	// failed TLS handshake, closed by the host in OnTcpConnected or not
	// accepted by it in time).
	ConnectionsCurrent  int64
	ConnectionsAccepted uint64
	ConnectionsRefused  uint64

	// Logins (SMPP binds): Current sessions logged in now (a UCP session
	// without login-required counts from its connection); Accepted and
	// Refused count the login answers sent, positive and negative.
	LoginsCurrent  int64
	LoginsAccepted uint64
	LoginsRefused  uint64

	// PDUs received and sent, indexed by the protocol's StatKind (see
	// StatKindName); kinds a protocol does not use stay 0.
	PDUsIn  [StatKinds]uint64
	PDUsOut [StatKinds]uint64

	// Errors. Malformed: frames received that could not be decoded or
	// broke the protocol's syntax. ErrorResponses: answers sent with an
	// error (SMPP a non-zero command_status, generic_nack included; UCP a
	// NACK; CIMD2 a response carrying error code 900, or 98/99).
	// WriteErrors: connections ended by a failed socket write.
	// ResponseTimeouts: client requests the host did not answer within
	// response-timeout. DeliverTimeouts: the server's deliveries the client
	// did not answer within deliver-timeout. SessionTimeouts: connections
	// the library closed for bind-, idle-, pdu- or write-timeout or an
	// unanswered keep-alive.
	Malformed        uint64
	ErrorResponses   uint64
	WriteErrors      uint64
	ResponseTimeouts uint64
	DeliverTimeouts  uint64
	SessionTimeouts  uint64

	// Queues at the snapshot. EventQueue: events waiting for
	// DispatchEvents (pumped mode). WriteQueueBytes: octets queued for
	// writing, summed over connections. PendingRequests: client requests
	// handed to the host and not answered yet. OutstandingDeliveries: the
	// server's deliveries awaiting the client's answer.
	EventQueue            int64
	WriteQueueBytes       int64
	PendingRequests       int64
	OutstandingDeliveries int64

	// Latency is the host's answer time per LatencyClass: from the read of
	// a request to its answer being queued for writing.
	Latency [LatencyClasses]LatencyHistogram
}

// LatencyHistogram counts answer times in the fixed buckets of
// LatencyBounds. Buckets[i] counts the answers of at most LatencyBounds[i]
// and more than the bound before (not cumulative); the last bucket those
// above every bound.
type LatencyHistogram struct {
	Count   uint64
	Sum     time.Duration
	Max     time.Duration
	Buckets [LatencyBuckets]uint64
}

// Latency classes: the requests whose answer times a histogram collects.
const (
	LatencyLogin  = 0 // logins, binds
	LatencySubmit = 1 // submits (SMPP submit_sm, submit_multi, data_sm; UCP 01/51; CIMD2 03)
	LatencyOther  = 2 // every other request the host answers (logout, query, RAW, ...)

	LatencyClasses = 3
)

// LatencyBuckets is the number of buckets: one per bound and one above them.
const LatencyBuckets = len(latencyBounds) + 1

var latencyBounds = [...]time.Duration{
	100 * time.Microsecond, 250 * time.Microsecond, 500 * time.Microsecond,
	time.Millisecond, 2500 * time.Microsecond, 5 * time.Millisecond,
	10 * time.Millisecond, 25 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2500 * time.Millisecond, 5 * time.Second, 10 * time.Second,
}

// LatencyBounds returns the upper bounds of the latency buckets, ascending.
func LatencyBounds() []time.Duration { b := latencyBounds; return b[:] }

// LatencyClassName names a LatencyClass ("login", "submit", "other").
func LatencyClassName(class int) string {
	switch class {
	case LatencyLogin:
		return "login"
	case LatencySubmit:
		return "submit"
	case LatencyOther:
		return "other"
	}
	return ""
}

// serverStats holds a server's counters. Every member is an atomic
// updated where the event happens; nothing on the path of a PDU takes a
// lock or allocates for it. The groups are padded apart so that the
// receive side, the send side and the latency histograms of busy
// connections do not share cache lines.
type serverStats struct {
	connAccepted  atomic.Uint64
	connRefused   atomic.Uint64
	loginsOK      atomic.Uint64
	loginsRefused atomic.Uint64
	malformed     atomic.Uint64
	writeErrors   atomic.Uint64
	respTimeouts  atomic.Uint64
	delivTimeouts atomic.Uint64
	sessTimeouts  atomic.Uint64
	_             [64]byte
	in            [StatKinds]atomic.Uint64
	_             [64]byte
	out           [StatKinds]atomic.Uint64
	errResponses  atomic.Uint64
	_             [64]byte
	latency       [LatencyClasses]latencyHist

	// latencyClass maps a pendingReq's cmd to its latency class; set by the
	// protocol server before any connection exists.
	latencyClass func(cmd uint32) int
}

type latencyHist struct {
	count   atomic.Uint64
	sum     atomic.Int64
	max     atomic.Int64
	buckets [LatencyBuckets]atomic.Uint64
}

func (h *latencyHist) observe(d time.Duration) {
	i := 0
	for i < len(latencyBounds) && d > latencyBounds[i] {
		i++
	}
	h.buckets[i].Add(1)
	h.sum.Add(int64(d))
	for {
		m := h.max.Load()
		if int64(d) <= m || h.max.CompareAndSwap(m, int64(d)) {
			break
		}
	}
	h.count.Add(1) // last: a reader that sees the count sees its bucket
}

func (h *latencyHist) snapshot() LatencyHistogram {
	var r LatencyHistogram
	r.Count = h.count.Load()
	r.Sum = time.Duration(h.sum.Load())
	r.Max = time.Duration(h.max.Load())
	for i := range h.buckets {
		r.Buckets[i] = h.buckets[i].Load()
	}
	return r
}

// answered records the answer time of a request received at rx.
func (st *serverStats) answered(cmd uint32, rx time.Time) {
	if st.latencyClass == nil || rx.IsZero() {
		return
	}
	st.latency[st.latencyClass(cmd)].observe(time.Since(rx))
}

func (st *serverStats) login(ok bool) {
	if ok {
		st.loginsOK.Add(1)
	} else {
		st.loginsRefused.Add(1)
	}
}

// statsSession is what a snapshot asks of each live session.
type statsSession interface {
	// statsLoggedIn reports a session that is logged in now.
	statsLoggedIn() bool
	// statsDepths are the session's pending requests and outstanding
	// deliveries now.
	statsDepths() (pending, outstanding int)
}

func (b *sessionBase) statsLoggedIn() bool {
	_, in := b.hooks.loginState()
	return in
}

func (b *sessionBase) statsDepths() (pending, outstanding int) {
	return b.pending.size(), b.out.size()
}

// statistics takes the snapshot. Only here are connections walked, each
// under its own locks briefly, never the server's lock and theirs together.
func (s *server) statistics() Statistics {
	st := &s.stats
	r := Statistics{
		Protocol:            s.proto,
		ConnectionsAccepted: st.connAccepted.Load(),
		ConnectionsRefused:  st.connRefused.Load(),
		LoginsAccepted:      st.loginsOK.Load(),
		LoginsRefused:       st.loginsRefused.Load(),
		Malformed:           st.malformed.Load(),
		ErrorResponses:      st.errResponses.Load(),
		WriteErrors:         st.writeErrors.Load(),
		ResponseTimeouts:    st.respTimeouts.Load(),
		DeliverTimeouts:     st.delivTimeouts.Load(),
		SessionTimeouts:     st.sessTimeouts.Load(),
		EventQueue:          int64(len(s.disp.queue)),
	}
	for i := range st.in {
		r.PDUsIn[i] = st.in[i].Load()
		r.PDUsOut[i] = st.out[i].Load()
	}
	for i := range st.latency {
		r.Latency[i] = st.latency[i].snapshot()
	}
	s.mu.Lock()
	all := make([]*conn, 0, len(s.conns))
	for _, c := range s.conns {
		all = append(all, c)
	}
	s.mu.Unlock()
	r.ConnectionsCurrent = int64(len(all))
	for _, c := range all {
		r.WriteQueueBytes += int64(c.q.queued())
		ss, ok := c.sess.(statsSession)
		if !ok {
			continue
		}
		if ss.statsLoggedIn() {
			r.LoginsCurrent++
		}
		p, o := ss.statsDepths()
		r.PendingRequests += int64(p)
		r.OutstandingDeliveries += int64(o)
	}
	return r
}
