package core

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// UCP session states (named as described at smppStOpen).
const (
	ucpStOpen     int32 = iota // connected; submits allowed only without login-required
	ucpStLoggedIn              // a 60 was answered positively
)

// ucpAlertPID is the PID of the server's own OT 31 (PC appl. over TCP/IP, as Kannel uses).
const ucpAlertPID = "0539"

type ucpSession struct {
	srv  *UCPServer
	c    *conn
	opts *ucpOptions

	state    atomic.Int32
	identity atomic.Value // string: OAdC of the accepted login, AdC of our OT 31
	trn      atomic.Uint32
	ref      atomic.Uint32
	pending  pendingTable

	// The parts of messages awaiting their Completed event: submit id ->
	// the part's event args and the SCTS given to its positive answer (set
	// by the host's thread, read by the event; pruned by the reader).
	tsMu      sync.Mutex
	ts        map[uint64]ucpPart
	nextPrune time.Time

	// Owned by the reading goroutine.
	connectedAt    time.Time
	lastRx         time.Time
	aliveTRN       int // TRN of our unanswered OT 31, -1 = none
	aliveDeadline  time.Time
	junk           int // octets of line noise since the last frame
	submitSeq      uint64
	reasm          *multipart.Reassembler
	expiredScratch []pendingExpired
	dec            struct {
		frame ucp.Frame
		m5x   ucp.Msg5x
		m60   ucp.Msg60
		m31   ucp.Msg31
		m01   ucp.Msg01
		ans   ucp.Answer
	}
}

type ucpPart struct {
	args  *UcpSubmitMessageReceivedEventArgs // a copy the host never sees
	scts  time.Time
	added time.Time
}

// ucpRequest is what a pending client operation remembers for its answer.
type ucpRequest struct {
	id  uint64 // submit id (submitSeq<<8 | TRN)
	adc string // the submit's AdC (default of the ACK's SM) or the login's OAdC
}

func newUCPSession(s *UCPServer, c *conn) *ucpSession {
	us := &ucpSession{srv: s, c: c, opts: s.opts.Load(), aliveTRN: -1}
	us.identity.Store("")
	if !us.opts.loginRequired {
		// Nothing to wait for: the session is open from the start.
		us.state.Store(ucpStOpen)
	}
	return us
}

// open reports whether the client may submit and receive deliveries.
func (us *ucpSession) open() bool {
	return us.state.Load() == ucpStLoggedIn || !us.opts.loginRequired
}

func ucpKey(ot, trn int) uint32 { return uint32(ot)<<8 | uint32(trn) }

func (us *ucpSession) run() {
	c := us.c
	cfg := c.cfg
	now := time.Now()
	us.connectedAt, us.lastRx = now, now
	us.reasm = multipart.NewReassembler(cfg.ReassemblyTimeout, cfg.ReassemblyLimit, 4*cfg.ReassemblyLimit*1024)
	fr := newFrameReader(c.nc, cfg.MaxPDUSize, ucpSplitter(cfg.MaxPDUSize))
	fr.beforeRead, fr.afterRead = c.q.release, c.q.hold // one write per batch of answers
	defer c.q.release()
	defer us.dropIncomplete("connection closed")
	for {
		now = time.Now()
		if !us.housekeeping(now) {
			return
		}
		fr.setDeadline(us.nextWake(now))
		frame, err := fr.next()
		if err == errReadTimeout {
			continue
		}
		if err != nil {
			switch {
			case errors.Is(err, ucp.ErrNoSTX):
				c.finish(ReasonLocal, "frame without STX")
				return
			case errors.Is(err, ucp.ErrNoETX):
				c.finish(ReasonLocal, "frame without ETX")
				return
			case errors.Is(err, ucp.ErrTooLong), errors.Is(err, errFrameTooLarge):
				c.finish(ReasonLocal, "frame too large")
				return
			}
			c.readFailed(err)
			return
		}
		i := bytes.IndexByte(frame, ucp.STX)
		if i < 0 { // line noise only
			us.junk += len(frame)
			if us.junk > cfg.MaxPDUSize {
				c.finish(ReasonLocal, "no STX in max-pdu-size octets")
				return
			}
			continue
		}
		us.junk = 0
		if c.isClosed() { // closing: what arrives now is not handled
			return
		}
		us.lastRx = now
		us.handle(frame[i:])
		if c.isClosed() {
			return
		}
	}
}

