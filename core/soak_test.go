package core

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// The soak: clients of all three protocols submit short and long messages,
// answer (or now and then ignore) what the server delivers, and drop and
// reconnect at random, while the host delivers messages and status reports
// to whoever is logged in. At the end every submit a client saw
// acknowledged was seen by the host exactly once, no submit reached the
// host twice, and every delivery the host made got exactly one outcome
// (the client's answer, or the library's: timeout or connection lost).
//
// It runs only when SMSC_SOAK gives its length: `make soak` (10 minutes by
// default, SOAK=...), and a one-minute form inside `make test`.

func soakDuration(t *testing.T) time.Duration {
	v := os.Getenv("SMSC_SOAK")
	if v == "" {
		t.Skip("SMSC_SOAK not set (make soak)")
	}
	d, err := time.ParseDuration(v)
	require.NoError(t, err, "SMSC_SOAK")
	return d
}

// soakBook is what both sides recorded, under one lock.
type soakBook struct {
	mu        sync.Mutex
	seen      map[string]int     // submit text -> times the host saw it
	acked     map[string]bool    // submit text -> a client got a positive answer
	delivered map[string]int     // proto/ClientID/number -> outcomes expected (1)
	outcomes  map[string]int     // proto/ClientID/number -> outcomes seen
	logins    map[string][]int32 // proto -> logged-in ClientIDs
	counts    map[string]int     // for the summary
}

func newSoakBook() *soakBook {
	return &soakBook{seen: map[string]int{}, acked: map[string]bool{}, delivered: map[string]int{},
		outcomes: map[string]int{}, logins: map[string][]int32{}, counts: map[string]int{}}
}

func (b *soakBook) do(f func()) { b.mu.Lock(); f(); b.mu.Unlock() }

func soakKey(proto string, id int32, n uint32) string {
	return proto + "/" + strconv.Itoa(int(id)) + "/" + strconv.FormatUint(uint64(n), 10)
}

// soakHost starts the three servers; their handlers fill the book.
func soakHost(t *testing.T, b *soakBook) (*SMPPServer, *UCPServer, *CIMD2Server) {
	login := func(proto string, id int32) {
		b.do(func() { b.logins[proto] = append(b.logins[proto], id) })
	}
	gone := func(e *TcpDisconnectedEventArgs, proto string) {
		b.do(func() {
			ids := b.logins[proto]
			for i, id := range ids {
				if id == e.ClientID {
					b.logins[proto] = append(ids[:i], ids[i+1:]...)
					break
				}
			}
		})
	}
	seen := func(text string) { b.do(func() { b.seen[text]++ }) }
	outcome := func(proto string, id int32, n uint32) {
		b.do(func() { b.outcomes[soakKey(proto, id, n)]++ })
	}
	const ext = "response-timeout=2;pdu-timeout=5;reassembly-timeout=5"
	s, _ := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				login("smpp", e.ClientID)
			},
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				seen(e.Content)
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "m", false)
			},
			OnSmppDeliverResponseReceived: func(e *SmppDeliverResponseReceivedEventArgs) { outcome("smpp", e.ClientID, e.SequenceNumber) },
			OnTcpDisconnected:             func(e *TcpDisconnectedEventArgs) { gone(e, "smpp") },
		}
	}, ext)
	u, _ := startUCP(t, func(u *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) {
				u.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
				login("ucp", e.ClientID)
			},
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				seen(e.Content)
				u.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
			OnUcpDeliverResponseReceived: func(e *UcpDeliverResponseReceivedEventArgs) { outcome("ucp", e.ClientID, e.TransactionNumber) },
			OnTcpDisconnected:            func(e *TcpDisconnectedEventArgs) { gone(e, "ucp") },
		}
	}, ext)
	c, _ := startCIMD2(t, func(c *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				c.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
				login("cimd2", e.ClientID)
			},
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				seen(e.Content)
				c.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
			OnCimd2DeliverResponseReceived: func(e *Cimd2DeliverResponseReceivedEventArgs) { outcome("cimd2", e.ClientID, e.TransactionNumber) },
			OnTcpDisconnected:              func(e *TcpDisconnectedEventArgs) { gone(e, "cimd2") },
		}
	}, ext)
	return s, u, c
}

