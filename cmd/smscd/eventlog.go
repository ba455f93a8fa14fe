package main

import (
	"bufio"
	"fmt"
	"io"
	"sync"
	"time"
)

// eventLog writes one line per event through a buffer flushed every 100 ms,
// so logging costs a memory copy on the hot path rather than a syscall.
// In quiet mode it only counts lines and prints a summary each second.
type eventLog struct {
	mu    sync.Mutex
	w     *bufio.Writer
	quiet bool
	count int
	stop  chan struct{}
	done  chan struct{}
}

func newEventLog(out io.Writer, quiet bool) *eventLog {
	l := &eventLog{w: bufio.NewWriterSize(out, 64<<10), quiet: quiet, stop: make(chan struct{}), done: make(chan struct{})}
	go l.loop()
	return l
}

func (l *eventLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count++
	if l.quiet {
		return
	}
	l.w.WriteString(time.Now().Format("15:04:05.000 "))
	fmt.Fprintf(l.w, format, args...)
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
			l.mu.Lock()
			if l.quiet && now.Sub(last) >= time.Second && l.count > 0 {
				fmt.Fprintf(l.w, "%s %d events\n", now.Format("15:04:05"), l.count)
				l.count = 0
				last = now
			}
			l.w.Flush()
			l.mu.Unlock()
		}
	}
}

func (l *eventLog) close() {
	close(l.stop)
	<-l.done
}
