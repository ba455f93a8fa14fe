package core

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/codec/multipart"
)

// sessionBase is what the SMPP, UCP and CIMD2 sessions share: the
// connection, the session state, the client's requests awaiting the host,
// and the timers the reading goroutine runs between frames (bind-timeout,
// the server's keep-alive, response-timeout of pending requests,
// pdu-timeout of a half-received frame, idle-timeout, reassembly-timeout). A protocol session embeds it
// and supplies sessionHooks for what only the protocol knows.
type sessionBase struct {
	c     *conn
	hooks sessionHooks
	texts sessionTexts

	// state is the protocol's session state, one of its <protocol>St<State>
	// constants. The host's threads write it too (a login answered).
	state   atomic.Int32
	ref     atomic.Uint32 // concatenation references of long deliveries
	pending pendingTable
	out     outstanding // the server's own requests awaiting the client (outstanding.go)

	// Owned by the reading goroutine.
	connectedAt    time.Time
	lastRx         time.Time // the last frame received
	alive          keepAlive
	fr             *frameReader
	reasm          *multipart.Reassembler
	expiredScratch []pendingExpired
	outScratch     []outUnanswered
}

// sessionHooks are the points where the protocols' sessions really differ.
// sessionBase calls them on the reading goroutine.
type sessionHooks interface {
	// loginState reports whether the session still waits for a login
	// (bind-timeout runs) and whether it is logged in (keep-alives run).
	loginState() (waiting, loggedIn bool)
	// sendKeepAlive sends the protocol's keep-alive (enquire_link, OT 31,
	// alive) and returns the number it carries.
	sendKeepAlive() uint32
	// reassembling reports whether long messages may be waiting for parts;
	// false lets the timers skip the reassembler and its lock.
	reassembling() bool
	// answerDefault sends the answer a request gets when no handler answers
	// it; timedOut: the host had it but let response-timeout pass.
	answerDefault(key uint32, q pendingReq, timedOut bool)
	// reportIncomplete reports a long message given up, and why.
	reportIncomplete(x multipart.Expired, why string)
	// reportUnanswered reports a request of the server's that the client
	// did not answer within deliver-timeout (lost false) or before the
	// connection ended (lost true), in the protocol's
	// DeliverResponseReceived event.
	reportUnanswered(u outUnanswered, lost bool)
}

// sessionTexts are the reasons the timers give for closing a connection
// (TcpDisconnectedEventArgs.ReasonText), in the protocol's own words.
type sessionTexts struct {
	noLogin      string // bind-timeout passed without a login
	noAliveReply string // the server's keep-alive went unanswered
}

// keepAlive is the server's own keep-alive of one session: one at a time,
// sent after KeepAliveInterval of silence. Unanswered by its deadline, it
// closes the connection.
type keepAlive struct {
	waiting  bool   // sent and not answered yet
	num      uint32 // the number it carries
	deadline time.Time
}

func (b *sessionBase) init(c *conn, hooks sessionHooks, texts sessionTexts) {
	b.c, b.hooks, b.texts = c, hooks, texts
	b.out.init(c.cfg)
	b.pending.stats = &c.srv.stats
	b.pending.rxOffset = noResponseTimeout
	if c.cfg.ResponseTimeout > 0 {
		b.pending.rxOffset = c.cfg.ResponseTimeout
	}
}

// start begins the session at now: it sets the clocks the timers count
// from and makes the reassembler and the frame reader. The reader lets the
// out-queue gather the answers to one read's frames and write them with
// one syscall.
func (b *sessionBase) start(now time.Time, split func([]byte) (int, error)) *frameReader {
	c, cfg := b.c, b.c.cfg
	b.connectedAt, b.lastRx = now, now
	b.out.reader.Store(goroutineID())
	b.reasm = multipart.NewReassembler(cfg.ReassemblyTimeout, cfg.ReassemblyLimit, 4*cfg.ReassemblyLimit*1024)
	b.reasm.SetBudget(cfg.reasmBudget)
	fr := newFrameReader(c.nc, cfg.MaxPDUSize, split)
	if c.early != nil {
		fr.preload(c.early)
		c.early = nil
	}
	fr.beforeRead, fr.afterRead = c.q.release, c.q.hold
	fr.pduTimeout = cfg.PDUTimeout
	b.fr = fr
	return fr
}

