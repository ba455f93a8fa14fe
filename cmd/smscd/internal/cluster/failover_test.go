package cluster

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
)

// failoverMessages is the length of the failover run: 2,000 in `go test`,
// SMSCD_CLUSTER_MESSAGES=10000 for the full run (make test-cluster-full).
func failoverMessages(t *testing.T) int {
	if v := os.Getenv("SMSCD_CLUSTER_MESSAGES"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err)
		return n
	}
	return 2000
}

// tally is what the clients saw: which numbered messages were
// acknowledged to a submitter and how often each reached the owner.
type tally struct {
	mu        sync.Mutex
	acked     map[int]bool
	received  map[int]int
	refused   int // submit_sm_resp with an error (JetStream did not acknowledge in time)
	unanswerd int // submits whose connection died before the answer
	nAcked    atomic.Int64
}

func (y *tally) ack(num int, status uint32) {
	y.mu.Lock()
	defer y.mu.Unlock()
	if status == 0 {
		y.acked[num] = true
		y.nAcked.Add(1)
	} else {
		y.refused++
	}
}

// writePDU writes one SMPP PDU, returning the error instead of failing
// the test (the connection dies on purpose here).
func writePDU(c net.Conn, cmd, status, seq uint32, body []byte) error {
	b := make([]byte, 16, 16+len(body))
	binary.BigEndian.PutUint32(b, uint32(16+len(body)))
	binary.BigEndian.PutUint32(b[4:], cmd)
	binary.BigEndian.PutUint32(b[8:], status)
	binary.BigEndian.PutUint32(b[12:], seq)
	_, err := c.Write(append(b, body...))
	return err
}

func bindBody(systemID string) []byte {
	var b []byte
	b = append(b, testclient.CStr(systemID)...)
	b = append(b, testclient.CStr("pw")...)
	b = append(b, testclient.CStr("")...)
	b = append(b, 0x34, 0, 0)
	return append(b, testclient.CStr("")...)
}

