package core

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// Conformance with what the reference says of the numbers a delivery
// returns: "TransactionNumbers: Identifier of the transaction with the
// SMSC. Allows matching the submission with return code", for whatever
// TransactionNumber a ported program passes (it counts tn++ from 1).

// c2AnswerAll answers every 20 with 70 and every 23 with 73 under the
// packet's own number, n packets, and returns the wire numbers seen.
func c2AnswerAll(t *testing.T, c *c2Client, n int) []int {
	t.Helper()
	wire := make([]int, 0, n)
	for i := 0; i < n; i++ {
		g := c.read(5 * time.Second)
		require.Contains(t, []int{20, 23}, g.pkt.Op)
		require.True(t, g.pkt.Number%2 == 0 && g.pkt.Number <= 254, "server numbers are even: %d", g.pkt.Number)
		c.write(c2Packet(g.pkt.Op+50, g.pkt.Number))
		wire = append(wire, g.pkt.Number)
	}
	return wire
}

func TestReference_CIMD2AnyTransactionNumberWorksAndItsAnswerCarriesIt(t *testing.T) {
	resp := make(chan *Cimd2DeliverResponseReceivedEventArgs, 600)
	srv, c, id := c2DeliverHarness(t, "", resp)
	// 300 requests, at most 100 in flight: more than the 128 wire numbers
	// overall, every kind of value a port passes (odd, above 254, even),
	// and no two in flight under one wire number.
	tn := uint32(1)
	for round := 0; round < 3; round++ {
		want := map[uint32]bool{}
		for i := 0; i < 50; i++ {
			nums, code := srv.Cimd2SendDeliverMessage(id, tn, "1234", "4412345", "hi", sms.Et7BitText, "", 0, c2Stamp, "")
			require.Equal(t, OK, code, "cimd2SendDeliverMessage with TransactionNumber %d", tn)
			require.Equal(t, []uint32{tn}, nums)
			want[tn] = true
			tn++
			require.Equal(t, OK, srv.Cimd2SendDeliverStatusReport(id, tn, c2Stamp, "1234", 4, 0, c2Stamp, ""),
				"cimd2SendDeliverStatusReport with TransactionNumber %d", tn)
			want[tn] = true
			tn++
		}
		wire := c2AnswerAll(t, c, 100)
		seen := map[int]bool{}
		for _, w := range wire {
			require.False(t, seen[w], "wire number %d used twice while in flight", w)
			seen[w] = true
		}
		for n := len(want); n > 0; n-- {
			e := recv(t, resp, 5*time.Second, "deliver responses")
			require.True(t, want[e.TransactionNumber], "answer reported as %d, not asked for (or twice)", e.TransactionNumber)
			delete(want, e.TransactionNumber)
		}
	}
}

func TestReference_CIMD2MultipartTransactionNumbersMatchTheirAnswers(t *testing.T) {
	resp := make(chan *Cimd2DeliverResponseReceivedEventArgs, 8)
	srv, c, id := c2DeliverHarness(t, "", resp)
	nums, code := srv.Cimd2SendDeliverMessage(id, 7, "1234", "4412345", strings.Repeat("x", 400), sms.Et7BitText, "", 0, c2Stamp, "")
	require.Equal(t, OK, code)
	require.Equal(t, []uint32{7, 9, 11}, nums)
	c2AnswerAll(t, c, 3)
	for _, n := range nums {
		require.Equal(t, n, recv(t, resp, 5*time.Second, "deliver response").TransactionNumber)
	}
}

// "TransactionNumbers" after a partial failure: the parts that went out
// before the connection closed are the ones the host may still hear of.
func TestReference_TransactionNumbersListThePartsSentBeforeAFailure(t *testing.T) {
	srv, c, id := c2DeliverHarness(t, "", nil)
	srv.SetThrottleRate(2) // part 2 waits half a second: time to drop the client
	type result struct {
		nums []uint32
		code Code
	}
	done := make(chan result, 1)
	go func() {
		nums, code := srv.Cimd2SendDeliverMessage(id, 20, "1234", "4412345", strings.Repeat("x", 400), sms.Et7BitText, "", 0, c2Stamp, "")
		done <- result{nums, code}
	}()
	c.expectOp(20, 20)
	require.Equal(t, OK, srv.TcpCloseConnection(id))
	r := recv(t, done, 5*time.Second, "the delivery to return")
	require.Equal(t, ErrConnectionClosed, r.code)
	require.Equal(t, []uint32{20}, r.nums)
}

// The same for UCP, whose TRNs are 00..99: a program counting past 99
// keeps working, and its answers carry its own numbers.
func TestReference_UCPAnyTransactionNumberWorksAndItsAnswerCarriesIt(t *testing.T) {
	d, addr := newUCPDeliverSMSC(t, "")
	c, id := d.client(t, addr)
	stamp := time.Date(2026, 11, 21, 23, 20, 18, 0, time.UTC)
	tn := uint32(1)
	for round := 0; round < 3; round++ {
		want := map[uint32]bool{}
		for i := 0; i < 25; i++ {
			nums, code := d.srv.UcpSendDeliverMessage(id, tn, "1234", "4412345", "hi", sms.Et7BitText, "", 0, stamp, "")
			require.Equal(t, OK, code, "ucpSendDeliverMessage with TransactionNumber %d", tn)
			require.Equal(t, []uint32{tn}, nums)
			want[tn] = true
			tn++
			require.Equal(t, OK, d.srv.UcpSendDeliverStatusReport(id, tn, stamp, "4412345", "1234", 0, 0, stamp, ""),
				"ucpSendDeliverStatusReport with TransactionNumber %d", tn)
			want[tn] = true
			tn++
		}
		seen := map[int]bool{}
		for i := 0; i < 50; i++ {
			f := c.readFrame(5 * time.Second)
			require.False(t, seen[f.TRN], "TRN %02d used twice while in flight", f.TRN)
			seen[f.TRN] = true
			c.sendOp(f.TRN, ucp.Result, f.OT, "A", "", "")
		}
		for n := len(want); n > 0; n-- {
			e := recv(t, d.resps, 5*time.Second, "deliver responses")
			require.True(t, want[e.TransactionNumber], "answer reported as %d, not asked for (or twice)", e.TransactionNumber)
			delete(want, e.TransactionNumber)
		}
	}
}
