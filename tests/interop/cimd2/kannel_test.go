//go:build kannel

// Package cimd2interop runs a real CIMD2 client — Debian's Kannel 1.4.5,
// bearerbox + smsbox with `smsc = cimd2` — against core.CIMD2Server:
//
//	go test -tags kannel -v -count=1 ./tests/interop/cimd2/
//
// The build tag keeps it out of `make test` (it starts two daemons as child
// processes and takes about 20 s); it skips when /usr/sbin/bearerbox is
// missing. Checked: login, Kannel's alive answered by the library and the
// server's own alive answered by Kannel, MT (GSM text with CIMD escapes,
// long message split by Kannel and joined by the server, UCS-2) through
// smsbox's sendsms, status reports matched by Kannel on 060 + 021 and
// reported to the dlr-url, MO (GSM, long split by the library and joined by
// Kannel, UCS-2) forwarded to the sms-service get-url, and Kannel's logout
// at shutdown.
package cimd2interop

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

const (
	kannelUser = "kannel"
	kannelPass = "secret"
)

// inbox collects the requests Kannel makes to the test's HTTP server.
type inbox struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []url.Values // with "path"
}

func newInbox() *inbox { b := &inbox{}; b.cond = sync.NewCond(&b.mu); return b }

func (b *inbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	q.Set("path", r.URL.Path)
	b.mu.Lock()
	b.items = append(b.items, q)
	b.cond.Broadcast()
	b.mu.Unlock()
	w.WriteHeader(200)
}

func (b *inbox) wait(t *testing.T, timeout time.Duration, what string, pred func(url.Values) bool) url.Values {
	t.Helper()
	deadline := time.Now().Add(timeout)
	go func() { time.Sleep(timeout); b.mu.Lock(); b.cond.Broadcast(); b.mu.Unlock() }()
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		for _, q := range b.items {
			if pred(q) {
				return q
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Kannel did not call %s within %v; got %v", what, timeout, b.items)
		}
		b.cond.Wait()
	}
}

// freePorts returns n distinct ports that were free a moment ago. They are
// held open together while chosen: one at a time, the kernel may hand out
// the same port twice, and Kannel then fails to open its second listener.
func freePorts(t *testing.T, n int) []int {
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports
}

func waitPort(t *testing.T, port int) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("nothing listens on port %d", port)
}

type events struct {
	login     chan *core.Cimd2LoginReceivedEventArgs
	received  chan *core.Cimd2SubmitMessageReceivedEventArgs
	completed chan *core.Cimd2SubmitMessageCompletedEventArgs
	responses chan *core.Cimd2DeliverResponseReceivedEventArgs
	logout    chan *core.Cimd2LogoutReceivedEventArgs
	mu        sync.Mutex
	inOps     map[uint32]int // packets received from Kannel by operation
}

func (e *events) count(op uint32) int { e.mu.Lock(); defer e.mu.Unlock(); return e.inOps[op] }

