// Command gosmpp is the gosmpp row of the interop matrix (tests/interop):
// github.com/linxGnu/gosmpp (the version in the repository's go.mod) as a
// separate client process against the test SMSC.
//
// Started by run.sh with SMPP_PORT / CTRL_PORT. A transceiver session with
// gosmpp's windowed request tracking (window 10) and auto-rebind:
//
//  1. 100 submits, at most 10 outstanding, each with a receipt request: all
//     answered with distinct ids, and every receipt comes back to the session;
//  2. 300 more submits; when 50 of them are answered the server closes the
//     connection (control /close). gosmpp must rebind by itself, and the
//     messages that were in the window or queued are sent again until every
//     one has an id. The server must have seen every message at least once
//     and two binds.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
)

const (
	window    = 10
	phaseA    = 100
	phaseB    = 300
	closeAt   = 50 // answered phase-B messages before the server closes
	systemID  = "gouser"
	msgPrefix = "gosmpp window message #"
)

var failures []string

func logf(format string, a ...any) {
	fmt.Printf("%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
}

func check(cond bool, what string, detail ...any) bool {
	if cond {
		logf("ok   %s", what)
	} else {
		logf("FAIL %s %v", what, detail)
		failures = append(failures, what)
	}
	return cond
}

var ctrl = "http://127.0.0.1:" + os.Getenv("CTRL_PORT")

func ctl(path string, q url.Values, out any) int {
	c := http.Client{Timeout: 30 * time.Second}
	r, err := c.Get(ctrl + path + "?" + q.Encode())
	if err != nil {
		logf("control %s: %v", path, err)
		return 0
	}
	defer r.Body.Close()
	if out != nil {
		json.NewDecoder(r.Body).Decode(out)
	}
	return r.StatusCode
}

// tracker is the client's own book of which message (by number k) is in
// the window, and which got an id.
type tracker struct {
	mu          sync.Mutex
	inflight    map[int]bool
	done        map[int]string
	errors      []string
	maxInflight int
	receipts    map[string]bool
	bySeq       map[int32]int // sequence_number -> message number
	unexpected  int           // responses gosmpp's window store had lost
}

func (t *tracker) inflightCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.inflight)
}

func (t *tracker) doneCount(from, to int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for k := from; k <= to; k++ {
		if _, ok := t.done[k]; ok {
			n++
		}
	}
	return n
}

func kOf(p pdu.PDU) int {
	sm, ok := p.(*pdu.SubmitSM)
	if !ok {
		return 0
	}
	txt, _ := sm.Message.GetMessage()
	k, _ := strconv.Atoi(strings.TrimPrefix(txt, msgPrefix))
	return k
}

func (t *tracker) release(p pdu.PDU) {
	if k := kOf(p); k > 0 {
		t.mu.Lock()
		delete(t.inflight, k)
		t.mu.Unlock()
	}
}

