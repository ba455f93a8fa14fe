package core

import (
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A client that sends a long run of submits before it reads anything makes
// the reader's non-blocking write come back short or refused; the rest must
// go out through the flush goroutine, in order, before anything queued later,
// and every submit must get exactly one answer.
func TestAnswersReachAClientThatReadsLate(t *testing.T) {
	// Long answers outgrow a batch and go to the flush goroutine while the
	// reader still holds the queue; short ones stay within a batch, so the
	// reader's own write is the one the full socket refuses.
	t.Run("long answers", func(t *testing.T) { answersReachALateReader(t, 100000, 64) })
	t.Run("short answers", func(t *testing.T) {
		before := shortWrites.Load()
		answersReachALateReader(t, 300000, 1)
		require.Greater(t, shortWrites.Load(), before, "no write came back short")
	})
}

func answersReachALateReader(t *testing.T, n uint32, idLen int) {
	var s *SMPPServer
	var answered, refused atomic.Int64
	_, addr := startSMPPWith(t, func(srv *SMPPServer) SMPPHandlers {
		s = srv
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				// Either way the answers are more than the sockets buffer
				// between the two ends (about 4 MB).
				id := fmt.Sprintf("%0*d", idLen, e.SequenceNumber%10)
				if s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, id, false) == OK {
					answered.Add(1)
				} else {
					refused.Add(1)
				}
			},
		}
	}, "")

	c := dialRaw(t, addr)
	require.NoError(t, c.nc.(*net.TCPConn).SetReadBuffer(64<<10))
	c.write(pduHex(0x09, 0, 1, bindBody("late", "pw", 0x34)))
	require.Equal(t, uint32(0x80000009), c.read(5*time.Second).cmd)

	var all []byte
	for seq := uint32(2); seq < n+2; seq++ {
		all = append(all, pduHex(0x04, 0, seq, submitBodyA)...)
	}
	sent := make(chan error, 1)
	go func() {
		_, err := c.nc.Write(all)
		sent <- err
	}()
	// The client reads nothing until every submit is answered, so the
	// answers fill both sockets and the rest waits in the out-queue.
	waitFor(t, 60*time.Second, func() bool { return answered.Load()+refused.Load() == int64(n) }, "every submit answered")

	for want := uint32(2); want < n+2; want++ {
		p := c.read(20 * time.Second)
		require.Equal(t, uint32(0x80000004), p.cmd)
		require.Equal(t, want, p.seq, "answers out of order")
		require.Equal(t, uint32(0), p.status)
		require.Equal(t, fmt.Sprintf("%0*d\x00", idLen, want%10), string(p.body))
	}
	require.NoError(t, <-sent)
	t.Logf("writes the socket did not take whole: %d", shortWrites.Load())
	require.Equal(t, int64(n), answered.Load())
	require.Zero(t, refused.Load())
	_, err := c.tryRead(200 * time.Millisecond)
	require.Error(t, err, "an answer too many")
}
