// Command ucp runs Debian's Kannel (bearerbox + smsbox with an
// "smsc = emi" group) against a core.UCPServer and checks the whole
// conversation from both ends:
//
//   - login: Kannel's OT 60 (emiuser/secret) reaches OnUcpLoginReceived;
//   - keep-alive both ways: Kannel's OT 31 (answered by the library) and the
//     server's own (KeepAliveInterval 2 s), which Kannel must answer;
//   - MT through smsbox's sendsms: short GSM, alphanumeric sender, long GSM
//     (split by Kannel, joined by the server), UCS-2; every one with
//     dlr-mask 3. The server answers each 51 with a unique SCTS and then
//     sends OT 53 (delivered, or failed for a destination ending in 999)
//     with the TimeStamps of the Completed event; Kannel must match them and
//     call the dlr-url with the final state;
//   - MO: UcpSendDeliverMessage short GSM, UCS-2 and long (split by the
//     library); Kannel answers every 52 and hands the (recombined) message to
//     its sms-service get-url.
//
// Usage: go run ./tests/interop/ucp [-v] [-keep]. Exit status 0 = all
// checks passed; 2 = Kannel is not installed (skipped). Kannel runs as child
// processes of this program, never as a service; its configuration, logs and
// a frame trace stay in a temporary directory that is printed on failure
// (and kept with -keep).
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

var (
	verbose = flag.Bool("v", false, "print every check")
	keep    = flag.Bool("keep", false, "keep the work directory")
	failed  atomic.Int32
)

func check(ok bool, what string, detail ...any) bool {
	if !ok {
		failed.Add(1)
		fmt.Printf("FAIL %s %s\n", what, fmt.Sprint(detail...))
	} else if *verbose {
		fmt.Printf("ok   %s\n", what)
	}
	return ok
}

// box collects what the server and the HTTP endpoint see.
type box struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []item
}

type item struct {
	kind string
	v    any
}

func newBox() *box { b := &box{}; b.cond = sync.NewCond(&b.mu); return b }

func (b *box) add(kind string, v any) {
	b.mu.Lock()
	b.items = append(b.items, item{kind, v})
	b.cond.Broadcast()
	b.mu.Unlock()
}

// wait returns the first item of kind matching pred, or nil after timeout.
func (b *box) wait(kind string, timeout time.Duration, pred func(v any) bool) any {
	deadline := time.Now().Add(timeout)
	t := time.AfterFunc(timeout, func() { b.mu.Lock(); b.cond.Broadcast(); b.mu.Unlock() })
	defer t.Stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		for _, it := range b.items {
			if it.kind == kind && (pred == nil || pred(it.v)) {
				return it.v
			}
		}
		if time.Now().After(deadline) {
			return nil
		}
		b.cond.Wait()
	}
}

func (b *box) count(kind string, pred func(v any) bool) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, it := range b.items {
		if it.kind == kind && (pred == nil || pred(it.v)) {
			n++
		}
	}
	return n
}

// sctsClock hands out one SCTS per second at most, so that every message
// has its own identity (Kannel keys its DLRs on SCTS and recipient).
type sctsClock struct {
	mu   sync.Mutex
	last time.Time
}

func (c *sctsClock) next() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := time.Now().UTC().Truncate(time.Second)
	if !t.After(c.last) {
		t = c.last.Add(time.Second)
	}
	c.last = t
	return t
}

// freePorts returns n distinct ports that were free a moment ago. They are
// held open together while chosen: one at a time, the kernel may hand out
// the same port twice, and Kannel then fails to open its second listener.
func freePorts(n int) []int {
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports
}

