package core

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// c2SubmitHarness logs in one client and collects submit events; the host
// answers every part with time stamp c2Stamp + number seconds unless
// answer is replaced.
type c2SubmitHarness struct {
	srv        *CIMD2Server
	c          *c2Client
	received   chan *Cimd2SubmitMessageReceivedEventArgs
	completed  chan *Cimd2SubmitMessageCompletedEventArgs
	incomplete chan *Cimd2SubmitMessageIncompleteEventArgs
}

func newC2SubmitHarness(t *testing.T, ext string, answer func(s *CIMD2Server, e *Cimd2SubmitMessageReceivedEventArgs)) *c2SubmitHarness {
	h := &c2SubmitHarness{
		received:   make(chan *Cimd2SubmitMessageReceivedEventArgs, 16),
		completed:  make(chan *Cimd2SubmitMessageCompletedEventArgs, 16),
		incomplete: make(chan *Cimd2SubmitMessageIncompleteEventArgs, 16),
	}
	if answer == nil {
		answer = func(s *CIMD2Server, e *Cimd2SubmitMessageReceivedEventArgs) {
			s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", c2Stamp.Add(time.Duration(e.TransactionNumber)*time.Second), 0, "")
		}
	}
	srv, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: c2AcceptLogins(s),
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				h.received <- e
				answer(s, e)
			},
			OnCimd2SubmitMessageCompleted:  func(e *Cimd2SubmitMessageCompletedEventArgs) { h.completed <- e },
			OnCimd2SubmitMessageIncomplete: func(e *Cimd2SubmitMessageIncompleteEventArgs) { h.incomplete <- e },
		}
	}, ext)
	h.srv = srv
	h.c = dialCIMD2(t, addr)
	h.c.login()
	return h
}

func TestCIMD2SubmitRefusals(t *testing.T) {
	h := newC2SubmitHarness(t, "", nil)
	cases := []struct {
		name   string
		params []string
		code   string
	}{
		{"no destination", []string{"033:hi"}, "301"},
		{"letters in destination", []string{"021:12a", "033:hi"}, "300"},
		{"destination too long", []string{"021:" + strings.Repeat("1", 21), "033:hi"}, "300"},
		{"numeric and alphanumeric originator", []string{"021:1", "023:2", "027:Alpha", "033:hi"}, "306"},
		{"originator repeated", []string{"021:1", "023:2", "023:3", "033:hi"}, "306"},
		{"alphanumeric originator too long", []string{"021:1", "027:TwelveChars!", "033:hi"}, "321"},
		{"text and binary user data", []string{"021:1", "033:hi", "034:4142"}, "303"},
		{"odd binary user data", []string{"021:1", "034:414"}, "302"},
		{"user data too long", []string{"021:1", "033:" + strings.Repeat("a", 481)}, "302"},
		{"UDH not hex", []string{"021:1", "032:05000X060201", "033:hi"}, "303"},
		{"UDH length wrong", []string{"021:1", "032:0600030602", "033:hi"}, "303"},
		{"validity code out of range", []string{"021:1", "050:300", "033:hi"}, "305"},
		{"validity date impossible", []string{"021:1", "051:260231120000", "033:hi"}, "305"},
		{"first delivery date impossible", []string{"021:1", "054:261332120000", "033:hi"}, "308"},
		{"DCS out of range", []string{"021:1", "030:256", "033:hi"}, "304"},
		{"status report request out of range", []string{"021:1", "056:64", "033:hi"}, "310"},
		{"priority out of range", []string{"021:1", "067:0", "033:hi"}, "312"},
	}
	for i, tc := range cases {
		num := 3 + 2*i
		h.c.write(c2Packet(3, num, tc.params...))
		g := h.c.expectOp(53, num)
		require.Equal(t, tc.code, g.param(900), tc.name)
		require.NotEmpty(t, g.param(901), tc.name)
	}
	select {
	case e := <-h.received:
		t.Fatalf("refused submit reached the host: %+v", e)
	default:
	}
}

