package core

import (
	"encoding/binary"
	"errors"
	"sync/atomic"
	"time"
	"unsafe"

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
	smppStUnbound // unbind answered: requests are refused until someone closes
)

// maxTimerSleep caps how long the reader sleeps without looking at its
// timers, so property changes (KeepAliveInterval) apply within that time.
const maxTimerSleep = 5 * time.Second

// maxScratch bounds the text scratch a session keeps between messages.
const maxScratch = 4 << 10

// libSeqBase starts the numbers of PDUs the library originates itself
// (enquire_link, automatic deliver numbering), away from a host's counter.
const libSeqBase = 0x70000000

// smppSession is the SMPP conversation with one client (an ESME).
type smppSession struct {
	sessionBase
	srv *SMPPServer

	version atomic.Uint32 // interface_version of the accepted bind
	seq     atomic.Uint32 // library-originated sequence numbers

	// Owned by the reading goroutine.
	now     time.Time // the clock as of the PDU being handled
	heads   longMessageHeads[SmppSubmitMessageReceivedEventArgs]
	scratch []byte // an event's text before it becomes a string
	dec     struct {
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
	ss := &smppSession{srv: s}
	ss.init(c, ss, sessionTexts{noLogin: "no bind within bind-timeout", noAliveReply: "no answer to enquire_link"})
	ss.seq.Store(libSeqBase)
	return ss
}

func (ss *smppSession) run() {
	c := ss.c
	now := time.Now()
	fr := ss.start(now, smppSplitter(c.cfg.MaxPDUSize))
	defer ss.stop()
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
			ss.readFailed(err)
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

// readFailed ends the session on a read error.
func (ss *smppSession) readFailed(err error) {
	var lenErr *smppLengthError
	switch {
	case errors.As(err, &lenErr):
		ss.srv.stats.malformed.Add(1)
		// The stream cannot be resynchronised after a bad length.
		ss.send(smpp.CmdGenericNack, smpp.StatusInvCmdLen, lenErr.seq, nil)
		ss.c.finish(ReasonLocal, "invalid command_length")
	case errors.Is(err, errFrameTooLarge):
		ss.srv.stats.malformed.Add(1)
		ss.c.finish(ReasonLocal, "frame too large")
	default:
		ss.c.readFailed(err)
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

// loginState: bind-timeout runs until a bind arrives, keep-alives while bound.
func (ss *smppSession) loginState() (waiting, loggedIn bool) {
	st := ss.state.Load()
	return st == smppStOpen, isBound(st)
}

func (ss *smppSession) sendKeepAlive() uint32 {
	seq := ss.nextSeq()
	ss.send(smpp.CmdEnquireLink, smpp.StatusOK, seq, nil)
	return seq
}

// reassembling: heads is non-empty exactly while long messages wait for
// parts, so the timers of every other read skip the reassembler's lock.
func (ss *smppSession) reassembling() bool { return len(ss.heads) > 0 }

func isBound(st int32) bool {
	return st == smppStBoundTX || st == smppStBoundRX || st == smppStBoundTRX
}

// notBound: open, or unbound after an answered unbind. Either way a request
// gets its own response with ESME_RINVBNDSTS (an unbound session may stay
// open until the client or the host closes it).
func notBound(st int32) bool { return st == smppStOpen || st == smppStUnbound }

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
		pdu = upperHex(b[start:])
	}
	ss.c.q.unlock(b)
	ss.counted(id, status)
	if tr != nil {
		ss.trace(ss.c.localAddr, ss.c.remoteAddr, uint32(id), seq, pdu, true)
	}
	return OK
}

// trace reports a PDU (threads: see emitTrace).
func (ss *smppSession) trace(from, to string, op, seq uint32, pdu string, outgoing bool) {
	s := ss.srv
	e := &SmppTraceProtocolEventArgs{ClientID: ss.c.id, FromAddress: from, ToAddress: to, Operation: op, OperationType: seq, PDU: pdu}
	ev := func() {
		if h := s.h().OnSmppTraceProtocol; h != nil {
			safeCall(&s.server, "OnSmppTraceProtocol", func() { h(e) })
		}
	}
	s.emitTrace(ss.c, &e.ClientID, outgoing, ev)
}

// bytesOf views a string as bytes without copying; the encoders only read.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// rawBody is a pre-encoded body (smppSendRAW).
type rawBody struct{ b []byte }

func (r *rawBody) AppendBody(dst []byte) []byte { return append(dst, r.b...) }

// counted counts a PDU sent: its kind, an error answer, a login answer.
func (ss *smppSession) counted(id smpp.CommandID, status smpp.Status) {
	st := &ss.srv.stats
	st.out[smppKind(id)].Add(1)
	if status != smpp.StatusOK && id.IsResponse() {
		st.errResponses.Add(1)
	}
	switch id {
	case smpp.CmdBindReceiverResp, smpp.CmdBindTransmitterResp, smpp.CmdBindTransceiverResp:
		st.login(status == smpp.StatusOK)
	}
}
