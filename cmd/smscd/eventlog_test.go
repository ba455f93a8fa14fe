package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Above the rate the log switches to one summary line a second, and back.
func TestEventLogSummarisesAboveRate(t *testing.T) {
	var out syncBuf
	l := newEventLogRate(&out, false, 100)
	defer l.close()
	l.printf("first %d", 1)
	for i := 0; i < 500; i++ {
		l.printf("burst %d", i)
	}
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "one summary line a second") }, 3*time.Second, 20*time.Millisecond)
	before := strings.Count(out.String(), "burst")
	for i := 0; i < 500; i++ {
		l.printf("burst %d", i)
	}
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "events in the last second") }, 3*time.Second, 20*time.Millisecond)
	require.Equal(t, before, strings.Count(out.String(), "burst"), "no line per event while summarising")
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "back to a line per event") }, 4*time.Second, 20*time.Millisecond)
	require.Contains(t, out.String(), "first 1")
}