// soakDeliverer is the host delivering to a random logged-in client now
// and then, recording the numbers each delivery will be answered under.
func soakDeliverer(b *soakBook, s *SMPPServer, u *UCPServer, c *CIMD2Server, stop <-chan struct{}, rnd *rand.Rand) {
	tn := uint32(0)
	for {
		select {
		case <-stop:
			return
		case <-time.After(3 * time.Millisecond):
		}
		proto := []string{"smpp", "ucp", "cimd2"}[rnd.Intn(3)]
		var id int32 = -1
		b.do(func() {
			if ids := b.logins[proto]; len(ids) > 0 {
				id = ids[rnd.Intn(len(ids))]
			}
		})
		if id < 0 {
			continue
		}
		text := "hello"
		if rnd.Intn(5) == 0 {
			text = strings.Repeat("long ", 60) // two parts
		}
		tn++
		var nums []uint32
		var code Code
		switch proto {
		case "smpp": // host-chosen sequence numbers: a status report returns none
			if rnd.Intn(3) == 0 {
				code = s.SmppSendDeliverStatusReport(id, tn, "1", 0, 0, "2", 0, 0, RtFinal, "m", "", 1, 1, time.Now(), time.Now(), MsDelivered, 0, "", "")
				nums = sentOne(code, tn)
			} else {
				nums, code = s.SmppSendDeliverMessage(id, tn, "1", 0, 0, "2", 0, 0, text, sms.Et7BitText, "", 0, "", "")
				tn += uint32(len(nums))
			}
		case "ucp":
			if rnd.Intn(3) == 0 {
				code = u.UcpSendDeliverStatusReport(id, tn, time.Now(), "4412345", "1234", 0, 0, time.Now(), "")
				nums = sentOne(code, tn)
			} else {
				nums, code = u.UcpSendDeliverMessage(id, tn, "1", "2", text, sms.Et7BitText, "", 0, time.Time{}, "")
				tn += uint32(len(nums))
			}
		case "cimd2":
			if rnd.Intn(3) == 0 {
				code = c.Cimd2SendDeliverStatusReport(id, tn, time.Now(), "4412345", 4, 0, time.Now(), "")
				nums = sentOne(code, tn)
			} else {
				nums, code = c.Cimd2SendDeliverMessage(id, tn, "1", "2", text, sms.Et7BitText, "", 0, time.Time{}, "")
				tn += 2 * uint32(len(nums))
			}
		}
		b.do(func() {
			b.counts[proto+" delivery calls"]++
			if code != OK {
				b.counts[proto+" delivery calls failed"]++
			}
			for _, n := range nums { // the parts that went out, also before a failure
				b.delivered[soakKey(proto, id, n)]++
			}
		})
	}
}

// sentOne is the number of a status report that went out, or none.
func sentOne(code Code, n uint32) []uint32 {
	if code != OK {
		return nil
	}
	return []uint32{n}
}

// soakClient is one client that logs in, submits, answers deliveries (or
// ignores a few) and drops at random, until stop.
func soakClient(b *soakBook, proto, addr string, n int, stop <-chan struct{}, rnd *rand.Rand) {
	for seq := 0; ; seq++ {
		select {
		case <-stop:
			return
		default:
		}
		nc, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		life := time.Duration(200+rnd.Intn(1500)) * time.Millisecond
		soakSession(b, proto, nc, fmt.Sprintf("%s%d.%d", proto, n, seq), time.Now().Add(life), stop, rnd)
		if rnd.Intn(2) == 0 { // half the drops are resets
			nc.(*net.TCPConn).SetLinger(0)
		}
		nc.Close()
	}
}

// soakSession runs one connection: a reader goroutine answers what the
// server sends and hands positive submit answers to the writer, which
// submits one message (of one or two parts) at a time.
func soakSession(b *soakBook, proto string, nc net.Conn, name string, until time.Time, stop <-chan struct{}, rnd *rand.Rand) {
	acks := make(chan int, 4) // number of the answered submit
	ignore := rnd.Intn(10) == 0
	go soakReader(proto, nc, acks, ignore)
	w := soakWriter{proto: proto, nc: nc}
	if !w.login() || !soakWait(acks, -1) {
		return
	}
	for m := 0; time.Now().Before(until); m++ {
		select {
		case <-stop:
			return
		default:
		}
		parts := 1
		if rnd.Intn(6) == 0 {
			parts = 2
		}
		for p := 1; p <= parts; p++ {
			text := fmt.Sprintf("%s.m%d.p%d", name, m, p)
			num := w.submit(text, m, p, parts)
			if num < 0 || !soakWait(acks, num) {
				return
			}
			b.do(func() { b.acked[text] = true })
		}
	}
}

// soakWait waits for the positive answer to num (-1: the login's).
func soakWait(acks <-chan int, num int) bool {
	select {
	case got, ok := <-acks:
		return ok && (num < 0 || got == num)
	case <-time.After(5 * time.Second):
		return false
	}
}

// soakWriter encodes the client's requests.
type soakWriter struct {
	proto string
	nc    net.Conn
	next  int
}