// dialBound connects to the first address of addrs that binds.
func dialBound(t testing.TB, addrs []string, cmd uint32, systemID string) *testclient.SMPP {
	for {
		for _, a := range addrs {
			c, err := net.DialTimeout("tcp", a, time.Second)
			if err != nil {
				continue
			}
			c.Close()
			s := testclient.DialSMPP(t, a)
			if writePDU(s.Conn, cmd, 0, 1, bindBody(systemID)) != nil {
				continue
			}
			if p, err := s.Read(5 * time.Second); err == nil && p.Cmd == cmd|testclient.CmdResp && p.Status == 0 {
				return s
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// submitRange submits messages first..last-1 numbered in their text, at
// most rate a second with a window of 32, through the first live address
// of addrs; when the connection dies it goes on through the next one
// (what was unanswered counts as not acknowledged, as for a real client).
func submitRange(t testing.TB, y *tally, addrs []string, first, last int, rate float64) {
	next := first
	begin := time.Now()
	for next < last {
		c := dialBound(t, addrs, testclient.CmdBindTX, "sender")
		pdus := make(chan testclient.PDU, 64)
		go func() {
			defer close(pdus)
			for {
				p, err := c.Read(20 * time.Second)
				if err != nil {
					return
				}
				pdus <- p
			}
		}()
		seq := uint32(0) // SubmitAsyncErr numbers from 1 (the bind went around it)
		pending := map[uint32]int{}
		for next < last || len(pending) > 0 {
			var wait <-chan time.Time
			for len(pending) < 32 && next < last {
				due := begin.Add(time.Duration(float64(next-first) / rate * float64(time.Second)))
				if d := time.Until(due); d > 0 {
					wait = time.After(d)
					break
				}
				seq++
				if c.SubmitAsyncErr("123", "46701", fmt.Sprintf("m%06d", next), 0) != nil {
					break
				}
				pending[seq] = next
				next++
			}
			var p testclient.PDU
			ok := true
			select {
			case p, ok = <-pdus:
			case <-wait:
				continue
			}
			if !ok { // the connection died
				y.mu.Lock()
				y.unanswerd += len(pending)
				y.mu.Unlock()
				c.Conn.Close()
				addrs = append(addrs[1:], addrs[0]) // the next node first
				break
			}
			if num, ok := pending[p.Seq]; ok && p.Cmd == testclient.CmdSubmit|testclient.CmdResp {
				delete(pending, p.Seq)
				y.ack(num, p.Status)
			}
		}
		c.Conn.Close()
	}
}

// receive binds the owner on the first live address of addrs and answers
// every deliver_sm positively, counting each message number; when the
// connection dies it binds on the next address. It ends when stop closes.
func receive(t testing.TB, y *tally, addrs []string, stop chan struct{}, rebound chan<- string) {
	for {
		c := dialBound(t, addrs, testclient.CmdBindRX, "owner")
		if rebound != nil {
			select {
			case rebound <- c.Conn.RemoteAddr().String():
			default:
			}
		}
		for {
			select {
			case <-stop:
				c.Conn.Close()
				return
			default:
			}
			p, err := c.Read(200 * time.Millisecond)
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				continue
			}
			if err != nil {
				c.Conn.Close()
				addrs = append(addrs[1:], addrs[0])
				break
			}
			if p.Cmd != testclient.CmdDeliver {
				continue
			}
			d := testclient.ParseDeliver(p)
			if num, err := strconv.Atoi(d.Text[1:]); err == nil {
				y.mu.Lock()
				y.received[num]++
				y.mu.Unlock()
			}
			writePDU(c.Conn, testclient.CmdDeliver|testclient.CmdResp, 0, p.Seq, testclient.CStr(""))
		}
	}
}

// A run of messages from a sender (on nodes 1 and 3) to an owner bound on
// node 3, during which smscd node 3 and NATS server 2 are killed: the owner
// binds again on node 2, and every submit that was acknowledged reaches it
// at least once. Duplicates are counted and reported.
func TestClusterFailover(t *testing.T) {
	total := failoverMessages(t)
	servers, urls := natsCluster(t, 3)
	n1 := startNode(t, urls, "n1")
	n2 := startNode(t, urls, "n2")
	n3 := startNode(t, urls, "n3")
	y := &tally{acked: map[int]bool{}, received: map[int]int{}}

	stop := make(chan struct{})
	rebound := make(chan string, 4)
	recvDone := make(chan struct{})
	go func() { defer close(recvDone); receive(t, y, []string{n3.smpp, n2.smpp}, stop, rebound) }()
	<-rebound
	require.Eventually(t, func() bool {
		b, err := n1.cl.Binds(context.Background())
		return err == nil && len(b["owner"]) == 1 && b["owner"][0] == "n3"
	}, 5*time.Second, 50*time.Millisecond)

	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(2)
	// Paced so that the run lasts about 8 s and the kills fall in its
	// middle, not after it.
	rate := float64(total) / 2 / 8
	go func() { defer wg.Done(); submitRange(t, y, []string{n1.smpp, n2.smpp}, 0, total/2, rate) }()
	go func() { defer wg.Done(); submitRange(t, y, []string{n3.smpp, n2.smpp}, total/2, total, rate) }()

	// Kill smscd node 3 (the owner's node, and one submitter's) and NATS
	// server 2 once 40% of the run is acknowledged.
	for y.nAcked.Load() < int64(total*4/10) {
		require.Less(t, time.Since(start), 90*time.Second, "the run stalled before the kill at %d acknowledged", y.nAcked.Load())
		time.Sleep(5 * time.Millisecond)
	}
	// The NATS server killed is the leader of the message stream: the
	// hardest case (a new leader is elected while submits go on).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	info, err := n1.cl.stream.Info(ctx)
	cancel()
	require.NoError(t, err)
	victim := servers[0]
	for _, s := range servers {
		if s.Name() == info.Cluster.Leader {
			victim = s
		}
	}
	killedAt := time.Since(start)
	n3.kill()
	victim.Shutdown()
	t.Logf("killed smscd n3 and %s (the stream's leader) after %v, %d acknowledged", victim.Name(), killedAt.Round(time.Millisecond), y.nAcked.Load())

	// The owner binds again on node 2; the dead node's bind leaves the
	// routing table when its heartbeat stops.
	select {
	case addr := <-rebound:
		require.Equal(t, n2.smpp, addr)
	case <-time.After(30 * time.Second):
		t.Fatal("the owner did not bind again")
	}
	require.Eventually(t, func() bool {
		b, err := n1.cl.Binds(context.Background())
		return err == nil && len(b["owner"]) == 1 && b["owner"][0] == "n2"
	}, BindTTL+10*time.Second, 100*time.Millisecond, "n3's bind did not expire")

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	go func() { // progress, to see how long the failover stalls submits
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Second):
				y.mu.Lock()
				t.Logf("%v: %d acknowledged, %d refused, %d unanswered, %d received", time.Since(start).Round(time.Second),
					len(y.acked), y.refused, y.unanswerd, len(y.received))
				y.mu.Unlock()
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(120 * time.Second):
		t.Fatal("the submitters did not finish")
	}
	submitted := time.Since(start)

	// Every acknowledged submit reaches the owner at least once.
	missing := func() int {
		y.mu.Lock()
		defer y.mu.Unlock()
		n := 0
		for num := range y.acked {
			if y.received[num] == 0 {
				n++
			}
		}
		return n
	}
	// Wait while deliveries go on: on a loaded machine (and under -race)
	// they may trail the submits by a minute. Give up when none came for
	// 20 s, or after 3 minutes in all: what is missing then is lost.
	last, lastAt := missing(), time.Now()
	for last > 0 && time.Since(lastAt) < 20*time.Second && time.Since(start) < 3*time.Minute {
		time.Sleep(100 * time.Millisecond)
		if m := missing(); m < last {
			last, lastAt = m, time.Now()
		}
	}
	// And nothing stays behind: every delivery was acknowledged to
	// JetStream, which the work-queue stream then dropped. Checked while
	// the owner is still bound: a delivery whose acknowledgement went to
	// the NATS server that was killed (or was lost in the leader change)
	// stays in the stream until a node pulls it again and, finding its
	// state final, acknowledges it without a second delivery; only a bound
	// owner makes its node pull.
	left := func() string {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		info, err := n1.cl.stream.Info(ctx)
		if err != nil {
			return err.Error()
		}
		if info.State.Msgs == 0 {
			return ""
		}
		s := fmt.Sprintf("%d messages in the stream", info.State.Msgs)
		if c, err := n1.cl.stream.Consumer(ctx, "dlv_owner"); err == nil {
			if ci, err := c.Info(ctx); err == nil {
				s += fmt.Sprintf("; dlv_owner: %d pending, %d unacknowledged, %d redelivered, %d waiting pulls",
					ci.NumPending, ci.NumAckPending, ci.NumRedelivered, ci.NumWaiting)
			}
		}
		return s
	}
	deadline := time.Now().Add(60 * time.Second) // a lost acknowledgement costs an AckWait
	for left() != "" && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	leftover := left()
	close(stop)
	<-recvDone

	y.mu.Lock()
	defer y.mu.Unlock()
	lost, dups, distinct, unackedDelivered := 0, 0, 0, 0
	for num := range y.acked {
		if y.received[num] == 0 {
			lost++
		}
	}
	for num, c := range y.received {
		distinct++
		dups += c - 1
		if !y.acked[num] {
			unackedDelivered++
		}
	}
	d1, r1, _ := n1.cl.Snapshot()
	d2, r2, _ := n2.cl.Snapshot()
	for _, n := range []*smscNode{n1, n2} {
		s := &n.cl.stats
		s.mu.Lock()
		t.Logf("%s: %d handed back, %d records not found, %d publish errors, %d retried", n.name, s.Nak, s.NotFound, s.PublishErrors, s.Retried)
		s.mu.Unlock()
	}
	t.Logf("cluster failover: %d messages, %d acknowledged, %d refused, %d unanswered (connection lost); "+
		"%d distinct delivered, %d duplicates, %d delivered without an acknowledged submit, %d lost; "+
		"submits took %v, all delivered after %v; deliveries acknowledged by n1 %d (%d handed out before), n2 %d (%d)",
		total, len(y.acked), y.refused, y.unanswerd, distinct, dups, unackedDelivered, lost,
		submitted.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), d1, r1, d2, r2)
	require.Zero(t, lost, "acknowledged submits never delivered")
	require.Empty(t, leftover, "messages left in the stream")
	require.Greater(t, len(y.acked), total/2, "most submits should be acknowledged")
	require.Equal(t, total, len(y.acked)+y.refused+y.unanswerd, "every submit answered or its connection lost")
}
