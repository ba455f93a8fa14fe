package core

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/text"
)

// CIMD2 session states, server view (named as described at smppStOpen).
const (
	cimd2StOpen         int32 = iota // TCP up, not logged in
	cimd2StLoginPending              // login handed to the host, no answer yet
	cimd2StLoggedIn
	cimd2StLoggedOut // logout answered; the connection closes once it is written
)

type cimd2Session struct {
	srv *CIMD2Server
	c   *conn

	state   atomic.Int32
	num     atomic.Uint32 // server packet numbers, see nextNumber
	ref     atomic.Uint32 // concatenation references of long deliveries
	pending pendingTable
	parts   cimd2Parts
	wake    atomic.Bool // a Completed event became ready on another thread

	// Owned by the reading goroutine.
	fr             *frameReader
	connectedAt    time.Time
	lastRx         time.Time
	partialSince   time.Time // a packet has started and not ended since then
	aliveNum       int       // number of our unanswered alive (40), -1 = none
	aliveDeadline  time.Time
	nextClientNum  int // the client's next number, echoed by NACKs of unreadable packets
	partSeq        uint64
	reasm          *multipart.Reassembler
	heads          map[multipart.Key]*cimd2Head
	expiredScratch []pendingExpired
	pkt            cimd2.Packet
}

func newCIMD2Session(s *CIMD2Server, c *conn) *cimd2Session {
	return &cimd2Session{srv: s, c: c, aliveNum: -1, nextClientNum: 1}
}

func (ss *cimd2Session) run() {
	c := ss.c
	cfg := c.cfg
	now := time.Now()
	ss.connectedAt, ss.lastRx = now, now
	ss.reasm = multipart.NewReassembler(cfg.ReassemblyTimeout, cfg.ReassemblyLimit, 4*cfg.ReassemblyLimit*1024)
	max := cfg.MaxPDUSize
	ss.fr = newFrameReader(c.nc, max, func(b []byte) (int, error) {
		n, _, err := cimd2.Split(b, max)
		if n == 0 && err == nil && len(b) > 0 && ss.partialSince.IsZero() && cfg.ResponseTimeout > 0 {
			// A packet has started: it must end within response-timeout.
			ss.partialSince = time.Now()
			if d := ss.partialSince.Add(cfg.ResponseTimeout); d.Before(ss.fr.deadline) {
				ss.fr.setDeadline(d)
			}
		}
		return n, err
	})
	ss.fr.beforeRead, ss.fr.afterRead = c.q.release, c.q.hold // one write per batch of answers
	defer c.q.release()
	defer func() {
		ss.flushCompleted()
		ss.dropIncomplete("connection closed")
	}()
	for {
		now = time.Now()
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
		if err == errReadTimeout {
			ss.fr.deadline = time.Time{}
			if ss.fr.w > ss.fr.r && ss.partialSince.IsZero() {
				ss.partialSince = time.Now()
			}
			continue
		}
		if err != nil {
			if errors.Is(err, cimd2.ErrTooLong) || errors.Is(err, errFrameTooLarge) {
				c.finish(ReasonLocal, "packet larger than max-pdu-size")
				return
			}
			c.readFailed(err)
			return
		}
		now = time.Now()
		ss.partialSince = time.Time{}
		if ss.fr.w > ss.fr.r {
			ss.partialSince = now
		}
		if len(frame) < 2 || frame[0] != cimd2.STX || frame[len(frame)-1] != cimd2.ETX {
			ss.onSkipped(frame)
			continue
		}
		if c.isClosed() { // closing: what arrives now is not handled
			return
		}
		ss.lastRx = now
		if ss.handle(frame) {
			return
		}
		ss.flushCompleted()
		if c.isClosed() {
			return
		}
	}
}

