// Package engine is smscd's SMSC: accounts and logins, store and forward
// between the three protocols, retries, receipts (real for messages to
// owned addresses, simulated for the rest) and model.Backend for the HTTP
// API. It is built on the library's public Go API (package core) only.
//
// A submit is answered once its record is committed to the store (the
// store folds concurrent submits into one transaction). All later work on
// a message (a delivery attempt, a simulated outcome, a receipt) is a time
// in the store's time index, which one scheduler goroutine polls in
// bounded batches: no timer or goroutine per message.
package engine

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
	"github.com/smscserver/libsmscserver/core"
)

// Protocol names as sessions and messages carry them.
const (
	pSMPP  = "smpp"
	pUCP   = "ucp"
	pCIMD2 = "cimd2"
)

// Engine is the running SMSC.
type Engine struct {
	cfg   config.Config
	st    *store.Store
	acc   *accounts
	log   *slog.Logger                  // one line per message event
	connf func(format string, a ...any) // connection events

	smpp  *core.SMPPServer
	ucp   *core.UCPServer
	cimd2 *core.CIMD2Server

	nextID  atomic.Uint64
	nextNum atomic.Uint32 // our own numbers for deliveries and reports (see num)
	ucpTS   stamper
	cimdTS  stamper

	mu        sync.Mutex
	sessions  map[string]*session
	receivers map[string][]*session // account -> its logged-in sessions that may receive
	rr        uint32                // round-robin among an account's sessions

	flightMu sync.Mutex
	inflight map[ikey]*attempt

	kick     chan struct{}
	wakeAt   atomic.Int64 // unix ns the idle scheduler wakes at by itself
	stopOnce sync.Once
	stop     chan struct{}
	stopped  chan struct{}
	purged   chan struct{}
	closing  atomic.Bool
	inSubmit sync.WaitGroup // submits stored but not yet answered

	rates rateMeter
}

// session is a connection as the engine tracks it.
type session struct {
	model.Session
	client   int32
	loggedIn bool
	receives bool // may be sent deliveries and receipts
}

// ikey names one delivery or report in flight: protocol, connection and
// the number we gave it.
type ikey struct {
	proto  string
	client int32
	num    uint32
}

// attempt is a delivery (or report) in flight, shared by its parts.
type attempt struct {
	id      string
	receipt bool // a receipt, not a delivery
	parts   int  // answers still awaited
	failed  bool
	final   bool // the failure is permanent: no retry
	detail  string
}

// New makes an engine on an open store. logger gets the message events,
// connf the connection events.
func New(cfg config.Config, st *store.Store, logger *slog.Logger, connf func(string, ...any)) *Engine {
	e := &Engine{cfg: cfg, st: st, acc: newAccounts(&cfg), log: logger, connf: connf,
		sessions: map[string]*session{}, receivers: map[string][]*session{}, inflight: map[ikey]*attempt{},
		kick: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{}), purged: make(chan struct{})}
	// Ids stay unique across restarts without a counter in the store.
	e.nextID.Store(uint64(time.Now().UnixNano()/1e6) << 16)
	e.nextNum.Store(1 << 30)
	return e
}

// extWith adds to ext what the engine relies on, unless ext sets it:
// window-full=fail, so a delivery to a session whose window is full fails
// at once and is retried by the scheduler instead of blocking it; and
// deliver-timeout = ack_wait, so an unanswered delivery gets the library's
// timeout outcome (and is retried) when ack_wait says.
func extWith(ext string, ackWait time.Duration) string {
	add := func(kv string) {
		if ext != "" && !strings.HasSuffix(ext, ";") {
			ext += ";"
		}
		ext += kv
	}
	if !strings.Contains(ext, "window-full") {
		add("window-full=fail")
	}
	if !strings.Contains(ext, "deliver-timeout") {
		add("deliver-timeout=" + strconv.Itoa(max(1, int(ackWait.Round(time.Second)/time.Second))))
	}
	return ext
}