// ucpSplitter frames the stream on STX..ETX. Line noise with no STX is
// returned as a "frame" of its own so the buffer does not fill with it.
func ucpSplitter(max int) func([]byte) (int, error) {
	return func(b []byte) (int, error) {
		skip, n, err := ucp.Scan(b, max)
		if err != nil {
			return 0, err
		}
		if n > 0 {
			return skip + n, nil
		}
		if skip == len(b) {
			return skip, nil
		}
		return 0, nil
	}
}

// housekeeping runs the session's timers on the reading goroutine. It
// returns false when the connection must end.
func (us *ucpSession) housekeeping(now time.Time) bool {
	c := us.c
	if !us.open() && c.cfg.BindTimeout > 0 && now.Sub(us.connectedAt) >= c.cfg.BindTimeout {
		c.finish(ReasonLocal, "no login within bind-timeout")
		return false
	}
	if k := us.srv.KeepAliveInterval(); k > 0 && us.open() {
		if us.aliveTRN >= 0 {
			if !now.Before(us.aliveDeadline) {
				c.finish(ReasonLocal, "no answer to keep-alive (OT 31)")
				return false
			}
		} else if now.Sub(us.lastRx) >= time.Duration(k)*time.Second {
			us.aliveTRN = us.nextTRN()
			us.aliveDeadline = now.Add(keepAliveWait(us.c.cfg, k))
			adc, _ := us.identity.Load().(string)
			trn := us.aliveTRN
			us.send(trn, ucp.OTAlert, func(b []byte) ([]byte, error) {
				return ucp.AppendFrame(b, trn, ucp.Operation, ucp.OTAlert, bytesOf(adc), bytesOf(ucpAlertPID))
			})
		}
	}
	if exp := us.pending.expired(now, us.expiredScratch[:0]); len(exp) > 0 {
		for _, e := range exp {
			us.answerDefault(e.key, e.req, true)
		}
		us.expiredScratch = exp[:0]
	}
	if d, ok := us.reasm.NextDeadline(); ok && !now.Before(d) {
		for _, x := range us.reasm.Expire(now) {
			us.reportIncomplete(x, "reassembly-timeout")
		}
	}
	if !us.nextPrune.IsZero() && !now.Before(us.nextPrune) {
		us.pruneTimeStamps(now)
	}
	return true
}

// nextWake is the earliest timer, rounded up to 100 ms (see smppSession).
func (us *ucpSession) nextWake(now time.Time) time.Time {
	w := newWakeup(now)
	min := w.min
	open := us.open()
	if !open && us.c.cfg.BindTimeout > 0 {
		min(us.connectedAt.Add(us.c.cfg.BindTimeout))
	}
	if k := us.srv.KeepAliveInterval(); k > 0 && open {
		if us.aliveTRN >= 0 {
			min(us.aliveDeadline)
		} else {
			min(us.lastRx.Add(time.Duration(k) * time.Second))
		}
	}
	if t, ok := us.pending.next(); ok {
		min(t)
	}
	if t, ok := us.reasm.NextDeadline(); ok {
		min(t)
	}
	if !us.nextPrune.IsZero() {
		min(us.nextPrune)
	}
	return w.deadline()
}

// nextTRN allocates the server's own transaction numbers, 00..99 cyclic.
func (us *ucpSession) nextTRN() int { return int((us.trn.Add(1) - 1) % 100) }

func (us *ucpSession) deadline() time.Time {
	if us.c.cfg.ResponseTimeout <= 0 {
		return time.Now().Add(100 * 365 * 24 * time.Hour)
	}
	return time.Now().Add(us.c.cfg.ResponseTimeout)
}