// housekeeping runs the session's timers on the reading goroutine. It
// returns false when the connection must end.
func (ss *cimd2Session) housekeeping(now time.Time) bool {
	c := ss.c
	st := ss.state.Load()
	if st == cimd2StOpen && c.cfg.BindTimeout > 0 && now.Sub(ss.connectedAt) >= c.cfg.BindTimeout {
		c.finish(ReasonLocal, "no login within bind-timeout")
		return false
	}
	if !ss.partialSince.IsZero() && c.cfg.ResponseTimeout > 0 && now.Sub(ss.partialSince) >= c.cfg.ResponseTimeout {
		c.finish(ReasonLocal, "packet not completed within response-timeout")
		return false
	}
	if k := ss.srv.KeepAliveInterval(); k > 0 && st == cimd2StLoggedIn {
		if ss.aliveNum >= 0 {
			if !now.Before(ss.aliveDeadline) {
				c.finish(ReasonLocal, "no answer to alive")
				return false
			}
		} else if now.Sub(ss.lastRx) >= time.Duration(k)*time.Second {
			ss.aliveNum = ss.nextNumber()
			ss.aliveDeadline = now.Add(keepAliveWait(ss.c.cfg, k))
			ss.send(cimd2.OpAlive, ss.aliveNum, nil)
		}
	}
	if exp := ss.pending.expired(now, ss.expiredScratch[:0]); len(exp) > 0 {
		for _, e := range exp {
			ss.answerDefault(e.key, e.req, true)
		}
		ss.expiredScratch = exp[:0]
	}
	if d, ok := ss.reasm.NextDeadline(); ok && !now.Before(d) {
		for _, x := range ss.reasm.Expire(now) {
			ss.reportIncomplete(x, "reassembly-timeout")
		}
	}
	return true
}

// nextWake is the earliest timer, rounded up to 100 ms (see smppSession).
func (ss *cimd2Session) nextWake(now time.Time) time.Time {
	w := newWakeup(now)
	min := w.min
	st := ss.state.Load()
	cfg := ss.c.cfg
	if st == cimd2StOpen && cfg.BindTimeout > 0 {
		min(ss.connectedAt.Add(cfg.BindTimeout))
	}
	if !ss.partialSince.IsZero() && cfg.ResponseTimeout > 0 {
		min(ss.partialSince.Add(cfg.ResponseTimeout))
	}
	if k := ss.srv.KeepAliveInterval(); k > 0 && st == cimd2StLoggedIn {
		if ss.aliveNum >= 0 {
			min(ss.aliveDeadline)
		} else {
			min(ss.lastRx.Add(time.Duration(k) * time.Second))
		}
	}
	if t, ok := ss.pending.next(); ok {
		min(t)
	}
	if t, ok := ss.reasm.NextDeadline(); ok {
		min(t)
	}
	return w.deadline()
}

// nextNumber allocates a server packet number: even, 000, 002, ... 254,
// then 000 again (protocols.md §3.2).
func (ss *cimd2Session) nextNumber() int {
	return int((ss.num.Add(1)-1)%128) * 2
}

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
	tr := ss.srv.h().OnCimd2TraceProtocol
	var pdu string
	if tr != nil {
		pdu = string(text.AppendHex(make([]byte, 0, 2*(len(b)-start)), b[start:]))
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

// trace reports a packet (see smppSession.trace for the threading rules).
func (ss *cimd2Session) trace(from, to string, op, num int, pdu string, outgoing bool) {
	s := ss.srv
	e := &Cimd2TraceProtocolEventArgs{ClientID: ss.c.id, FromAddress: from, ToAddress: to,
		Operation: uint32(int32(op)), OperationType: uint32(int32(num)), PDU: pdu}
	ev := func() {
		if h := s.h().OnCimd2TraceProtocol; h != nil {
			safeCall(&s.server, "OnCimd2TraceProtocol", func() { h(e) })
		}
	}
	if !outgoing || s.DispatchMode() == DispatchDirect {
		s.emit(ss.c, ev)
		return
	}
	s.emitOutgoingTrace(ss.c, ev)
}

func (ss *cimd2Session) deadline() time.Time {
	if ss.c.cfg.ResponseTimeout <= 0 {
		return time.Now().Add(100 * 365 * 24 * time.Hour)
	}
	return time.Now().Add(ss.c.cfg.ResponseTimeout)
}