func (w *soakWriter) login() bool {
	var f []byte
	switch w.proto {
	case "smpp":
		f = pduHex(0x09, 0, 1, bindBody("soak", "pw", 0x34))
	case "ucp":
		f = []byte("\x02" + ucpKannelLogin + "\x03")
	case "cimd2":
		f = c2("<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>")
	}
	_, err := w.nc.Write(f)
	return err == nil
}

// submit sends one part and returns the number its answer carries.
func (w *soakWriter) submit(text string, m, part, parts int) int {
	w.next++
	ref := fmt.Sprintf("%02X", m%256)
	var f []byte
	var num int
	switch w.proto {
	case "smpp":
		num = w.next + 1
		esm, udh := "00", ""
		if parts > 1 {
			esm, udh = "40", "050003"+ref+fmt.Sprintf("%02X%02X", parts, part)
		}
		data := udh + hex.EncodeToString([]byte(text))
		body := "00 01 01 3100 01 01 3200 " + esm + " 00 00 00 00 00 00 00 00 " + fmt.Sprintf("%02X", len(data)/2) + data
		f = pduHex(0x04, 0, uint32(num), body)
	case "ucp":
		num = w.next % 100
		xser := ""
		if parts > 1 {
			xser = "0106050003" + ref + fmt.Sprintf("%02X%02X", parts, part)
		}
		bs := make([][]byte, 0, ucp.Fields5x)
		for _, s := range ucpSubmit51Fields("4412345", "1234", text, xser) {
			bs = append(bs, []byte(s))
		}
		f, _ = ucp.AppendFrame(nil, num, ucp.Operation, 51, bs...)
	case "cimd2":
		num = (2*w.next + 1) % 256
		params := []string{"021:4412345", "033:" + text}
		if parts > 1 {
			params = append(params, "032:050003"+ref+fmt.Sprintf("%02X%02X", parts, part))
		}
		f = c2Packet(3, num, params...)
	}
	if _, err := w.nc.Write(f); err != nil {
		return -1
	}
	return num
}

// soakReader answers deliveries and keep-alives, unless told to ignore
// deliveries, and passes positive submit and login answers on.
func soakReader(proto string, nc net.Conn, acks chan<- int, ignore bool) {
	defer close(acks)
	br := bufio.NewReaderSize(nc, 16<<10)
	read := map[string]func(*bufio.Reader, bool) (soakFrame, error){
		"smpp": soakReadSMPP, "ucp": soakReadUCP, "cimd2": soakReadCIMD2}[proto]
	for {
		f, err := read(br, ignore)
		if err != nil {
			return
		}
		if f.ack {
			acks <- f.num
		}
		if f.reply != nil {
			if _, err := nc.Write(f.reply); err != nil {
				return
			}
		}
	}
}

// soakFrame is what one received frame asks of the client: an answer to
// write, or a positive answer (ack) to pass to the writer.
type soakFrame struct {
	reply []byte
	ack   bool
	num   int // the answered request's number; -1 for a login
}

func soakReadSMPP(br *bufio.Reader, ignore bool) (soakFrame, error) {
	var hdr [16]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return soakFrame{}, err
	}
	l := binary.BigEndian.Uint32(hdr[:])
	if l < 16 || l > 1<<16 {
		return soakFrame{}, io.ErrUnexpectedEOF
	}
	if _, err := io.CopyN(io.Discard, br, int64(l-16)); err != nil {
		return soakFrame{}, err
	}
	cmd, st, seq := binary.BigEndian.Uint32(hdr[4:]), binary.BigEndian.Uint32(hdr[8:]), binary.BigEndian.Uint32(hdr[12:])
	switch {
	case cmd == 0x80000009 && st == 0:
		return soakFrame{ack: true, num: -1}, nil
	case cmd == 0x80000004 && st == 0:
		return soakFrame{ack: true, num: int(seq)}, nil
	case cmd == 0x05 && !ignore:
		return soakFrame{reply: pduHex(0x80000005, 0, seq, "00")}, nil
	case cmd == 0x15:
		return soakFrame{reply: pduHex(0x80000015, 0, seq, "")}, nil
	}
	return soakFrame{}, nil
}

func soakReadUCP(br *bufio.Reader, ignore bool) (soakFrame, error) {
	raw, err := br.ReadBytes(ucp.ETX)
	if err != nil {
		return soakFrame{}, err
	}
	var f ucp.Frame
	if i := strings.IndexByte(string(raw), ucp.STX); i < 0 || f.Parse(raw[i+1:len(raw)-1]) != nil {
		return soakFrame{}, nil
	}
	switch {
	case f.Kind == ucp.Result && f.OT == 60 && len(f.Fields) > 0 && string(f.Fields[0]) == "A":
		return soakFrame{ack: true, num: -1}, nil
	case f.Kind == ucp.Result && f.OT == 51 && len(f.Fields) > 0 && string(f.Fields[0]) == "A":
		return soakFrame{ack: true, num: f.TRN}, nil
	case f.Kind == ucp.Operation && (f.OT == 52 || f.OT == 53) && !ignore:
		b, _ := ucp.AppendFrame(nil, f.TRN, ucp.Result, f.OT, []byte("A"), nil, nil)
		return soakFrame{reply: b}, nil
	case f.Kind == ucp.Operation && f.OT == 31:
		b, _ := ucp.AppendFrame(nil, f.TRN, ucp.Result, 31, []byte("A"), nil)
		return soakFrame{reply: b}, nil
	}
	return soakFrame{}, nil
}

