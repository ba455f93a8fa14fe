package store

import (
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// BenchmarkInsertDurable inserts from 16 writers with 64 inserts each in
// flight (the benchmark's SMPP 16 x 64), fsync on every commit.
func BenchmarkInsertDurable(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "b.db"), false)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var next atomic.Uint64
	next.Store(1 << 40)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	per := b.N/16 + 1
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem := make(chan struct{}, 64)
			for i := 0; i < per; i++ {
				sem <- struct{}{}
				r := &Record{Message: model.Message{ID: strconv.FormatUint(next.Add(1), 16), Direction: "mt", Account: "bench",
					Protocol: "smpp", From: "1234", To: "447700900123", Text: "hello world", SubmittedAt: time.Now()}}
				r.SetState(model.StateAccepted, time.Now(), "")
				s.Insert(r, func(*Record, error) { <-sem })
			}
			for i := 0; i < 64; i++ {
				sem <- struct{}{}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(16*per)/time.Since(start).Seconds(), "inserts/s")
	b.ReportMetric(float64(s.commits.Load()), "commits")
}
