package cluster

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
)

// BenchmarkClusterSubmit measures submits acknowledged by one node in
// cluster mode on an embedded three-server NATS cluster (3 replicas), all
// in this process: 8 SMPP connections with 64 submits each in flight, to
// an owned address whose owner is not bound (so this is the submit path
// alone: the state record and the delivery, each replicated, before the
// answer). It reports submits/s and the p99 of submit to answer.
func BenchmarkClusterSubmit(b *testing.B) {
	_, urls := natsCluster(b, 3)
	n := startNode(b, urls, "n1")
	const conns, window = 8, 64
	per := b.N/conns + 1
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := testclient.DialSMPP(b, n.smpp)
			if cl.Bind(testclient.CmdBindTX, "sender", "pw") != 0 {
				b.Error("bind refused")
				return
			}
			sent := map[uint32]time.Time{}
			var mine []time.Duration
			seq, next := uint32(1), 0
			for next < per || len(sent) > 0 {
				for len(sent) < window && next < per {
					seq++
					if cl.SubmitAsyncErr("123", "46701", fmt.Sprintf("c%d m%d", c, next), 0) != nil {
						b.Error("write failed")
						return
					}
					sent[seq] = time.Now()
					next++
				}
				p, err := cl.Read(30 * time.Second)
				if err != nil {
					b.Error(err)
					return
				}
				if at, ok := sent[p.Seq]; ok {
					if p.Status != 0 {
						b.Errorf("submit refused: 0x%X", p.Status)
					}
					mine = append(mine, time.Since(at))
					delete(sent, p.Seq)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start)
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/el.Seconds(), "submits/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}

// BenchmarkClusterDeliver measures submit to delivery through the cluster:
// a sender on node 1 (two connections, window 32 each, unpaced), the owner
// bound on node 2 answering every deliver_sm at once. It reports messages
// delivered per second, from the first submit to the last delivery.
func BenchmarkClusterDeliver(b *testing.B) {
	_, urls := natsCluster(b, 3)
	n1 := startNode(b, urls, "n1")
	n2 := startNode(b, urls, "n2")
	y := &tally{acked: map[int]bool{}, received: map[int]int{}}
	stop, recvDone := make(chan struct{}), make(chan struct{})
	rebound := make(chan string, 1)
	go func() { defer close(recvDone); receive(b, y, []string{n2.smpp}, stop, rebound) }()
	<-rebound
	total := max(b.N, 2)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); submitRange(b, y, []string{n1.smpp}, 0, total/2, 1e9) }()
	go func() { defer wg.Done(); submitRange(b, y, []string{n1.smpp}, total/2, total, 1e9) }()
	wg.Wait()
	for {
		y.mu.Lock()
		n := len(y.received)
		y.mu.Unlock()
		if n >= len(y.acked) || time.Since(start) > 2*time.Minute {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	el := time.Since(start)
	close(stop)
	<-recvDone
	y.mu.Lock()
	defer y.mu.Unlock()
	if len(y.received) < len(y.acked) {
		b.Fatalf("%d of %d acknowledged messages delivered", len(y.received), len(y.acked))
	}
	b.ReportMetric(float64(len(y.received))/el.Seconds(), "delivered/s")
}