func soakReadCIMD2(br *bufio.Reader, ignore bool) (soakFrame, error) {
	raw, err := br.ReadBytes(cimd2.ETX)
	if err != nil {
		return soakFrame{}, err
	}
	var p cimd2.Packet
	if i := strings.IndexByte(string(raw), cimd2.STX); i < 0 || cimd2.Parse(raw[i:], &p) != nil {
		return soakFrame{}, nil
	}
	_, failed := p.Get(900)
	switch {
	case p.Op == 51 && !failed:
		return soakFrame{ack: true, num: -1}, nil
	case p.Op == 53 && !failed:
		return soakFrame{ack: true, num: p.Number}, nil
	case (p.Op == 20 || p.Op == 23) && !ignore:
		return soakFrame{reply: c2Packet(p.Op+50, p.Number)}, nil
	case p.Op == 40:
		return soakFrame{reply: c2Packet(90, p.Number)}, nil
	}
	return soakFrame{}, nil
}

func TestSoak(t *testing.T) {
	d := soakDuration(t)
	b := newSoakBook()
	s, u, c := soakHost(t, b)
	addr := map[string]string{
		"smpp":  "127.0.0.1:" + strconv.Itoa(s.LocalPort()),
		"ucp":   "127.0.0.1:" + strconv.Itoa(u.LocalPort()),
		"cimd2": "127.0.0.1:" + strconv.Itoa(c.LocalPort()),
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, proto := range []string{"smpp", "ucp", "cimd2", "smpp", "ucp", "cimd2"} {
		wg.Add(1)
		go func(i int, proto string) {
			defer wg.Done()
			soakClient(b, proto, addr[proto], i, stop, rand.New(rand.NewSource(int64(i))))
		}(i, proto)
	}
	deliverDone := make(chan struct{})
	go func() {
		soakDeliverer(b, s, u, c, stop, rand.New(rand.NewSource(99)))
		close(deliverDone)
	}()
	time.Sleep(d)
	close(stop)
	wg.Wait()
	<-deliverDone
	// Every connection ends and every outcome (answers, timeouts, lost
	// connections) arrives before OnTcpDisconnected, so zero connections
	// plus a short settle means the books are complete.
	waitFor(t, 30*time.Second, func() bool {
		return s.ConnectionCount() == 0 && u.ConnectionCount() == 0 && c.ConnectionCount() == 0
	}, "every connection to end")
	time.Sleep(500 * time.Millisecond)
	soakCheck(t, b)
}

// soakCheck prints the counts and asserts the two promises.
func soakCheck(t *testing.T, b *soakBook) {
	b.mu.Lock()
	defer b.mu.Unlock()
	dups, missing, unexpected, wrong := 0, 0, 0, 0
	for text, n := range b.seen {
		if n > 1 {
			dups++
			t.Errorf("submit %q reached the host %d times", text, n)
		}
	}
	for text := range b.acked {
		if b.seen[text] != 1 {
			missing++
			t.Errorf("submit %q was acknowledged but the host saw it %d times", text, b.seen[text])
		}
	}
	for k := range b.delivered {
		if got := b.outcomes[k]; got != 1 {
			wrong++
			if wrong <= 10 {
				t.Errorf("delivery %s got %d outcomes", k, got)
			}
		}
	}
	for k := range b.outcomes {
		if b.delivered[k] == 0 {
			unexpected++
			if unexpected <= 10 {
				t.Errorf("an outcome for %s, which was not delivered", k)
			}
		}
	}
	summary := fmt.Sprintf("soak: submits acknowledged %d, seen by the host %d, duplicates %d, acknowledged but not seen once %d; "+
		"deliveries %d, with exactly one outcome %d, with another count %d, outcomes for unknown numbers %d; %v",
		len(b.acked), len(b.seen), dups, missing, len(b.delivered), len(b.delivered)-wrong, wrong, unexpected, b.counts)
	fmt.Println(summary)
	t.Log(summary)
	require.Positive(t, len(b.acked), "the soak submitted nothing")
	require.Positive(t, len(b.delivered), "the soak delivered nothing")
}