func main() {
	flag.Parse()
	for _, p := range []string{"/usr/sbin/bearerbox", "/usr/sbin/smsbox"} {
		if _, err := os.Stat(p); err != nil {
			fmt.Println("SKIP kannel not installed:", p)
			os.Exit(2)
		}
	}
	dir, err := os.MkdirTemp("", "ucp-kannel-")
	if err != nil {
		panic(err)
	}
	code := run(dir)
	if code != 0 || *keep {
		fmt.Println("work directory:", dir)
	} else {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func run(dir string) int {
	ev := newBox()
	var clock sctsClock
	traceFile, _ := os.Create(filepath.Join(dir, "ucp-trace.txt"))
	defer traceFile.Close()
	var traceMu sync.Mutex

	s := core.NewUCPServer()
	s.SetHandlers(core.UCPHandlers{
		OnTcpConnected: func(e *core.TcpConnectedEventArgs) { s.TcpAcceptConnection(e.ClientID) },
		OnTcpDisconnected: func(e *core.TcpDisconnectedEventArgs) {
			ev.add("disconnected", e)
		},
		OnUcpLoginReceived: func(e *core.UcpLoginReceivedEventArgs) {
			ev.add("login", e)
			var ec uint32
			if e.UserIdentity != "emiuser" || e.Password != "secret" {
				ec = 7
			}
			s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, ec, "")
		},
		OnUcpSubmitMessageReceived: func(e *core.UcpSubmitMessageReceivedEventArgs) {
			ev.add("submit", e)
			s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", clock.next(), 0, "")
		},
		OnUcpSubmitMessageCompleted: func(e *core.UcpSubmitMessageCompletedEventArgs) {
			ev.add("completed", e)
			if e.Options&sms.SoRequestStatusReport == 0 {
				return
			}
			status, reason := 0, 0
			if strings.HasSuffix(e.Destination, "999") {
				status, reason = 2, 107
			}
			go func() {
				time.Sleep(200 * time.Millisecond)
				for _, ts := range e.TimeStamps {
					code := s.UcpSendDeliverStatusReport(e.ClientID, 0, ts, e.Destination, e.Originator, status, reason, time.Now(), "")
					check(code == core.OK, "53 sent for "+e.Destination, core.ErrorText(code))
				}
			}()
		},
		OnUcpDeliverResponseReceived: func(e *core.UcpDeliverResponseReceivedEventArgs) { ev.add("response", e) },
		OnUcpTraceProtocol: func(e *core.UcpTraceProtocolEventArgs) {
			raw := make([]byte, len(e.PDU)/2)
			fmt.Sscanf(e.PDU, "%X", &raw)
			traceMu.Lock()
			fmt.Fprintf(traceFile, "%s %s -> %s %q\n", time.Now().Format("15:04:05.000"), e.FromAddress, e.ToAddress, raw)
			traceMu.Unlock()
			if strings.Contains(string(raw), "/R/31/A/") && strings.HasPrefix(e.ToAddress, "127.0.0.1:"+strconv.Itoa(s.LocalPort())) {
				ev.add("alive-answer", e)
			}
		},
	})
	if code := s.UcpInitializeServer("127.0.0.1", 0, "ucp.time-zone=UTC;response-timeout=10"); code != core.OK {
		fmt.Println("FAIL initialize:", core.ErrorText(code))
		return 1
	}
	defer s.Destroy(true, 5*time.Second)

	// The HTTP side: Kannel's DLR and MO callbacks.
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(hl, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev.add(r.URL.Path, r.URL.Query())
		io.WriteString(w, "")
	}))
	httpPort := hl.Addr().(*net.TCPAddr).Port

	free := freePorts(3)
	ports := map[string]int{"admin": free[0], "smsbox": free[1], "sendsms": free[2]}
	conf := strings.Join([]string{
		"group = core",
		"admin-port = " + strconv.Itoa(ports["admin"]),
		"admin-password = secret",
		"admin-allow-ip = 127.0.0.1",
		"smsbox-port = " + strconv.Itoa(ports["smsbox"]),
		"box-allow-ip = 127.0.0.1",
		"log-file = " + filepath.Join(dir, "bearerbox.log"),
		"log-level = 0",
		"dlr-storage = internal",
		"sms-combine-concatenated-mo = true",
		"",
		"group = smsc",
		"smsc = emi",
		"smsc-id = ucp",
		"host = 127.0.0.1",
		"port = " + strconv.Itoa(s.LocalPort()),
		"smsc-username = emiuser",
		"smsc-password = secret",
		"keepalive = 3",
		"reconnect-delay = 1",
		"wait-ack = 30",
		"",
		"group = smsbox",
		"bearerbox-host = 127.0.0.1",
		"bearerbox-port = " + strconv.Itoa(ports["smsbox"]),
		"sendsms-port = " + strconv.Itoa(ports["sendsms"]),
		"log-file = " + filepath.Join(dir, "smsbox.log"),
		"log-level = 0",
		"mo-recode = true",
		"",
		"group = sendsms-user",
		"username = tester",
		"password = foobar",
		"max-messages = 10",
		"concatenation = true",
		"",
		"group = sms-service",
		"keyword = default",
		"catch-all = true",
		"max-messages = 0",
		fmt.Sprintf(`get-url = "http://127.0.0.1:%d/mo?from=%%p&to=%%P&text=%%a&coding=%%c"`, httpPort),
		"",
	}, "\n")
	confPath := filepath.Join(dir, "kannel.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		panic(err)
	}
	for _, name := range []string{"bearerbox", "smsbox"} {
		out, _ := os.Create(filepath.Join(dir, name+".out"))
		cmd := exec.Command("/usr/sbin/"+name, confPath)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			fmt.Println("FAIL start", name, err)
			return 1
		}
		defer func(c *exec.Cmd, f *os.File) {
			c.Process.Kill() // our own child, by its pid
			c.Wait()
			f.Close()
		}(cmd, out)
		if name == "bearerbox" {
			time.Sleep(time.Second)
		}
	}

	// Login and keep-alives.
	l, _ := ev.wait("login", 20*time.Second, nil).(*core.UcpLoginReceivedEventArgs)
	if !check(l != nil, "Kannel logged in (OT 60)") {
		return 1
	}
	check(l.UserIdentity == "emiuser" && l.Password == "secret" && l.STYP == 1 && l.VERS == "0100",
		"login fields", fmt.Sprintf("%+v", *l))
	id := l.ClientID
	s.SetKeepAliveInterval(2)
	if !waitHTTP(ports["sendsms"], 20*time.Second) {
		check(false, "smsbox sendsms port open")
		return 1
	}

	// MT.
	type mt struct {
		tag, from, to, text string
		coding              int
		enc                 sms.Encoding
		parts               int
		dlr                 string
	}
	long := strings.Repeat("0123456789", 25) + " end"
	mts := []mt{
		{"short", "1234", "4412345", "Hello @{€ from Kannel", 0, sms.Et7BitText, 1, "1"},
		{"alpha", "Alpha", "4412346", "Alphanumeric sender", 0, sms.Et7BitText, 1, "1"},
		{"long", "1234", "4412347", long, 0, sms.Et7BitText, 2, "1"},
		{"ucs2", "1234", "4412348", "Привет, мир", 2, sms.EtUCS2Text, 1, "1"},
		{"failed", "1234", "4412999", "This one fails", 0, sms.Et7BitText, 1, "2"},
	}
	for _, m := range mts {
		q := url.Values{"username": {"tester"}, "password": {"foobar"}, "from": {m.from}, "to": {m.to}, "text": {m.text},
			"dlr-mask": {"3"}, "dlr-url": {fmt.Sprintf("http://127.0.0.1:%d/dlr?tag=%s&type=%%d", httpPort, m.tag)}}
		if m.coding == 2 {
			q.Set("coding", "2")
			q.Set("charset", "UTF-8")
		}
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/cgi-bin/sendsms?%s", ports["sendsms"], q.Encode()))
		if !check(err == nil && resp.StatusCode == 202, "sendsms "+m.tag+" accepted", err) {
			continue
		}
		resp.Body.Close()
	}
	for _, m := range mts {
		m := m
		c, _ := ev.wait("completed", 20*time.Second, func(v any) bool {
			return v.(*core.UcpSubmitMessageCompletedEventArgs).Destination == m.to
		}).(*core.UcpSubmitMessageCompletedEventArgs)
		if !check(c != nil, "MT "+m.tag+": completed on the server") {
			continue
		}
		check(c.Content == m.text, "MT "+m.tag+": text", fmt.Sprintf("%q", c.Content))
		check(c.Originator == m.from, "MT "+m.tag+": originator", c.Originator)
		check(c.Encoding == m.enc, "MT "+m.tag+": encoding", c.Encoding)
		check(c.Options&sms.SoRequestStatusReport != 0, "MT "+m.tag+": status report requested")
		check(len(c.TransactionNumbers) == m.parts && len(c.TimeStamps) == m.parts, "MT "+m.tag+": parts", c.TransactionNumbers)
		for _, ts := range c.TimeStamps {
			check(!ts.IsZero(), "MT "+m.tag+": part has its SCTS")
		}
		d, _ := ev.wait("/dlr", 20*time.Second, func(v any) bool { return v.(url.Values).Get("tag") == m.tag }).(url.Values)
		if check(d != nil, "MT "+m.tag+": Kannel matched the 53 and called the dlr-url") {
			check(d.Get("type") == m.dlr, "MT "+m.tag+": DLR type "+m.dlr, d.Get("type"))
		}
	}

	// MO.
	mos := []struct {
		tag, from, text string
		enc             sms.Encoding
		parts           int
	}{
		{"mo-short", "447700900001", "Hello MO @{€", sms.Et7BitText, 1},
		{"mo-ucs2", "447700900002", "Привет из SMSC", sms.EtUCS2Text, 1},
		{"mo-long", "447700900003", strings.Repeat("abcdefghij", 30), sms.Et7BitText, 2},
	}
	for _, m := range mos {
		trns, code := s.UcpSendDeliverMessage(id, 0, "1234", m.from, m.text, m.enc, "", 0, time.Time{}, "")
		if !check(code == core.OK && len(trns) == m.parts, "MO "+m.tag+": 52 sent", core.ErrorText(code), trns) {
			continue
		}
		for _, trn := range trns {
			r, _ := ev.wait("response", 20*time.Second, func(v any) bool {
				r := v.(*core.UcpDeliverResponseReceivedEventArgs)
				return r.OperationType == 52 && r.TransactionNumber == trn
			}).(*core.UcpDeliverResponseReceivedEventArgs)
			if check(r != nil, fmt.Sprintf("MO %s: Kannel answered 52 TRN %02d", m.tag, trn)) {
				check(r.ErrorCode == 0, "MO "+m.tag+": ACK", r.ErrorCode)
			}
		}
		q, _ := ev.wait("/mo", 20*time.Second, func(v any) bool { return v.(url.Values).Get("from") == m.from }).(url.Values)
		if check(q != nil, "MO "+m.tag+": Kannel called the get-url") {
			check(q.Get("text") == m.text, "MO "+m.tag+": text", fmt.Sprintf("%q", q.Get("text")))
			check(q.Get("to") == "1234", "MO "+m.tag+": to", q.Get("to"))
		}
	}
	// Every 53 was answered too.
	check(ev.wait("response", 10*time.Second, func(v any) bool {
		return v.(*core.UcpDeliverResponseReceivedEventArgs).OperationType == 53
	}) != nil, "Kannel answered the 53s")
	check(ev.count("response", func(v any) bool { return v.(*core.UcpDeliverResponseReceivedEventArgs).ErrorCode != 0 }) == 0,
		"no NACK from Kannel")

	// Keep-alives both ways; nobody disconnected.
	check(ev.wait("alive-answer", 10*time.Second, nil) != nil, "Kannel answered the server's OT 31")
	time.Sleep(3 * time.Second)
	check(ev.count("disconnected", nil) == 0, "Kannel stayed connected")
	check(ev.count("login", nil) == 1, "a single login")
	if failed.Load() > 0 {
		fmt.Printf("FAIL %d check(s)\n", failed.Load())
		return 1
	}
	fmt.Println("PASS ucp interop with Kannel")
	return 0
}

func waitHTTP(port int, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
		if err == nil {
			c.Close()
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}