// response books a submit_sm_resp by its sequence number.
func (t *tracker) response(p pdu.PDU, unexpected bool) {
	resp, ok := p.(*pdu.SubmitSMResp)
	if !ok {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	k, ok := t.bySeq[resp.GetSequenceNumber()]
	if !ok {
		t.errors = append(t.errors, fmt.Sprintf("response to unknown sequence %d", resp.GetSequenceNumber()))
		return
	}
	if unexpected {
		t.unexpected++
	}
	delete(t.inflight, k)
	if resp.CommandStatus == data.ESME_ROK {
		t.done[k] = resp.MessageID
	} else {
		t.errors = append(t.errors, fmt.Sprintf("#%d: %v", k, resp.CommandStatus))
	}
}

func newSubmit(k int, receipt bool) pdu.PDU {
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	sm.SourceAddr = pdu.NewAddress()
	_ = sm.SourceAddr.SetAddress("5555")
	sm.DestAddr = pdu.NewAddress()
	sm.DestAddr.SetTon(1)
	sm.DestAddr.SetNpi(1)
	_ = sm.DestAddr.SetAddress(fmt.Sprintf("4477009%05d", k))
	if receipt {
		sm.RegisteredDelivery = 1
	}
	_ = sm.Message.SetMessageWithEncoding(msgPrefix+strconv.Itoa(k), data.GSM7BIT)
	return sm
}

func main() {
	t := &tracker{inflight: map[int]bool{}, done: map[int]string{}, receipts: map[string]bool{}, bySeq: map[int32]int{}}
	rebound := make(chan struct{}, 4)
	var closedEvents atomic.Int32

	settings := gosmpp.Settings{
		ReadTimeout:  30 * time.Second,
		WriteTimeout: 5 * time.Second,
		OnSubmitError: func(p pdu.PDU, err error) {
			t.release(p)
		},
		OnClosed: func(s gosmpp.State) {
			closedEvents.Add(1)
			logf("gosmpp: closed (%v)", s)
		},
		OnRebind: func() {
			logf("gosmpp: rebound")
			rebound <- struct{}{}
		},
		WindowedRequestTracking: &gosmpp.WindowedRequestTracking{
			MaxWindowSize:      window,
			StoreAccessTimeOut: 500, // gosmpp multiplies this by a millisecond
			// gosmpp 0.3.1 writes a request before putting it in its window
			// store; when the response wins that race (a loaded machine) the
			// request stays in the store as a ghost that only expiry removes,
			// and a full window of ghosts stops all sending. Expire early.
			PduExpireTimeOut:      2 * time.Second,
			ExpireCheckTimer:      250 * time.Millisecond,
			EnableAutoRespond:     true,
			OnExpectedPduResponse: func(r gosmpp.Response) { t.response(r.PDU, false) },
			// gosmpp 0.3.1 rebinds from inside the old connection's close,
			// which then empties the shared window store: responses to
			// requests sent on the new connection arrive "unexpected".
			OnUnexpectedPduResponse: func(p pdu.PDU) { t.response(p, true) },
			OnReceivedPduRequest: func(p pdu.PDU) (pdu.PDU, bool) {
				if d, ok := p.(*pdu.DeliverSM); ok && d.EsmClass&0x04 != 0 {
					txt, _ := d.Message.GetMessage()
					id, _, _ := strings.Cut(strings.TrimPrefix(txt, "id:"), " ")
					t.mu.Lock()
					t.receipts[id] = true
					t.mu.Unlock()
				}
				return p.GetResponse(), false
			},
			OnExpiredPduRequest: func(p pdu.PDU) bool {
				t.release(p)
				return false
			},
			OnClosePduRequest: func(p pdu.PDU) { t.release(p) },
		},
	}
	auth := gosmpp.Auth{SMSC: "127.0.0.1:" + os.Getenv("SMPP_PORT"), SystemID: systemID, Password: "pw", SystemType: "gosmpp"}
	session, err := gosmpp.NewSession(gosmpp.TRXConnector(gosmpp.NonTLSDialer, auth), settings, 500*time.Millisecond)
	if !check(err == nil, "bind_transceiver", err) {
		finish()
	}
	defer session.Close()

	// send submits every message in [from, to] that has no id and is not in
	// the window, keeping at most `window` outstanding, until all have ids or
	// the deadline passes.
	send := func(from, to int, receipt bool, deadline time.Time) {
		for time.Now().Before(deadline) {
			if t.doneCount(from, to) == to-from+1 {
				return
			}
			for k := from; k <= to && time.Now().Before(deadline); k++ {
				t.mu.Lock()
				_, isDone := t.done[k]
				busy := t.inflight[k]
				t.mu.Unlock()
				if isDone || busy {
					continue
				}
				for t.inflightCount() >= window && time.Now().Before(deadline) {
					time.Sleep(200 * time.Microsecond)
				}
				t.mu.Lock()
				t.inflight[k] = true
				if len(t.inflight) > t.maxInflight {
					t.maxInflight = len(t.inflight)
				}
				t.mu.Unlock()
				p := newSubmit(k, receipt)
				t.mu.Lock()
				t.bySeq[p.GetSequenceNumber()] = k
				t.mu.Unlock()
				if err := session.Transceiver().Submit(p); err != nil {
					t.mu.Lock()
					delete(t.inflight, k)
					t.mu.Unlock()
					time.Sleep(10 * time.Millisecond)
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// Phase A: windowed submits with receipts.
	start := time.Now()
	send(1, phaseA, true, time.Now().Add(30*time.Second))
	check(t.doneCount(1, phaseA) == phaseA, fmt.Sprintf("phase A: %d submits answered with ids in %v", phaseA, time.Since(start).Round(time.Millisecond)), t.doneCount(1, phaseA))
	t.mu.Lock()
	maxA := t.maxInflight
	t.mu.Unlock()
	check(maxA > 1 && maxA <= window, fmt.Sprintf("phase A: up to %d outstanding (window %d)", maxA, window), maxA)
	end := time.Now().Add(10 * time.Second)
	for time.Now().Before(end) {
		t.mu.Lock()
		n := len(t.receipts)
		t.mu.Unlock()
		if n >= phaseA {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.mu.Lock()
	ids := map[string]bool{}
	missing := 0
	for k := 1; k <= phaseA; k++ {
		ids[t.done[k]] = true
		if !t.receipts[t.done[k]] {
			missing++
		}
	}
	t.mu.Unlock()
	check(len(ids) == phaseA, "phase A: ids distinct", len(ids))
	check(missing == 0, "phase A: a receipt for every id", missing)

	// Phase B: the server closes the connection in the middle of a window.
	var last struct{ I int }
	ctl("/last", nil, &last)
	go func() {
		for t.doneCount(phaseA+1, phaseA+phaseB) < closeAt {
			time.Sleep(time.Millisecond)
		}
		var r struct{ Closed []int }
		ctl("/close", url.Values{"system_id": {systemID}}, &r)
		logf("server closed %v with %d in the window", r.Closed, t.inflightCount())
	}()
	go func() {
		// Anything left in the old connection's window or queue is lost
		// with it: forget it once gosmpp has bound again.
		for range rebound {
			t.mu.Lock()
			t.inflight = map[int]bool{}
			t.mu.Unlock()
		}
	}()
	send(phaseA+1, phaseA+phaseB, false, time.Now().Add(45*time.Second))
	check(t.doneCount(phaseA+1, phaseA+phaseB) == phaseB, fmt.Sprintf("phase B: all %d submits answered across the disconnect", phaseB), t.doneCount(phaseA+1, phaseA+phaseB))
	check(closedEvents.Load() >= 1, "gosmpp saw the connection close")
	t.mu.Lock()
	logf("submit_sm_resp that gosmpp's window store did not match (gosmpp 0.3.1 races): %d", t.unexpected)
	t.mu.Unlock()

	var closeEv []map[string]any
	ctl("/events", url.Values{"ev": {"close"}}, &closeEv)
	var binds, rebinds, closes []map[string]any
	ctl("/events", url.Values{"ev": {"bind"}, "system_id": {systemID}}, &binds)
	if check(len(closeEv) == 1, "server closed the session once on request", closeEv) {
		after := fmt.Sprint(closeEv[0]["i"])
		ctl("/events", url.Values{"ev": {"bind"}, "system_id": {systemID}, "after": {after}, "code": {"0"}}, &rebinds)
	}
	check(len(rebinds) >= 1, fmt.Sprintf("gosmpp bound again after the server closed it (%d binds in all)", len(binds)), len(rebinds))
	ctl("/events", url.Values{"ev": {"disconnect"}, "after": {strconv.Itoa(last.I)}, "text": {"closed by host"}}, &closes)
	check(len(closes) == 1, "server closed exactly one connection", closes)

	var subs []map[string]any
	ctl("/events", url.Values{"ev": {"submit"}}, &subs)
	seen := map[string]int{}
	for _, s := range subs {
		seen[s["text"].(string)]++
	}
	lost := 0
	for k := 1; k <= phaseA+phaseB; k++ {
		if seen[msgPrefix+strconv.Itoa(k)] == 0 {
			lost++
		}
	}
	check(lost == 0, fmt.Sprintf("server saw every message (%d submit_sm for %d messages)", len(subs), phaseA+phaseB), lost)
	t.mu.Lock()
	check(len(t.errors) == 0, "no submit_sm_resp error", t.errors)
	t.mu.Unlock()

	var nacks []map[string]any
	ctl("/events", url.Values{"ev": {"trace"}, "cmd": {"generic_nack"}}, &nacks)
	check(len(nacks) == 0, "no generic_nack", nacks)
	finish()
}

func finish() {
	if len(failures) > 0 {
		logf("%d check(s) failed: %s", len(failures), strings.Join(failures, "; "))
		os.Exit(1)
	}
	logf("all checks passed")
	os.Exit(0)
}