func TestCIMD2SubmitEncodingsAndOptions(t *testing.T) {
	h := newC2SubmitHarness(t, "", nil)
	before := time.Now()
	// UCS-2 in 034 with 030:8 (Kannel's form for Cyrillic), alphanumeric
	// sender, relative validity 167 (24 h), PID 64 (type 0), tariff class.
	h.c.write(c2Packet(3, 3, "021:4412345", "027:Alpha", "030:8", "050:167", "052:64", "064:5",
		"034:041F04400438043204350442"))
	e := recv(t, h.received, 5*time.Second, "UCS-2 submit")
	require.Equal(t, "Привет", e.Content)
	require.Equal(t, sms.EtUCS2Text, e.Encoding)
	require.Equal(t, "Alpha", e.Originator)
	require.Equal(t, sms.SoValidityPeriodRelative|sms.SoZeroSMS, e.Options)
	require.WithinDuration(t, before.Add(24*time.Hour), e.ValidityPeriod, 5*time.Second)
	require.Equal(t, "cimd2.027=Alpha;cimd2.030=8;cimd2.050=167;cimd2.052=64;cimd2.064=5", e.ExtendedParameters)
	h.c.expectOp(53, 3)

	// 8-bit data with a port UDH; flash class 0 GSM text; absolute first
	// delivery time in the server's zone (UTC here); several destinations.
	h.c.write(c2Packet(3, 5, "021:111", "021:222", "023:999", "030:245", "032:06050415811581", "034:0102FF"))
	e = recv(t, h.received, 5*time.Second, "WAP submit")
	require.Equal(t, "111;222", e.Destination)
	require.Equal(t, "0102FF", e.Content)
	require.Equal(t, sms.EtWAPPushOrMMS, e.Encoding)
	require.Equal(t, "06050415811581", e.UserDataHeader)
	require.Equal(t, sms.SoMessageClass1, e.Options)
	g := h.c.expectOp(53, 5)
	require.Len(t, g.pkt.Params, 3, "one 021 per destination, then 060: %s", c2Show(g.raw))
	require.Equal(t, "111", g.param(21))

	h.c.write(c2Packet(3, 7, "021:1", "030:16", "054:261224183000", "056:0", "033:Flash _gd"))
	e = recv(t, h.received, 5*time.Second, "flash submit")
	require.Equal(t, "Flash Δ", e.Content)
	require.Equal(t, sms.SoMessageClass0|sms.SoDirectDisplay|sms.SoDeliveryTimeAbsolute, e.Options)
	require.True(t, e.DeliveryTime.Equal(time.Date(2026, 12, 24, 18, 30, 0, 0, time.UTC)))
	h.c.expectOp(53, 7)

	// 8-bit binary without DCS class; empty message.
	h.c.write(c2Packet(3, 9, "021:1", "030:4", "034:00FF"))
	e = recv(t, h.received, 5*time.Second, "binary submit")
	require.Equal(t, sms.Et8BitHexadecimal, e.Encoding)
	require.Equal(t, "00FF", e.Content)
	h.c.expectOp(53, 9)
	h.c.write(c2Packet(3, 11, "021:1"))
	e = recv(t, h.received, 5*time.Second, "empty submit")
	require.Equal(t, "", e.Content)
	require.Equal(t, sms.Et7BitText, e.Encoding)
	h.c.expectOp(53, 11)
}