// send appends one frame, built by build, to the connection's out-queue
// under its lock (build may use the caller's stack only).
func (us *ucpSession) send(trn, ot int, build func(b []byte) ([]byte, error)) Code {
	b, err := us.c.q.lock()
	if err != nil {
		return CodeOf(err)
	}
	start := len(b)
	b, err = build(b)
	if err != nil {
		us.c.q.abort()
		if errors.Is(err, ucp.ErrLenLimit) {
			return ErrContentTooLong
		}
		return CodeOf(err)
	}
	tr := us.srv.h().OnUcpTraceProtocol
	var pdu string
	if tr != nil {
		pdu = strings.ToUpper(hex.EncodeToString(b[start:]))
	}
	us.c.q.unlock(b)
	if tr != nil {
		us.trace(us.c.localAddr, us.c.remoteAddr, ot, trn, pdu, true)
	}
	return OK
}

func (us *ucpSession) sendACK(trn, ot int, sm string) Code {
	return us.send(trn, ot, func(b []byte) ([]byte, error) { return ucp.AppendACK(b, trn, ot, nil, bytesOf(sm)) })
}

func (us *ucpSession) sendNACK(trn, ot, ec int, sm string) Code {
	return us.send(trn, ot, func(b []byte) ([]byte, error) { return ucp.AppendNACK(b, trn, ot, ec, bytesOf(sm)) })
}

// trace reports a frame; outgoing traces of a host's call never block the
// caller in pumped mode (see smppSession.trace).
func (us *ucpSession) trace(from, to string, ot, trn int, pdu string, outgoing bool) {
	s := us.srv
	e := &UcpTraceProtocolEventArgs{ClientID: us.c.id, FromAddress: from, ToAddress: to,
		Operation: uint32(max(ot, 0)), OperationType: uint32(max(trn, 0)), PDU: pdu}
	ev := func() {
		if h := s.h().OnUcpTraceProtocol; h != nil {
			safeCall(&s.server, "OnUcpTraceProtocol", func() { h(e) })
		}
	}
	if !outgoing {
		s.emit(us.c, ev)
		return
	}
	s.emitOutgoingTrace(us.c, ev)
}

// trackPart starts remembering submit id (its args and, once answered,
// its SCTS) for the Completed event.
func (us *ucpSession) trackPart(id uint64, args *UcpSubmitMessageReceivedEventArgs, now time.Time) {
	us.tsMu.Lock()
	if us.ts == nil {
		us.ts = make(map[uint64]ucpPart)
	}
	us.ts[id] = ucpPart{args: args, added: now}
	us.tsMu.Unlock()
	if us.nextPrune.IsZero() {
		us.nextPrune = now.Add(us.tsMaxAge())
	}
}

func (us *ucpSession) setTimeStamp(id uint64, t time.Time) {
	us.tsMu.Lock()
	if p, ok := us.ts[id]; ok {
		p.scts = t
		us.ts[id] = p
	}
	us.tsMu.Unlock()
}

// takeParts returns and forgets the parts ids (zero values for unknown ones).
func (us *ucpSession) takeParts(ids []uint64) []ucpPart {
	out := make([]ucpPart, len(ids))
	us.tsMu.Lock()
	for i, id := range ids {
		out[i] = us.ts[id]
		delete(us.ts, id)
	}
	us.tsMu.Unlock()
	return out
}

// takeTimeStamps returns and forgets the SCTS of ids.
func (us *ucpSession) takeTimeStamps(ids []uint64) []time.Time {
	parts := us.takeParts(ids)
	out := make([]time.Time, len(parts))
	for i, p := range parts {
		out[i] = p.scts
	}
	return out
}

// tsMaxAge bounds how long an entry may wait for its event: parts that the
// reassembler silently dropped (duplicates) are forgotten after it.
func (us *ucpSession) tsMaxAge() time.Duration {
	return 2*us.c.cfg.ReassemblyTimeout + us.c.cfg.ResponseTimeout + time.Minute
}

func (us *ucpSession) pruneTimeStamps(now time.Time) {
	limit := now.Add(-us.tsMaxAge())
	us.tsMu.Lock()
	for id, p := range us.ts {
		if p.added.Before(limit) {
			delete(us.ts, id)
		}
	}
	empty := len(us.ts) == 0
	us.tsMu.Unlock()
	if empty {
		us.nextPrune = time.Time{}
	} else {
		us.nextPrune = now.Add(us.tsMaxAge() / 4)
	}
}