// Start listens on the configured ports and starts the scheduler.
func (e *Engine) Start() error {
	c := &e.cfg
	e.smpp = core.NewSMPPServer()
	e.installSMPP()
	e.smpp.SetKeepAliveInterval(c.KeepAlive)
	if code := e.smpp.SmppInitializeServer(c.Host, c.SMPPPort, extWith(c.Ext, c.Retry.AckWait.Duration)); code != core.OK {
		return fmt.Errorf("SMPP on %s:%d: %s", c.Host, c.SMPPPort, core.ErrorText(code))
	}
	if c.UCPPort >= 0 {
		e.ucp = core.NewUCPServer()
		e.installUCP()
		e.ucp.SetKeepAliveInterval(c.KeepAlive)
		if code := e.ucp.UcpInitializeServer(c.Host, c.UCPPort, extWith("", c.Retry.AckWait.Duration)); code != core.OK {
			e.smpp.Destroy(false, 0)
			return fmt.Errorf("UCP on %s:%d: %s", c.Host, c.UCPPort, core.ErrorText(code))
		}
	}
	if c.CIMD2Port >= 0 {
		e.cimd2 = core.NewCIMD2Server()
		e.installCIMD2()
		e.cimd2.SetKeepAliveInterval(c.KeepAlive)
		if code := e.cimd2.Cimd2InitializeServer(c.Host, c.CIMD2Port, extWith("", c.Retry.AckWait.Duration)); code != core.OK {
			e.smpp.Destroy(false, 0)
			if e.ucp != nil {
				e.ucp.Destroy(false, 0)
			}
			return fmt.Errorf("CIMD2 on %s:%d: %s", c.Host, c.CIMD2Port, core.ErrorText(code))
		}
	}
	go e.schedule()
	go e.purge()
	e.kickScheduler()
	return nil
}

// purgeEvery is how often old final messages are deleted.
var purgeEvery = time.Second // a variable for the tests

// purge deletes final messages past the retention or the message limit,
// in transactions of at most 10,000, so the store's file stops growing
// under a steady load.
func (e *Engine) purge() {
	defer close(e.purged)
	t := time.NewTicker(purgeEvery)
	defer t.Stop()
	after := "" // where the last tick stopped
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
		}
		// As many transactions as it takes to catch up: deleting must keep
		// pace with submitting, or the file grows after all.
		// At most 20 transactions a second (200,000 deletions, 800,000
		// messages looked at), resuming where the last tick stopped, so
		// a large backlog of messages not final costs a bounded share.
		for range 20 {
			if e.closing.Load() {
				break
			}
			_, next, err := e.st.Purge(time.Now().Add(-e.cfg.Retention.Duration), e.cfg.MaxMessages, 10000, after)
			after = next
			if err != nil || next == "" {
				after = ""
				break
			}
		}
	}
}

// Servers are the library's server objects (UCP and CIMD2 nil when off),
// for the statistics behind /metrics.
func (e *Engine) Servers() (*core.SMPPServer, *core.UCPServer, *core.CIMD2Server) {
	return e.smpp, e.ucp, e.cimd2
}

// Ports are the ports listened on (SMPP, UCP, CIMD2; -1 when off).
func (e *Engine) Ports() (smpp, ucp, cimd2 int) {
	smpp, ucp, cimd2 = e.smpp.LocalPort(), -1, -1
	if e.ucp != nil {
		ucp = e.ucp.LocalPort()
	}
	if e.cimd2 != nil {
		cimd2 = e.cimd2.LocalPort()
	}
	return
}

// Stop shuts down gracefully: new submits are refused, the submits being
// stored are answered, the servers close their connections (flushing what
// is queued) and the scheduler ends. The caller closes the store after.
func (e *Engine) Stop(timeout time.Duration) {
	e.stopOnce.Do(func() { e.stopNow(timeout) })
}

func (e *Engine) stopNow(timeout time.Duration) {
	e.closing.Store(true)
	waitTimeout(&e.inSubmit, timeout)
	close(e.stop)
	<-e.stopped
	<-e.purged
	e.smpp.Destroy(true, timeout)
	if e.ucp != nil {
		e.ucp.Destroy(true, timeout)
	}
	if e.cimd2 != nil {
		e.cimd2.Destroy(true, timeout)
	}
}

func waitTimeout(wg *sync.WaitGroup, d time.Duration) {
	ch := make(chan struct{})
	go func() { wg.Wait(); close(ch) }()
	select {
	case <-ch:
	case <-time.After(d):
	}
}

func (e *Engine) messageID() string {
	n := e.nextID.Add(1)
	if e.cfg.MsgID == "hex" {
		return strconv.FormatUint(n, 16)
	}
	return strconv.FormatUint(n, 10)
}