func TestCIMD2LongMessageReassembly(t *testing.T) {
	h := newC2SubmitHarness(t, "reassembly-timeout=0.4", nil)
	// Kannel's part 1/2 (CIMD2 vector 8) and a part 2/2 in the same style.
	h.c.send("<STX>03:005<TAB>021:4412345<TAB>027:Alpha<TAB>056:14<TAB>055:0<TAB>044:1<TAB>032:050003060201<TAB>033:" +
		strings.Repeat("A", 150) + "BBB<TAB>76<ETX>")
	h.c.write(c2Packet(3, 7, "021:4412345", "027:Alpha", "056:14", "055:0", "044:0", "032:050003060202", "033:"+strings.Repeat("B", 17)))
	h.c.expectOp(53, 5)
	h.c.expectOp(53, 7)
	ce := recv(t, h.completed, 5*time.Second, "completed")
	require.Equal(t, strings.Repeat("A", 150)+strings.Repeat("B", 20), ce.Content)
	require.Equal(t, []uint32{5, 7}, ce.TransactionNumbers)
	require.Equal(t, uint32(5), ce.TransactionNumber)
	require.Equal(t, "", ce.UserDataHeader)
	require.Equal(t, "Alpha", ce.Originator)
	require.True(t, ce.TimeStamps[0].Equal(c2Stamp.Add(5*time.Second)))
	require.True(t, ce.TimeStamps[1].Equal(c2Stamp.Add(7*time.Second)))
	for i := 0; i < 2; i++ {
		recv(t, h.received, time.Second, "parts")
	}

	// Out of order, a duplicate, and an escape cut between parts: "_XX"
	// ends part 1, "(" starts part 2; the joined text decodes to '{'.
	part := func(num, seq int, txt string, extra ...string) []byte {
		params := append([]string{"021:1", "023:2", "032:0500030903" + "0" + string(rune('0'+seq))}, extra...)
		return c2Packet(3, num, append(params, "033:"+txt)...)
	}
	h.c.write(part(9, 3, " end", "056:14"))
	h.c.write(part(11, 1, "start _XX", "064:1"))
	h.c.write(part(13, 3, " end", "056:14")) // duplicate of part 3
	h.c.write(part(15, 2, "(mid"))
	for _, n := range []int{9, 11, 13, 15} {
		h.c.expectOp(53, n)
	}
	ce = recv(t, h.completed, 5*time.Second, "completed out of order")
	require.Equal(t, "start {mid end", ce.Content)
	require.Equal(t, []uint32{11, 15, 9}, ce.TransactionNumbers)
	require.Equal(t, uint32(11), ce.TransactionNumber)
	require.Equal(t, "cimd2.064=1", ce.ExtendedParameters, "the header is part 1's")
	require.Equal(t, sms.SoRequestStatusReport, ce.Options, "a report asked by any part")
	require.True(t, ce.TimeStamps[2].Equal(c2Stamp.Add(9*time.Second)))

	// A missing part: reported as incomplete after reassembly-timeout.
	h.c.write(c2Packet(3, 17, "021:1", "023:2", "032:050003AA0301", "033:one"))
	h.c.write(c2Packet(3, 19, "021:1", "023:2", "032:050003AA0303", "033:three"))
	h.c.expectOp(53, 17)
	h.c.expectOp(53, 19)
	inc := recv(t, h.incomplete, 5*time.Second, "incomplete")
	require.Equal(t, uint16(0xAA), inc.Reference)
	require.Equal(t, int32(3), inc.Total)
	require.Equal(t, int32(2), inc.Received)
	require.Equal(t, []uint32{17, 19}, inc.TransactionNumbers)
	select {
	case e := <-h.completed:
		t.Fatalf("unexpected completed %+v", e)
	default:
	}
}

