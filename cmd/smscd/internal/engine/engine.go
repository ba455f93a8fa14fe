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
	cfg config.Config
	st  *store.Store
	cl  Cluster // nil = single node (cluster.go)
	// idSuffix makes message ids unique across a cluster's nodes ("" on
	// a single node).
	idSuffix string
	acc      *accounts
	log      *slog.Logger                  // one line per message event
	connf    func(format string, a ...any) // connection events

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

	started  time.Time // when this run began: SentAt before it is a previous run's
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
	code    int  // the refusal's error code (0..999), for the receipt
	detail  string
	done    func(Result) // cluster mode: who wants the result instead of the store
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
	e.started = time.Now()
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
		if code := e.ucp.UcpInitializeServer(c.Host, c.UCPPort, extWith(c.UCPExt, c.Retry.AckWait.Duration)); code != core.OK {
			e.smpp.Destroy(false, 0)
			return fmt.Errorf("UCP on %s:%d: %s", c.Host, c.UCPPort, core.ErrorText(code))
		}
	}
	if c.CIMD2Port >= 0 {
		e.cimd2 = core.NewCIMD2Server()
		e.installCIMD2()
		e.cimd2.SetKeepAliveInterval(c.KeepAlive)
		if code := e.cimd2.Cimd2InitializeServer(c.Host, c.CIMD2Port, extWith(c.CIMD2Ext, c.Retry.AckWait.Duration)); code != core.OK {
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
		return strconv.FormatUint(n, 16) + e.idSuffix
	}
	return strconv.FormatUint(n, 10) + e.idSuffix
}

// num hands out our numbers for deliveries and reports: 512 per call, as
// the parts of one delivery use number, number+1 (SMPP, UCP) or +2
// (CIMD2). SMPP numbers start at 2^30, far from the library's own.
func (e *Engine) num() uint32 {
	n := e.nextNum.Add(512)
	if n > 1<<31-1024 {
		e.nextNum.Store(1 << 30)
		e.started = time.Now()
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
