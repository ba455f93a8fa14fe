package main

import (
	"bufio"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// eventLog writes one line per event through a buffer flushed every 100 ms,
// so logging costs a memory copy on the hot path rather than a syscall.
// Above maxRate lines a second (and always in quiet mode) it stops
// formatting lines and prints one summary a second instead: under load,
// formatting every event would cost more than serving it.
type eventLog struct {
	mu       sync.Mutex
	w        *bufio.Writer
	quiet    bool
	maxRate  int64
	lines    atomic.Int64 // events in the current second
	suppress atomic.Bool  // summarising: the rate is above maxRate
	stop     chan struct{}
	done     chan struct{}
}

func newEventLog(out io.Writer, quiet bool) *eventLog {
	return newEventLogRate(out, quiet, 2000)
}

func newEventLogRate(out io.Writer, quiet bool, maxRate int64) *eventLog {
	l := &eventLog{w: bufio.NewWriterSize(out, 64<<10), quiet: quiet, maxRate: maxRate,
		stop: make(chan struct{}), done: make(chan struct{})}
	go l.loop()
	return l
}

func (l *eventLog) printf(format string, args ...any) {
	l.lines.Add(1)
	if l.quiet || l.suppress.Load() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.w.WriteString(time.Now().Format("15:04:05.000 "))
	fmt.Fprintf(l.w, format, args...)
	l.w.WriteByte('\n')
}

// raw writes a line already formatted (with its own time), counted by
// the caller.
func (l *eventLog) raw(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.w.WriteString(line)
	l.w.WriteByte('\n')
}

// info writes a line even in quiet mode (start-up, shutdown).
func (l *eventLog) info(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.w.WriteString(time.Now().Format("15:04:05.000 "))
	fmt.Fprintf(l.w, format, args...)
	l.w.WriteByte('\n')
}

func (l *eventLog) flush() {
	l.mu.Lock()
	l.w.Flush()
	l.mu.Unlock()
}

func (l *eventLog) loop() {
	defer close(l.done)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-l.stop:
			l.flush()
			return
		case now := <-t.C:
			if now.Sub(last) >= time.Second {
				n := l.lines.Swap(0)
				summarising := l.quiet || l.suppress.Load()
				if summarising && n > 0 {
					l.mu.Lock()
					fmt.Fprintf(l.w, "%s %d events in the last second\n", now.Format("15:04:05.000"), n)
					l.mu.Unlock()
				}
				if !l.quiet {
					over := l.maxRate > 0 && n > l.maxRate
					if over != l.suppress.Load() {
						l.mu.Lock()
						if over {
							fmt.Fprintf(l.w, "%s over %d events/s: one summary line a second from now on\n", now.Format("15:04:05.000"), l.maxRate)
						} else {
							fmt.Fprintf(l.w, "%s back to a line per event\n", now.Format("15:04:05.000"))
						}
						l.mu.Unlock()
						l.suppress.Store(over)
					}
				}
				last = now
			}
			l.flush()
		}
	}
}

func (l *eventLog) close() {
	close(l.stop)
	<-l.done
}
