package core

import (
	"bytes"
	"errors"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/codec/cimd2"
)

// CIMD2 session states, server view (named as described at smppStOpen).
const (
	cimd2StOpen         int32 = iota // TCP up, not logged in
	cimd2StLoginPending              // login handed to the host, no answer yet
	cimd2StLoggedIn
	cimd2StLoggedOut // logout answered; the connection closes once it is written
)

// cimd2Session is the CIMD2 conversation with one client application.
type cimd2Session struct {
	sessionBase
	srv   *CIMD2Server
	nums  requestNumbers // server packet numbers of requests in flight
	parts cimd2Parts
	wake  atomic.Bool // a Completed event became ready on another thread

	// Owned by the reading goroutine.
	nextClientNum int // the client's next number, echoed by NACKs of unreadable packets
	partSeq       uint64
	heads         longMessageHeads[Cimd2SubmitMessageReceivedEventArgs]
	pkt           cimd2.Packet
}

func newCIMD2Session(s *CIMD2Server, c *conn) *cimd2Session {
	ss := &cimd2Session{srv: s, nextClientNum: 1}
	ss.nums.init(128, 2)
	ss.init(c, ss, sessionTexts{noLogin: "no login within bind-timeout", noAliveReply: "no answer to alive"})
	return ss
}

func (ss *cimd2Session) run() {
	ss.start(time.Now(), ss.split)
	defer func() {
		ss.flushCompleted()
		ss.stop()
	}()
	for {
		now := time.Now()
		if !ss.housekeeping(now) {
			return
		}
		ss.flushCompleted()
		ss.fr.setDeadline(ss.nextWake(now))
		if ss.wake.Load() {
			ss.fr.deadline = time.Time{} // re-arm: the waker moved the socket's deadline
			continue
		}
		frame, err := ss.fr.next()
		switch {
		case err == errReadTimeout:
		case err != nil:
			ss.readFailed(err)
			return
		case ss.received(frame):
			return
		}
	}
}

// split frames the stream for the frame reader (which times a packet that
// has begun to arrive: pdu-timeout).
func (ss *cimd2Session) split(b []byte) (int, error) {
	n, _, err := cimd2.Split(b, ss.c.cfg.MaxPDUSize)
	return n, err
}

func (ss *cimd2Session) readFailed(err error) {
	if errors.Is(err, cimd2.ErrTooLong) || errors.Is(err, errFrameTooLarge) {
		ss.srv.stats.malformed.Add(1)
		ss.c.finish(ReasonLocal, "packet larger than max-pdu-size")
		return
	}
	ss.c.readFailed(err)
}

// received handles what the splitter returned: a packet, or octets between
// packets. It returns true when the session is over.
func (ss *cimd2Session) received(frame []byte) (stop bool) {
	c := ss.c
	now := time.Now()
	if len(frame) < 2 || frame[0] != cimd2.STX || frame[len(frame)-1] != cimd2.ETX {
		ss.onSkipped(frame)
		return false
	}
	if c.isClosed() { // closing: what arrives now is not handled
		return true
	}
	ss.lastRx = now
	if ss.handle(frame) {
		return true
	}
	ss.flushCompleted()
	return c.isClosed()
}

// loginState: bind-timeout runs until a login arrives, keep-alives once
// logged in.
func (ss *cimd2Session) loginState() (waiting, loggedIn bool) {
	st := ss.state.Load()
	return st == cimd2StOpen, st == cimd2StLoggedIn
}

// sendKeepAlive sends alive (40).
func (ss *cimd2Session) sendKeepAlive() uint32 {
	num, _ := ss.nums.assign(0, false)
	ss.send(cimd2.OpAlive, num, nil)
	return uint32(num)
}

func (ss *cimd2Session) reassembling() bool { return true }

// wakeReader makes the reading goroutine look at its ready Completed events
// now instead of after its next packet or timer.
func (ss *cimd2Session) wakeReader() {
	ss.wake.Store(true)
	_ = ss.c.nc.SetReadDeadline(time.Now())
}

// send encodes one packet into the connection's out-queue: header, the
// parameters fill appends (may be nil), checksum and ETX.
func (ss *cimd2Session) send(op, num int, fill func(b []byte) []byte) Code {
	b, err := ss.c.q.lock()
	if err != nil {
		return CodeOf(err)
	}
	start := len(b)
	b = cimd2.AppendHeader(b, op, num)
	if fill != nil {
		b = fill(b)
	}
	b = cimd2.AppendTrailer(b, start)
	ss.counted(op, b[start:])
	tr := ss.srv.h().OnCimd2TraceProtocol
	var pdu string
	if tr != nil {
		pdu = upperHex(b[start:])
	}
	ss.c.q.unlock(b)
	if tr != nil {
		ss.trace(ss.c.localAddr, ss.c.remoteAddr, op, num, pdu, true)
	}
	return OK
}

// sendError sends a response or 98 carrying 900 and, when text is not
// empty, 901.
func (ss *cimd2Session) sendError(op, num int, code int, msg string) Code {
	return ss.send(op, num, func(b []byte) []byte {
		b = cimd2.AppendParamInt(b, cimd2.ParamErrorCode, code)
		if msg != "" {
			b = cimd2.AppendParamString(b, cimd2.ParamErrorText, msg)
		}
		return b
	})
}

// sendStdError is sendError with the spec's text for the code.
func (ss *cimd2Session) sendStdError(op, num, code int) Code {
	return ss.sendError(op, num, code, cimd2.ErrorText(code))
}

// trace reports a packet (threads: see emitTrace).
func (ss *cimd2Session) trace(from, to string, op, num int, pdu string, outgoing bool) {
	s := ss.srv
	e := &Cimd2TraceProtocolEventArgs{ClientID: ss.c.id, FromAddress: from, ToAddress: to,
		Operation: uint32(int32(op)), OperationType: uint32(int32(num)), PDU: pdu}
	ev := func() {
		if h := s.h().OnCimd2TraceProtocol; h != nil {
			safeCall(&s.server, "OnCimd2TraceProtocol", func() { h(e) })
		}
	}
	s.emitTrace(ss.c, &e.ClientID, outgoing, ev)
}

// deadline is when a request received now must have been answered.
func (ss *cimd2Session) deadline() time.Time { return ss.responseDeadline(time.Now()) }

// cimd2ErrorParam is how parameter 900 (error code) starts in a packet:
// the header ends with a TAB, and so does every parameter.
var cimd2ErrorParam = []byte("\t900:")

// counted counts a packet sent: its kind, an error answer, a login's
// answer. An answer is an error when it is 98 or 99 or carries 900.
func (ss *cimd2Session) counted(op int, pkt []byte) {
	st := &ss.srv.stats
	st.out[cimd2Kind(op)].Add(1)
	isErr := op == cimd2.OpGeneralError || op == cimd2.OpNack
	if !isErr && op > cimd2.OpResponse && op < cimd2.OpGeneralError {
		isErr = bytes.Contains(pkt, cimd2ErrorParam)
	}
	if isErr {
		st.errResponses.Add(1)
	}
	if op == cimd2.OpLoginResponse {
		st.login(!isErr)
	}
}
