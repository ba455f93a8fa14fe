package core

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/smpp"
)

// SMPP session states, server view (docs/protocols.md, "SMPP session
// states").
//
// Session states of every protocol are int32 constants named
// <protocol>St<State> (smppStBoundTX, ucpStLoggedIn, cimd2StLoginPending),
// each protocol in its own words: an SMPP client binds, a UCP or CIMD2 client
// logs in. All start at <protocol>StOpen: connected, not logged in.
const (
	smppStOpen        int32 = iota // TCP up, not bound
	smppStBindPending              // bind handed to the host, no answer yet
	smppStBoundTX
	smppStBoundRX
	smppStBoundTRX
	smppStUnbound // unbind answered; the connection closes shortly
)

// unbindGrace is how long a client may keep the socket after unbind_resp.
const unbindGrace = 2 * time.Second

// maxTimerSleep caps how long the reader sleeps without looking at its
// timers, so property changes (KeepAliveInterval) apply within that time.
const maxTimerSleep = 5 * time.Second

// maxScratch bounds the text scratch a session keeps between messages.
const maxScratch = 4 << 10

// libSeqBase starts the numbers of PDUs the library originates itself
// (enquire_link, automatic deliver numbering), away from a host's counter.
const libSeqBase = 0x70000000

type smppSession struct {
	srv *SMPPServer
	c   *conn

	state   atomic.Int32
	version atomic.Uint32 // interface_version of the accepted bind
	seq     atomic.Uint32 // library-originated sequence numbers
	ref     atomic.Uint32 // concatenation references for long deliveries
	pending pendingTable

	// Owned by the reading goroutine.
	connectedAt     time.Time
	now             time.Time // the clock as of the PDU being handled
	lastRx          time.Time
	enquireSeq      uint32
	enquireDeadline time.Time
	reasm           *multipart.Reassembler
	heads           map[multipart.Key]*partHead
	expiredScratch  []pendingExpired
	scratch         []byte // an event's text before it becomes a string
	dec             struct {
		bind    smpp.Bind
		sm      smpp.SM
		multi   smpp.SubmitMulti
		data    smpp.DataSM
		resp    smpp.SMResp
		query   smpp.QuerySM
		cancel  smpp.CancelSM
		replace smpp.ReplaceSM
	}

	// Encoder scratch, used only while holding the connection's out-queue lock.
	enc struct {
		sm        smpp.SM
		resp      smpp.SMResp
		bindResp  smpp.BindResp
		multiResp smpp.SubmitMultiResp
		queryResp smpp.QuerySMResp
		raw       rawBody
		tlvBuf    [16]byte
	}
}

func newSMPPSession(s *SMPPServer, c *conn) *smppSession {
	ss := &smppSession{srv: s, c: c}
	ss.seq.Store(libSeqBase)
	return ss
}

func (ss *smppSession) run() {
	c := ss.c
	cfg := c.cfg
	now := time.Now()
	ss.connectedAt, ss.lastRx = now, now
	ss.reasm = multipart.NewReassembler(cfg.ReassemblyTimeout, cfg.ReassemblyLimit, 4*cfg.ReassemblyLimit*1024)
	fr := newFrameReader(c.nc, cfg.MaxPDUSize, smppSplitter(cfg.MaxPDUSize))
	fr.beforeRead, fr.afterRead = c.q.release, c.q.hold
	defer c.q.release()
	defer ss.dropIncomplete("connection closed")
	batch := 0
	timers := true
	for {
		// Timers run before each socket read and every 64 PDUs of a long
		// batch, not per PDU: nothing they look at moves within a batch.
		if timers || !fr.buffered() {
			if !ss.housekeeping(now) {
				return
			}
			fr.setDeadline(ss.nextWake(now))
		}
		reads := fr.reads
		frame, err := fr.next()
		// The clock is read once per socket read, not per PDU: the PDUs of
		// one read arrived together, and reading the clock is a measurable
		// part of a submit's cost on virtual machines.
		timers = false
		if batch++; fr.reads != reads || batch >= 64 {
			now, batch, timers = time.Now(), 0, true
		}
		ss.now = now
		if err == errReadTimeout {
			continue
		}
		if err != nil {
			var lenErr *smppLengthError
			if errors.As(err, &lenErr) {
				// The stream cannot be resynchronised after a bad length.
				ss.send(smpp.CmdGenericNack, smpp.StatusInvCmdLen, lenErr.seq, nil)
				c.finish(ReasonLocal, "invalid command_length")
				return
			}
			if errors.Is(err, errFrameTooLarge) {
				c.finish(ReasonLocal, "frame too large")
				return
			}
			c.readFailed(err)
			return
		}
		if c.isClosed() { // closing: what arrives now is not handled
			return
		}
		ss.lastRx = now
		ss.handle(frame)
		if c.isClosed() {
			return
		}
	}
}

// smppLengthError is a command_length outside 16..max-pdu-size.
type smppLengthError struct{ seq uint32 }

func (e *smppLengthError) Error() string { return "invalid command_length" }

// smppSplitter frames the stream by command_length. A bad length is
// reported as soon as its 4 octets are in, with the sequence number when
// the header is complete, so the generic_nack can echo it.
func smppSplitter(max int) func([]byte) (int, error) {
	return func(b []byte) (int, error) {
		if len(b) < 4 {
			return 0, nil
		}
		n := binary.BigEndian.Uint32(b)
		if n < smpp.HeaderLen || n > uint32(max) {
			var seq uint32
			if len(b) >= 16 {
				seq = binary.BigEndian.Uint32(b[12:])
			}
			return 0, &smppLengthError{seq: seq}
		}
		if uint32(len(b)) < n {
			return 0, nil
		}
		return int(n), nil
	}
}