// stop ends the session: long messages still waiting for parts are
// reported (parts never span connections), and what the last batch queued
// is written.
func (b *sessionBase) stop() {
	// Before OnTcpDisconnected, which serve raises after this returns.
	for _, u := range b.out.drain() {
		b.hooks.reportUnanswered(u, true)
	}
	b.dropIncomplete("connection closed")
	b.c.q.release()
}

// housekeeping runs the session's timers. It returns false when the
// connection must end.
func (b *sessionBase) housekeeping(now time.Time) bool {
	c := b.c
	waiting, loggedIn := b.hooks.loginState()
	if waiting && c.cfg.BindTimeout > 0 && now.Sub(b.connectedAt) >= c.cfg.BindTimeout {
		c.srv.stats.sessTimeouts.Add(1)
		c.finish(ReasonLocal, b.texts.noLogin)
		return false
	}
	if t, ok := b.fr.frameDeadline(); ok && !now.Before(t) {
		c.srv.stats.sessTimeouts.Add(1)
		c.finish(ReasonLocal, fmt.Sprintf("pdu-timeout: a frame begun %v ago is not complete", c.cfg.PDUTimeout))
		return false
	}
	if loggedIn && c.cfg.IdleTimeout > 0 && now.Sub(b.lastRx) >= c.cfg.IdleTimeout {
		c.srv.stats.sessTimeouts.Add(1)
		c.finish(ReasonLocal, fmt.Sprintf("idle-timeout: no frame from the client for %v", c.cfg.IdleTimeout))
		return false
	}
	if loggedIn && !b.checkKeepAlive(now) {
		return false
	}
	if exp := b.pending.expired(now, b.expiredScratch[:0]); len(exp) > 0 {
		for _, e := range exp {
			b.hooks.answerDefault(e.key, e.req, true)
		}
		b.expiredScratch = exp[:0]
	}
	if exp := b.out.expired(now, b.outScratch[:0]); len(exp) > 0 {
		c.srv.stats.delivTimeouts.Add(uint64(len(exp)))
		for _, u := range exp {
			b.hooks.reportUnanswered(u, false)
		}
		b.outScratch = exp[:0]
	}
	if !b.hooks.reassembling() {
		return true
	}
	if d, ok := b.reasm.NextDeadline(); ok && !now.Before(d) {
		for _, x := range b.reasm.Expire(now) {
			b.hooks.reportIncomplete(x, "reassembly-timeout")
		}
	}
	return true
}

// checkKeepAlive sends the keep-alive after KeepAliveInterval of silence and
// ends the connection when one goes unanswered. It returns false then.
func (b *sessionBase) checkKeepAlive(now time.Time) bool {
	k := b.c.srv.KeepAliveInterval()
	switch {
	case k <= 0:
	case b.alive.waiting:
		if !now.Before(b.alive.deadline) {
			b.c.srv.stats.sessTimeouts.Add(1)
			b.c.finish(ReasonLocal, b.texts.noAliveReply)
			return false
		}
	case now.Sub(b.lastRx) >= time.Duration(k)*time.Second:
		b.alive.deadline = now.Add(keepAliveWait(b.c.cfg, k))
		b.alive.num = b.hooks.sendKeepAlive()
		b.alive.waiting = true
	}
	return true
}

// keepAliveAnswered notes an answer numbered num: when it answers the
// server's keep-alive it returns true, and the answer needs nothing more.
// Any answer counts, a negative one too: the peer is alive.
func (b *sessionBase) keepAliveAnswered(num uint32) bool {
	if !b.alive.waiting || b.alive.num != num {
		return false
	}
	b.alive.waiting = false
	return true
}

// nextWake is when the reader must look at its timers again: the earliest
// of them, rounded (see wakeup).
func (b *sessionBase) nextWake(now time.Time) time.Time {
	w := b.timers(now)
	return w.deadline()
}

