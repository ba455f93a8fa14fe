package core

import (
	"bytes"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// UCP session states (named as described at smppStOpen).
const (
	ucpStOpen     int32 = iota // connected; submits allowed only without login-required
	ucpStLoggedIn              // a 60 was answered positively
)

// ucpAlertPID is the PID of the server's own OT 31 (PC appl. over TCP/IP, as Kannel uses).
const ucpAlertPID = "0539"

// ucpSession is the UCP/EMI conversation with one client (an SMT).
type ucpSession struct {
	sessionBase
	srv  *UCPServer
	opts *ucpOptions

	identity atomic.Value   // string: OAdC of the accepted login, AdC of our OT 31
	nums     requestNumbers // TRNs of the server's requests in flight

	// The parts of messages awaiting their Completed event: submit id ->
	// the part's event args and the SCTS given to its positive answer (set
	// by the host's thread, read by the event; pruned by the reader).
	tsMu      sync.Mutex
	ts        map[uint64]ucpPart
	nextPrune time.Time

	// Owned by the reading goroutine.
	junk      int // octets of line noise since the last frame
	submitSeq uint64
	dec       struct {
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
	us := &ucpSession{srv: s, opts: s.opts.Load()}
	us.nums.init(100, 1)
	us.init(c, us, sessionTexts{noLogin: "no login within bind-timeout", noAliveReply: "no answer to keep-alive (OT 31)"})
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
	fr := us.start(time.Now(), ucpSplitter(cfg.MaxPDUSize))
	defer us.stop()
	for {
		now := time.Now()
		if !us.housekeeping(now) {
			return
		}
		fr.setDeadline(us.nextWake(now))
		frame, err := fr.next()
		if err == errReadTimeout {
			continue
		}
		if err != nil {
			us.readFailed(err)
			return
		}
		i := bytes.IndexByte(frame, ucp.STX)
		if i >= 0 {
			kind, _ := ucpKind(frame[i:])
			us.srv.stats.in[kind].Add(1)
		}
		if i < 0 { // line noise only
			us.junk += len(frame)
			if us.junk > cfg.MaxPDUSize {
				us.srv.stats.malformed.Add(1)
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

// readFailed ends the session on a read error: a stream that breaks UCP's
// framing cannot be trusted any further.
func (us *ucpSession) readFailed(err error) {
	c := us.c
	if errors.Is(err, ucp.ErrNoSTX) || errors.Is(err, ucp.ErrNoETX) || errors.Is(err, ucp.ErrTooLong) || errors.Is(err, errFrameTooLarge) {
		us.srv.stats.malformed.Add(1)
	}
	switch {
	case errors.Is(err, ucp.ErrNoSTX):
		c.finish(ReasonLocal, "frame without STX")
	case errors.Is(err, ucp.ErrNoETX):
		c.finish(ReasonLocal, "frame without ETX")
	case errors.Is(err, ucp.ErrTooLong), errors.Is(err, errFrameTooLarge):
		c.finish(ReasonLocal, "frame too large")
	default:
		c.readFailed(err)
	}
}

// housekeeping runs the shared timers, then prunes the time stamps kept
// for Completed events (after the reassembly reports, which take theirs).
func (us *ucpSession) housekeeping(now time.Time) bool {
	if !us.sessionBase.housekeeping(now) {
		return false
	}
	if !us.nextPrune.IsZero() && !now.Before(us.nextPrune) {
		us.pruneTimeStamps(now)
	}
	return true
}

// nextWake is the shared timers' wake-up, or the next prune if earlier.
func (us *ucpSession) nextWake(now time.Time) time.Time {
	w := us.timers(now)
	if !us.nextPrune.IsZero() {
		w.min(us.nextPrune)
	}
	return w.deadline()
}

// loginState: without login-required the session is open from the start.
func (us *ucpSession) loginState() (waiting, loggedIn bool) {
	open := us.open()
	return !open, open
}

// sendKeepAlive sends OT 31 to the login's OAdC.
func (us *ucpSession) sendKeepAlive() uint32 {
	trn, _ := us.nums.assign(0, false)
	adc, _ := us.identity.Load().(string)
	us.send(trn, ucp.OTAlert, func(b []byte) ([]byte, error) {
		return ucp.AppendFrame(b, trn, ucp.Operation, ucp.OTAlert, bytesOf(adc), bytesOf(ucpAlertPID))
	})
	return uint32(trn)
}

func (us *ucpSession) reassembling() bool { return true }

// deadline is when a request received now must have been answered.
func (us *ucpSession) deadline() time.Time { return us.responseDeadline(time.Now()) }

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
		pdu = upperHex(b[start:])
	}
	kind, nack := ucpKind(b[start:])
	us.c.q.unlock(b)
	us.counted(kind, nack, ot)
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

// trace reports a frame (threads: see emitTrace).
func (us *ucpSession) trace(from, to string, ot, trn int, pdu string, outgoing bool) {
	s := us.srv
	e := &UcpTraceProtocolEventArgs{ClientID: us.c.id, FromAddress: from, ToAddress: to,
		Operation: uint32(max(ot, 0)), OperationType: uint32(max(trn, 0)), PDU: pdu}
	ev := func() {
		if h := s.h().OnUcpTraceProtocol; h != nil {
			safeCall(&s.server, "OnUcpTraceProtocol", func() { h(e) })
		}
	}
	s.emitTrace(us.c, &e.ClientID, outgoing, ev)
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

// counted counts a frame sent: its kind, a NACK, a login's result.
func (us *ucpSession) counted(kind int, nack bool, ot int) {
	st := &us.srv.stats
	st.out[kind].Add(1)
	if nack {
		st.errResponses.Add(1)
	}
	if kind == 17 || kind == 18 { // 60_ack, 60_nack (stats_kinds.go)
		st.login(kind == 17)
	}
}
