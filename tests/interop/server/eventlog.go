package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ev is one event: a flat JSON object. Every event gets "i" (its index,
// from 1), "t" (RFC 3339 time with milliseconds) and "ev" (its name).
type ev map[string]any

// eventLog keeps every event in memory for the control endpoint and writes
// it as one JSON line.
type eventLog struct {
	mu      sync.Mutex
	w       *bufio.Writer
	all     []ev
	changed chan struct{} // closed and replaced on every add
	stop    chan struct{}
	done    chan struct{}
}

func newEventLog(out io.Writer) *eventLog {
	l := &eventLog{w: bufio.NewWriter(out), changed: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	go l.flusher()
	return l
}

func (l *eventLog) add(name string, fields ev) {
	e := ev{}
	for k, v := range fields {
		e[k] = v
	}
	e["ev"] = name
	e["t"] = time.Now().Format("15:04:05.000")
	l.mu.Lock()
	e["i"] = len(l.all) + 1
	l.all = append(l.all, e)
	b, err := json.Marshal(e)
	if err != nil {
		b = []byte(fmt.Sprintf(`{"ev":"log-error","err":%q}`, err.Error()))
	}
	l.w.Write(b)
	l.w.WriteByte('\n')
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
}

func (l *eventLog) flusher() {
	defer close(l.done)
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			l.mu.Lock()
			l.w.Flush()
			l.mu.Unlock()
			return
		case <-t.C:
			l.mu.Lock()
			l.w.Flush()
			l.mu.Unlock()
		}
	}
}

func (l *eventLog) close() {
	close(l.stop)
	<-l.done
}

// filter is a /wait or /events query: ev=<name>, after=<index>, and per
// field either f=<value> (the field's text equals value) or
// contains.f=<text> (the field's text contains it).
type filter struct {
	name     string
	after    int
	equal    map[string]string
	contains map[string]string
}

func (f *filter) match(e ev) bool {
	if f.name != "" && e["ev"] != f.name {
		return false
	}
	if i, _ := e["i"].(int); i <= f.after {
		return false
	}
	for k, v := range f.equal {
		x, ok := e[k]
		if !ok || text(x) != v {
			return false
		}
	}
	for k, v := range f.contains {
		x, ok := e[k]
		if !ok || !strings.Contains(text(x), v) {
			return false
		}
	}
	return true
}

// text is a field's value as a filter compares it: strings as they are,
// everything else as its JSON.
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// find returns the matching events (all of them, or the first n when n > 0)
// and the channel that is closed on the next add.
func (l *eventLog) find(f *filter, n int) ([]ev, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []ev
	start := f.after
	if start < 0 {
		start = 0
	}
	for _, e := range l.all[min(start, len(l.all)):] {
		if f.match(e) {
			out = append(out, e)
			if n > 0 && len(out) >= n {
				break
			}
		}
	}
	return out, l.changed
}

// last is the index of the newest event.
func (l *eventLog) last() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.all)
}