// num hands out our numbers for deliveries and reports: 512 per call, as
// the parts of one delivery use number, number+1 (SMPP, UCP) or +2
// (CIMD2). SMPP numbers start at 2^30, far from the library's own.
func (e *Engine) num() uint32 {
	n := e.nextNum.Add(512)
	if n > 1<<31-1024 {
		e.nextNum.Store(1 << 30)
		n = e.nextNum.Add(512)
	}
	return n
}

// stamper hands out SCTS time stamps, one second apart at least: UCP and
// CIMD2 clients match receipts on time stamp and recipient.
type stamper struct {
	mu   sync.Mutex
	last time.Time
}

func (s *stamper) next() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := time.Now().Truncate(time.Second)
	if !t.After(s.last) {
		t = s.last.Add(time.Second)
	}
	s.last = t
	return t
}

// addSession registers a new connection.
func (e *Engine) addSession(proto string, client int32, host string, port int32, tls bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	id := proto + "-" + strconv.Itoa(int(client))
	e.sessions[id] = &session{Session: model.Session{ID: id, Protocol: proto, Remote: fmt.Sprintf("%s:%d", host, port),
		TLS: tls, ConnectedAt: time.Now().UTC()}, client: client}
}

// dropSession forgets a connection and gives back its bind.
func (e *Engine) dropSession(proto string, client int32) {
	e.mu.Lock()
	s, ok := e.sessions[proto+"-"+strconv.Itoa(int(client))]
	delete(e.sessions, proto+"-"+strconv.Itoa(int(client)))
	if ok && s.receives {
		list := e.receivers[s.Account]
		for i, x := range list {
			if x == s {
				list = append(list[:i:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(e.receivers, s.Account)
		} else {
			e.receivers[s.Account] = list
		}
	}
	e.mu.Unlock()
	if ok && s.loggedIn {
		e.acc.unbind(s.Account)
	}
}

func (e *Engine) sessionOf(proto string, client int32) *session {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sessions[proto+"-"+strconv.Itoa(int(client))]
}

// login runs the account checks for a session and records the result.
func (e *Engine) login(proto string, client int32, systemID, password, mode string) refusal {
	r := e.acc.login(systemID, password, proto, mode)
	if r != refuseNone {
		e.log.Info("login refused", "session", proto+"-"+strconv.Itoa(int(client)), "account", systemID, "reason", refusalText[r])
		return r
	}
	e.mu.Lock()
	s := e.sessions[proto+"-"+strconv.Itoa(int(client))]
	if s == nil { // gone meanwhile
		e.mu.Unlock()
		e.acc.unbind(systemID)
		return refuseNone
	}
	s.loggedIn, s.Account, s.BindMode, s.receives = true, systemID, mode, mode != "transmitter"
	if s.receives {
		e.receivers[systemID] = append(e.receivers[systemID], s)
	}
	e.mu.Unlock()
	e.log.Info("login", "session", proto+"-"+strconv.Itoa(int(client)), "account", systemID, "bind_mode", mode)
	if mode != "transmitter" {
		go e.wake(systemID)
	}
	return refuseNone
}

var refusalText = map[refusal]string{refuseSystemID: "unknown system_id", refusePassword: "wrong password",
	refuseMode: "bind mode or protocol not allowed", refuseTooMany: "too many binds"}

// receiver picks a session of account that may receive, round robin;
// proto "" = any protocol.
func (e *Engine) receiver(account, proto string) *session {
	e.mu.Lock()
	defer e.mu.Unlock()
	var found []*session
	for _, s := range e.receivers[account] {
		if proto == "" || s.Protocol == proto {
			found = append(found, s)
		}
	}
	if len(found) == 0 {
		return nil
	}
	e.rr++
	return found[int(e.rr)%len(found)]
}

// wantsReceipt reports whether the submitter of r asked for a final
// receipt for state s.
func wantsReceipt(r *store.Record, s model.State) bool {
	if r.Direction != "mt" {
		return false
	}
	if r.Protocol == pSMPP {
		switch r.RegisteredDelivery & 0x03 {
		case 1:
			return true
		case 2:
			return s != model.StateDelivered
		}
		return false
	}
	return r.Receipt
}

// wantsIntermediate reports whether r asked for an intermediate report:
// SMPP registered_delivery bit 4, UCP NT bit 4 (buffered), CIMD2 056 bit 1
// (temporary error).
func wantsIntermediate(r *store.Record) bool {
	switch r.Protocol {
	case pSMPP:
		return r.RegisteredDelivery&0x10 != 0
	case pUCP:
		return r.ReportMask&4 != 0
	case pCIMD2:
		return r.ReportMask&1 != 0
	}
	return false
}

// prepare fills in what the engine decides at submit: the owning account
// or a simulated outcome, and when the scheduler first looks at it.
func (e *Engine) prepare(r *store.Record, now time.Time) {
	r.SubmittedAt = now.UTC()
	if r.ValidUntil.IsZero() {
		r.ValidUntil = now.Add(e.cfg.Retry.Validity.Duration).UTC()
	}
	r.SetState(model.StateAccepted, now.UTC(), "")
	if t := e.acc.owner(r.To); t != "" && !strings.Contains(r.To, ";") {
		r.TargetAccount = t
		r.Due = now
		return
	}
	rc := e.cfg.Receipts
	r.Outcome = pickOutcome(rc)
	r.OutcomeAt = now.Add(rc.Delay.Duration)
	if !wantsReceipt(r, r.Outcome) && !wantsIntermediate(r) {
		// Nothing to send: the outcome is applied when the message is
		// read (store.Record.materialize), not scheduled.
		return
	}
	r.Due = r.OutcomeAt
	if rc.Intermediate.Duration > 0 && rc.Intermediate.Duration < rc.Delay.Duration && wantsIntermediate(r) {
		r.IntermediateDue = true
		r.Due = now.Add(rc.Intermediate.Duration)
	}
}

func pickOutcome(rc config.Receipts) model.State {
	x := rand.Float64() * (rc.Delivered + rc.Undeliverable + rc.Expired + rc.Rejected)
	switch {
	case x < rc.Delivered:
		return model.StateDelivered
	case x < rc.Delivered+rc.Undeliverable:
		return model.StateUndeliverable
	case x < rc.Delivered+rc.Undeliverable+rc.Expired:
		return model.StateExpired
	}
	return model.StateRejected
}

// store stores a new record and calls answer with the outcome once it is
// durable; answer runs on the store's committer and must not block long.
func (e *Engine) store(r *store.Record, answer func(ok bool)) {
	e.inSubmit.Add(1)
	e.st.Insert(r, func(sr *store.Record, err error) {
		defer e.inSubmit.Done()
		if err != nil {
			e.log.Error("store failed", "id", r.ID, "err", err)
			answer(false)
			return
		}
		e.rates.submits.Add(1)
		answer(true)
		e.log.Info("submit", "id", r.ID, "account", r.Account, "protocol", r.Protocol, "from", r.From, "to", r.To,
			"target", r.TargetAccount, "receipt", r.Receipt)
		e.kickBefore(r.Due)
	})
}

// kickBefore wakes the scheduler when t is earlier than it would wake.
func (e *Engine) kickBefore(t time.Time) {
	if !t.IsZero() && t.UnixNano() < e.wakeAt.Load() {
		e.kickScheduler()
	}
}

func (e *Engine) kickScheduler() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}

// wake makes the messages waiting for account due now: it has just bound.
// It goes through them in pages, so a large backlog costs no more memory
// than a page.
func (e *Engine) wake(account string) {
	const page = 1000
	after := ""
	for {
		ids, err := e.st.Waiting(account, after, page)
		if err != nil || len(ids) == 0 {
			return
		}
		now := time.Now()
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			e.st.Update(id, func(r *store.Record) bool {
				if r.Due.IsZero() || !r.Due.After(now) {
					return false
				}
				r.Due = now
				return true
			}, func(*store.Record, error) { wg.Done() })
		}
		wg.Wait()
		e.kickScheduler()
		if len(ids) < page {
			return
		}
		after = ids[len(ids)-1]
	}
}

// backoff is the wait before attempt n+1: First doubling up to Max.
func (e *Engine) backoff(n int) time.Duration {
	d := e.cfg.Retry.First.Duration
	for i := 1; i < n && d < e.cfg.Retry.Max.Duration; i++ {
		d *= 2
	}
	return min(d, e.cfg.Retry.Max.Duration)
}