// housekeeping runs the session's timers on the reading goroutine. It
// returns false when the connection must end.
func (ss *smppSession) housekeeping(now time.Time) bool {
	c := ss.c
	st := ss.state.Load()
	if st == smppStOpen && c.cfg.BindTimeout > 0 && now.Sub(ss.connectedAt) >= c.cfg.BindTimeout {
		c.finish(ReasonLocal, "no bind within bind-timeout")
		return false
	}
	if k := ss.srv.KeepAliveInterval(); k > 0 && isBound(st) {
		if ss.enquireSeq != 0 {
			if !now.Before(ss.enquireDeadline) {
				c.finish(ReasonLocal, "no answer to enquire_link")
				return false
			}
		} else if now.Sub(ss.lastRx) >= time.Duration(k)*time.Second {
			ss.enquireSeq = ss.nextSeq()
			ss.enquireDeadline = now.Add(keepAliveWait(ss.c.cfg, k))
			ss.send(smpp.CmdEnquireLink, smpp.StatusOK, ss.enquireSeq, nil)
		}
	}
	if exp := ss.pending.expired(now, ss.expiredScratch[:0]); len(exp) > 0 {
		for _, e := range exp {
			ss.answerDefault(e.key, e.req, true)
		}
		ss.expiredScratch = exp[:0]
	}
	// heads is non-empty exactly while long messages wait for parts; the
	// check spares every PDU the reassembler's lock.
	if len(ss.heads) == 0 {
		return true
	}
	if d, ok := ss.reasm.NextDeadline(); ok && !now.Before(d) {
		for _, x := range ss.reasm.Expire(now) {
			ss.reportIncomplete(x, "reassembly-timeout")
		}
	}
	return true
}

// nextWake is the earliest timer, rounded up to 100 ms so the socket's
// deadline changes a few times a second at most however busy the link is.
func (ss *smppSession) nextWake(now time.Time) time.Time {
	w := newWakeup(now)
	min := w.min
	st := ss.state.Load()
	if st == smppStOpen && ss.c.cfg.BindTimeout > 0 {
		min(ss.connectedAt.Add(ss.c.cfg.BindTimeout))
	}
	if k := ss.srv.KeepAliveInterval(); k > 0 && isBound(st) {
		if ss.enquireSeq != 0 {
			min(ss.enquireDeadline)
		} else {
			min(ss.lastRx.Add(time.Duration(k) * time.Second))
		}
	}
	if t, ok := ss.pending.next(); ok {
		min(t)
	}
	if len(ss.heads) > 0 {
		if t, ok := ss.reasm.NextDeadline(); ok {
			min(t)
		}
	}
	return w.deadline()
}

func isBound(st int32) bool {
	return st == smppStBoundTX || st == smppStBoundRX || st == smppStBoundTRX
}

func (ss *smppSession) nextSeq() uint32 {
	n := ss.seq.Add(1)
	if n == 0 || n > 0x7FFFFFFF { // stay in the spec's range
		ss.seq.Store(1)
		n = 1
	}
	return n
}

// send encodes one PDU into the connection's out-queue. body may be nil.
func (ss *smppSession) send(id smpp.CommandID, status smpp.Status, seq uint32, body smpp.BodyAppender) Code {
	return ss.sendWith(id, status, seq, func() smpp.BodyAppender { return body })
}

// sendWith calls fill under the out-queue lock, so fill may use the
// session's encoder scratch without allocating.
func (ss *smppSession) sendWith(id smpp.CommandID, status smpp.Status, seq uint32, fill func() smpp.BodyAppender) Code {
	b, err := ss.c.q.lock()
	if err != nil {
		return CodeOf(err)
	}
	start := len(b)
	b = smpp.AppendPDU(b, id, status, seq, fill())
	tr := ss.srv.h().OnSmppTraceProtocol
	var pdu string
	if tr != nil {
		pdu = strings.ToUpper(hex.EncodeToString(b[start:]))
	}
	ss.c.q.unlock(b)
	if tr != nil {
		ss.trace(ss.c.localAddr, ss.c.remoteAddr, uint32(id), seq, pdu, true)
	}
	return OK
}

// trace reports a PDU. Outgoing traces of a host's call run on the caller's
// thread in direct mode; in pumped mode they are queued without ever
// blocking the caller, which may be the dispatching thread itself.
func (ss *smppSession) trace(from, to string, op, seq uint32, pdu string, outgoing bool) {
	s := ss.srv
	e := &SmppTraceProtocolEventArgs{ClientID: ss.c.id, FromAddress: from, ToAddress: to, Operation: op, OperationType: seq, PDU: pdu}
	ev := func() {
		if h := s.h().OnSmppTraceProtocol; h != nil {
			safeCall(&s.server, "OnSmppTraceProtocol", func() { h(e) })
		}
	}
	if !outgoing {
		s.emit(ss.c, ev)
		return
	}
	s.emitOutgoingTrace(ss.c, ev)
}

// bytesOf views a string as bytes without copying; the encoders only read.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// rawBody is a pre-encoded body (smppSendRAW).
type rawBody struct{ b []byte }

func (r *rawBody) AppendBody(dst []byte) []byte { return append(dst, r.b...) }
