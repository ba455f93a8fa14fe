package store

import (
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/btree"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// benchStores are the stores the benchmarks compare: bbolt with an fsync
// per commit (-store), bbolt without (-store -store-nosync, and what a run
// without -store used before the memory backend), memory (no -store).
var benchStores = []struct {
	name   string
	file   bool
	noSync bool
}{{"bolt-fsync", true, false}, {"bolt-nosync", true, true}, {"memory", false, true}}

func openBench(b *testing.B, file, noSync bool) *Store {
	path := ""
	if file {
		path = filepath.Join(b.TempDir(), "b.db")
	}
	s, err := Open(path, noSync)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func benchRecord(id uint64) *Record {
	r := &Record{Message: model.Message{ID: strconv.FormatUint(id, 16), Direction: "mt", Account: "bench",
		Protocol: "smpp", From: "1234", To: "447700900123", Text: "hello world", SubmittedAt: time.Now()}}
	r.SetState(model.StateAccepted, time.Now(), "")
	return r
}

// BenchmarkInsert inserts from 16 writers with 64 inserts each in flight
// (the benchmark's SMPP 16 x 64): what a submit costs the store.
func BenchmarkInsert(b *testing.B) {
	for _, bs := range benchStores {
		b.Run(bs.name, func(b *testing.B) {
			s := openBench(b, bs.file, bs.noSync)
			defer s.Close()
			var next atomic.Uint64
			next.Store(1 << 40)
			b.ReportAllocs()
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
						s.Insert(benchRecord(next.Add(1)), func(*Record, error) { <-sem })
					}
					for i := 0; i < 64; i++ {
						sem <- struct{}{}
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(16*per)/time.Since(start).Seconds(), "inserts/s")
			b.ReportMetric(float64(s.commits.Load()), "commits")
		})
	}
}

// BenchmarkUpdate is a scheduler-like step on stored messages: give each
// a due time, then take it away (two updates, each moving the time index).
func BenchmarkUpdate(b *testing.B) {
	for _, bs := range benchStores {
		b.Run(bs.name, func(b *testing.B) {
			s := openBench(b, bs.file, bs.noSync)
			defer s.Close()
			const n = 10000
			done := make(chan struct{}, n)
			for i := range n {
				s.Insert(benchRecord(uint64(1<<40+i)), func(*Record, error) { done <- struct{}{} })
			}
			for range n {
				<-done
			}
			b.ReportAllocs()
			b.ResetTimer()
			now := time.Now()
			for i := 0; i < b.N; i++ {
				id := strconv.FormatUint(uint64(1<<40+i%n), 16)
				set := i%2 == 0
				s.Update(id, func(r *Record) bool {
					if set {
						r.Due = now
					} else {
						r.Due = time.Time{}
					}
					return true
				}, func(*Record, error) { done <- struct{}{} })
				if i%64 == 63 {
					for range 64 {
						<-done
					}
				}
			}
		})
	}
}

// BenchmarkIdOrder is what keeping ids in order costs per submit: an
// append to msgList against an insert into a B-tree (google/btree, the
// first choice, a seventh of smscd's CPU under load), 1,000,000 growing
// ids as the engine makes them.
func BenchmarkIdOrder(b *testing.B) {
	ids := make([]string, 1000000)
	for i := range ids {
		ids[i] = strconv.FormatUint(uint64(1<<40+i), 16)
	}
	b.Run("msglist", func(b *testing.B) {
		b.ReportAllocs()
		var l msgList
		for i := 0; i < b.N; i++ {
			if i%len(ids) == 0 {
				l = msgList{}
			}
			l.put(msgItem{id: ids[i%len(ids)]})
		}
	})
	b.Run("btree", func(b *testing.B) {
		b.ReportAllocs()
		t := btree.NewG(degree, func(a, b msgItem) bool { return a.id < b.id })
		for i := 0; i < b.N; i++ {
			if i%len(ids) == 0 {
				t.Clear(false)
			}
			t.ReplaceOrInsert(msgItem{id: ids[i%len(ids)]})
		}
	})
}