// timers collects the times at which housekeeping has something to do.
func (b *sessionBase) timers(now time.Time) wakeup {
	w := newWakeup(now)
	cfg := b.c.cfg
	waiting, loggedIn := b.hooks.loginState()
	if waiting && cfg.BindTimeout > 0 {
		w.min(b.connectedAt.Add(cfg.BindTimeout))
	}
	if t, ok := b.fr.frameDeadline(); ok {
		w.min(t)
	}
	if loggedIn && cfg.IdleTimeout > 0 {
		w.min(b.lastRx.Add(cfg.IdleTimeout))
	}
	if k := b.c.srv.KeepAliveInterval(); k > 0 && loggedIn {
		if b.alive.waiting {
			w.min(b.alive.deadline)
		} else {
			w.min(b.lastRx.Add(time.Duration(k) * time.Second))
		}
	}
	if t, ok := b.pending.next(); ok {
		w.min(t)
	}
	if t, ok := b.out.next(); ok {
		w.min(t)
	}
	if b.hooks.reassembling() {
		if t, ok := b.reasm.NextDeadline(); ok {
			w.min(t)
		}
	}
	return w
}

// noResponseTimeout stands for "never" when response-timeout is 0.
const noResponseTimeout = 100 * 365 * 24 * time.Hour

// responseDeadline is when a request received at now must have been
// answered by the host.
func (b *sessionBase) responseDeadline(now time.Time) time.Time {
	if b.c.cfg.ResponseTimeout <= 0 {
		return now.Add(noResponseTimeout)
	}
	return now.Add(b.c.cfg.ResponseTimeout)
}

// answerDefaultIfPending sends the default answer to a request nobody has
// answered yet (a handler declined it, or panicked).
func (b *sessionBase) answerDefaultIfPending(key uint32) {
	if q, ok := b.pending.take(key); ok {
		b.hooks.answerDefault(key, q, false)
	}
}

// dropIncomplete reports every message still waiting for parts and hands
// what the reassembler held back to the server-wide budget.
func (b *sessionBase) dropIncomplete(why string) {
	if b.reasm == nil {
		return
	}
	for _, x := range b.reasm.Flush() {
		b.hooks.reportIncomplete(x, why)
	}
	b.reasm.Release() // the server-wide budget gets back what this connection held
}

// sendRequest sends one of the server's requests (a delivery, a status
// report) for which outstanding.reserve took a slot: the request is
// tracked under key before it goes out, as its answer may arrive before
// send returns, and forgotten again when it did not go out. ident is the
// number the host sees in its outcome.
func (b *sessionBase) sendRequest(key, ident, op uint32, send func() Code) Code {
	gen, first, ok := b.out.track(key, ident, op, time.Now())
	if !ok {
		return ErrConnectionClosed
	}
	// The reader sleeps at most maxTimerSleep; a shorter deadline in an
	// empty table (the earliest one, as requests expire in order) needs
	// it to look at its timers again.
	if first && b.out.timeout > 0 && b.out.timeout < maxTimerSleep {
		b.c.nudge()
	}
	code := send()
	if code != OK {
		b.out.drop(key, gen)
	}
	return code
}

// sendNumbered is sendRequest for UCP and CIMD2, whose wire numbers are
// small (requestnumbers.go).
func (b *sessionBase) sendNumbered(wire int, ident uint32, op int, send func() Code) Code {
	return b.sendRequest(uint32(wire), ident, uint32(op), send)
}

// emitOutcome raises an outcome event of the connection. It keeps the
// real ClientID (nil id, as the Incomplete events) and, unlike emit, is not
// dropped when the connection ends while the event queue is full: only
// the server's destruction drops it. The reading goroutine raises it, so it
// comes before OnTcpDisconnected.
func (b *sessionBase) emitOutcome(ev func()) {
	s := b.c.srv
	if s.isDestroyed() {
		return
	}
	if s.DispatchMode() == DispatchDirect {
		s.disp.run(eventFunc(ev))
		return
	}
	s.disp.post(queued{ev: eventFunc(ev), c: b.c}, s.destroyed)
}