func recv[T any](t *testing.T, ch <-chan T, timeout time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

func TestKannelCIMD2(t *testing.T) {
	if _, err := os.Stat("/usr/sbin/bearerbox"); err != nil {
		// run.sh checks the prerequisite first; a missing Kannel here is a failure.
		t.Fatal("Debian package kannel is not installed (tests/interop/install-deps.sh installs it)")
	}
	ev := &events{
		login:     make(chan *core.Cimd2LoginReceivedEventArgs, 4),
		received:  make(chan *core.Cimd2SubmitMessageReceivedEventArgs, 16),
		completed: make(chan *core.Cimd2SubmitMessageCompletedEventArgs, 16),
		responses: make(chan *core.Cimd2DeliverResponseReceivedEventArgs, 16),
		logout:    make(chan *core.Cimd2LogoutReceivedEventArgs, 1),
		inOps:     map[uint32]int{},
	}
	s := core.NewCIMD2Server()
	s.SetHandlers(core.CIMD2Handlers{
		OnCimd2LoginReceived: func(e *core.Cimd2LoginReceivedEventArgs) {
			code := uint32(0)
			if e.UserIdentity != kannelUser || e.Password != kannelPass {
				code = 100
			}
			s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, code, "")
			ev.login <- e
		},
		OnCimd2SubmitMessageReceived: func(e *core.Cimd2SubmitMessageReceivedEventArgs) {
			// A zero TimeStamp: the library picks a unique second.
			s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			ev.received <- e
		},
		OnCimd2SubmitMessageCompleted:  func(e *core.Cimd2SubmitMessageCompletedEventArgs) { ev.completed <- e },
		OnCimd2DeliverResponseReceived: func(e *core.Cimd2DeliverResponseReceivedEventArgs) { ev.responses <- e },
		OnCimd2LogoutReceived:          func(e *core.Cimd2LogoutReceivedEventArgs) { ev.logout <- e },
		OnCimd2TraceProtocol: func(e *core.Cimd2TraceProtocolEventArgs) {
			if strings.HasSuffix(e.ToAddress, fmt.Sprintf(":%d", s.LocalPort())) {
				ev.mu.Lock()
				ev.inOps[e.Operation]++
				ev.mu.Unlock()
			}
		},
	})
	require.Equal(t, core.OK, s.Cimd2InitializeServer("127.0.0.1", 0, ""))
	defer s.Destroy(true, 5*time.Second)
	s.SetKeepAliveInterval(3) // Kannel reads its socket about every 2 s when idle

	box := newInbox()
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go http.Serve(hl, box)
	defer hl.Close()
	httpPort := hl.Addr().(*net.TCPAddr).Port

	dir := t.TempDir()
	if d := os.Getenv("KANNEL_DIR"); d != "" { // keep the logs there
		dir = d
	}
	p := freePorts(t, 3)
	admin, smsboxPort, sendsms := p[0], p[1], p[2]
	conf := strings.Join([]string{
		"group = core",
		fmt.Sprintf("admin-port = %d", admin),
		"admin-password = secret",
		"admin-allow-ip = 127.0.0.1",
		fmt.Sprintf("smsbox-port = %d", smsboxPort),
		"box-allow-ip = 127.0.0.1",
		"log-file = " + filepath.Join(dir, "bearerbox.log"),
		"log-level = 0",
		"dlr-storage = internal",
		"sms-combine-concatenated-mo = true",
		"",
		"group = smsc",
		"smsc = cimd2",
		"smsc-id = cimd",
		"host = 127.0.0.1",
		fmt.Sprintf("port = %d", s.LocalPort()),
		"smsc-username = " + kannelUser,
		"smsc-password = " + kannelPass,
		"keepalive = 2",
		"reconnect-delay = 1",
		"",
		"group = smsbox",
		"bearerbox-host = 127.0.0.1",
		fmt.Sprintf("bearerbox-port = %d", smsboxPort),
		fmt.Sprintf("sendsms-port = %d", sendsms),
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
	require.NoError(t, os.WriteFile(confPath, []byte(conf), 0o644))
	var procs []*exec.Cmd
	start := func(name string) {
		out, err := os.Create(filepath.Join(dir, name+".out"))
		require.NoError(t, err)
		cmd := exec.Command("/usr/sbin/"+name, confPath)
		cmd.Stdout, cmd.Stderr = out, out
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		require.NoError(t, cmd.Start())
		procs = append(procs, cmd)
	}
	stop := func() {
		// smsbox first, then bearerbox (which logs out of the SMSC); by pid.
		for i := len(procs) - 1; i >= 0; i-- {
			p := procs[i]
			if p.ProcessState != nil {
				continue
			}
			_ = syscall.Kill(-p.Process.Pid, syscall.SIGTERM)
			done := make(chan struct{})
			go func() { p.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				_ = syscall.Kill(-p.Process.Pid, syscall.SIGKILL)
				<-done
			}
		}
	}
	defer func() {
		stop()
		if t.Failed() {
			for _, f := range []string{"bearerbox.log", "smsbox.log"} {
				b, _ := os.ReadFile(filepath.Join(dir, f))
				if len(b) > 6000 {
					b = b[len(b)-6000:]
				}
				t.Logf("--- tail of %s ---\n%s", f, b)
			}
		}
	}()
	start("bearerbox")
	waitPort(t, smsboxPort) // smsbox gives up at once when bearerbox is not listening yet
	start("smsbox")

	l := recv(t, ev.login, 30*time.Second, "Kannel's login")
	require.Equal(t, kannelUser, l.UserIdentity)
	id := l.ClientID

	sendSMS := func(tag, to, text string, extra url.Values) {
		t.Helper()
		q := url.Values{"username": {"tester"}, "password": {"foobar"}, "from": {"1234"}, "to": {to}, "text": {text},
			"dlr-mask": {"3"}, "dlr-url": {fmt.Sprintf("http://127.0.0.1:%d/dlr?tag=%s&type=%%d", httpPort, tag)}}
		for k, v := range extra {
			q[k] = v
		}
		var resp *http.Response
		var err error
		for i := 0; i < 50; i++ { // smsbox may still be connecting
			resp, err = http.Get(fmt.Sprintf("http://127.0.0.1:%d/cgi-bin/sendsms?%s", sendsms, q.Encode()))
			if err == nil {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 202, resp.StatusCode, "sendsms %s", tag)
	}

	// MT, GSM text with characters that need CIMD escapes; DLR delivered.
	text := "Hello @{€]ä £_Δ"
	sendSMS("gsm", "4412345", text, nil)
	ce := recv(t, ev.completed, 20*time.Second, "MT gsm")
	require.Equal(t, text, ce.Content)
	require.Equal(t, sms.Et7BitText, ce.Encoding)
	require.Equal(t, "4412345", ce.Destination)
	require.Equal(t, "1234", ce.Originator)
	require.NotZero(t, ce.Options&sms.SoRequestStatusReport)
	require.Len(t, ce.TimeStamps, 1)
	require.False(t, ce.TimeStamps[0].IsZero())
	require.Equal(t, core.OK, s.Cimd2SendDeliverStatusReport(id, 0, ce.TimeStamps[0], ce.Destination, 4, 0, time.Time{}, ""))
	box.wait(t, 20*time.Second, "the dlr-url (delivered)", func(q url.Values) bool {
		return q.Get("path") == "/dlr" && q.Get("tag") == "gsm" && q.Get("type") == "1"
	})

	// MT, long: split by Kannel (UDH in 032), joined by the server; DLR failed.
	long := strings.Repeat("0123456789", 25)
	sendSMS("long", "4412346", long, nil)
	ce = recv(t, ev.completed, 20*time.Second, "MT long")
	require.Equal(t, long, ce.Content)
	require.Len(t, ce.TransactionNumbers, 2)
	require.Len(t, ce.TimeStamps, 2)
	require.Equal(t, core.OK, s.Cimd2SendDeliverStatusReport(id, 0, ce.TimeStamps[0], ce.Destination, 3, 1, time.Time{}, ""))
	box.wait(t, 20*time.Second, "the dlr-url (failed)", func(q url.Values) bool {
		return q.Get("path") == "/dlr" && q.Get("tag") == "long" && q.Get("type") == "2"
	})

	// MT, UCS-2 (034 + 030:8).
	sendSMS("ucs2", "4412347", "Привет мир", url.Values{"coding": {"2"}, "charset": {"UTF-8"}})
	ce = recv(t, ev.completed, 20*time.Second, "MT ucs2")
	require.Equal(t, "Привет мир", ce.Content)
	require.Equal(t, sms.EtUCS2Text, ce.Encoding)

	// MO: GSM, long (split by the library, joined by Kannel), UCS-2; every
	// deliver answered with 70.
	mo := func(text string, enc sms.Encoding, coding string) {
		t.Helper()
		nums, code := s.Cimd2SendDeliverMessage(id, 0, "1234", "4412345", text, enc, "", 0, time.Time{}, "")
		require.Equal(t, core.OK, code)
		for _, n := range nums {
			for { // skip the 73s of the status reports above
				r := recv(t, ev.responses, 20*time.Second, "70")
				if r.Code == 73 {
					continue
				}
				require.Equal(t, int32(70), r.Code)
				require.Equal(t, n, r.TransactionNumber)
				require.Equal(t, uint32(0), r.ErrorCode)
				break
			}
		}
		q := box.wait(t, 20*time.Second, "the MO get-url", func(q url.Values) bool {
			return q.Get("path") == "/mo" && q.Get("text") == text
		})
		require.Equal(t, "+4412345", "+"+strings.TrimPrefix(q.Get("from"), "+"))
		require.Equal(t, coding, q.Get("coding"))
	}
	mo("Hi @ there {curly} €5", sms.Et7BitText, "0")
	mo(strings.TrimSpace(strings.Repeat("long MO text ", 20)), sms.Et7BitText, "0")
	mo("Привет из SMSC", sms.EtUCS2Text, "0") // 034 + 030:8 on the wire; mo-recode hands it on as UTF-8

	// Alive both ways: Kannel's every 2 s of idle (answered by the
	// library), and the server's own after 1 s of silence (answered by Kannel).
	// Waited for up to 10 s rather than a fixed 3: on a busy machine
	// Kannel's 2 s idle timer can start late.
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end) && (ev.count(40) == 0 || ev.count(90) == 0); {
		time.Sleep(100 * time.Millisecond)
	}
	require.Positive(t, ev.count(40), "Kannel sent alive")
	require.Positive(t, ev.count(90), "Kannel answered the server's alive")

	// Kannel logs out when it shuts down.
	stop()
	recv(t, ev.logout, 15*time.Second, "Kannel's logout")
}