// Completed waits until the host has answered every part, however late.
func TestCIMD2CompletedWaitsForAsyncAnswers(t *testing.T) {
	var mu sync.Mutex
	var pending []*Cimd2SubmitMessageReceivedEventArgs
	h := newC2SubmitHarness(t, "", func(s *CIMD2Server, e *Cimd2SubmitMessageReceivedEventArgs) {
		mu.Lock()
		pending = append(pending, e)
		mu.Unlock()
	})
	h.c.write(c2Packet(3, 3, "021:1", "023:2", "032:050003010202", "033:world"))
	h.c.write(c2Packet(3, 5, "021:1", "023:2", "032:050003010201", "033:hello "))
	waitFor(t, 5*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(pending) == 2 }, "both parts")
	select {
	case e := <-h.completed:
		t.Fatalf("completed before the answers: %+v", e)
	case <-time.After(100 * time.Millisecond):
	}
	mu.Lock()
	p3, p5 := pending[0], pending[1]
	mu.Unlock()
	// Answered from another goroutine: one refused, one accepted with a
	// time stamp the library chooses.
	go func() {
		require.Equal(t, OK, h.srv.Cimd2SendSubmitMessageResponse(p3.ClientID, 3, "", time.Time{}, 9, ""))
		time.Sleep(50 * time.Millisecond)
		require.Equal(t, OK, h.srv.Cimd2SendSubmitMessageResponse(p5.ClientID, 5, "", time.Time{}, 0, ""))
	}()
	require.Equal(t, "9", h.c.expectOp(53, 3).param(900))
	g := h.c.expectOp(53, 5)
	ce := recv(t, h.completed, 5*time.Second, "completed")
	require.Equal(t, "hello world", ce.Content)
	require.Equal(t, []uint32{5, 3}, ce.TransactionNumbers)
	require.True(t, ce.TimeStamps[1].IsZero(), "the refused part has no time stamp")
	require.WithinDuration(t, time.Now(), ce.TimeStamps[0], 3*time.Second)
	require.Equal(t, g.param(60), ce.TimeStamps[0].UTC().Format("060102150405"))
}

// Only a Completed handler: it fires at once and the host answers the
// parts by TransactionNumbers.
func TestCIMD2CompletedOnlyHandler(t *testing.T) {
	completed := make(chan *Cimd2SubmitMessageCompletedEventArgs, 1)
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: c2AcceptLogins(s),
			OnCimd2SubmitMessageCompleted: func(e *Cimd2SubmitMessageCompletedEventArgs) {
				completed <- e
				for _, n := range e.TransactionNumbers {
					require.Equal(t, OK, s.Cimd2SendSubmitMessageResponse(e.ClientID, n, "", c2Stamp, 0, ""))
				}
			},
		}
	}, "")
	c := dialCIMD2(t, addr)
	c.login()
	c.write(c2Packet(3, 3, "021:1", "023:2", "032:050003010201", "033:a"))
	c.write(c2Packet(3, 5, "021:1", "023:2", "032:050003010202", "033:b"))
	ce := recv(t, completed, 5*time.Second, "completed")
	require.Equal(t, "ab", ce.Content)
	require.Equal(t, []time.Time{{}, {}}, ce.TimeStamps)
	c.expectOp(53, 3)
	c.expectOp(53, 5)
}

func TestCIMD2AutomaticTimeStampsAreUnique(t *testing.T) {
	h := newC2SubmitHarness(t, "", func(s *CIMD2Server, e *Cimd2SubmitMessageReceivedEventArgs) {
		s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
	})
	seen := map[string]bool{}
	for i := 0; i < 5; i++ {
		h.c.write(c2Packet(3, 3+2*i, "021:4412345", "033:x"))
		g := h.c.expectOp(53, 3+2*i)
		require.Equal(t, "4412345", g.param(21))
		require.False(t, seen[g.param(60)], "time stamp %s reused", g.param(60))
		seen[g.param(60)] = true
	}
}

func TestCIMD2ReassemblyFullRefusesWithCongestion(t *testing.T) {
	h := newC2SubmitHarness(t, "reassembly-max-messages=1", nil)
	h.c.write(c2Packet(3, 3, "021:1", "023:2", "032:050003010201", "033:a"))
	h.c.expectOp(53, 3)
	// A second long message while the first waits: no room, 900:10.
	h.c.write(c2Packet(3, 5, "021:1", "023:2", "032:050003020201", "033:x"))
	g := h.c.expectOp(53, 5)
	require.Equal(t, "10", g.param(900))
	require.Equal(t, "Temporary congestion error", g.param(901))
	// The first one still completes.
	h.c.write(c2Packet(3, 7, "021:1", "023:2", "032:050003010202", "033:b"))
	h.c.expectOp(53, 7)
	require.Equal(t, "ab", recv(t, h.completed, 5*time.Second, "completed").Content)
	require.Len(t, h.received, 2, "the refused part never reached the host")
}
