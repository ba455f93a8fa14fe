package core

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// A client that stops reading: the host's sends are refused once
// send-queue-bytes wait unwritten (ErrSendQueueFull), and the connection is
// closed once a write has waited write-timeout. Both need the kernel's
// socket buffers full first, so the tests send until the library pushes
// back, bounded in count and time. The window is opened wide: the client
// answers nothing, and the tests are about the queue, not the window.

// floodDelivers sends deliver_sm numbered from 1 until a call does not
// return OK, and reports how many were accepted and the code that stopped it.
func floodDelivers(t *testing.T, srv *SMPPServer, id int32) (uint32, Code) {
	t.Helper()
	text := numbered(150)
	deadline := time.Now().Add(60 * time.Second)
	var sent uint32
	for sent < 2_000_000 && time.Now().Before(deadline) {
		_, code := srv.SmppSendDeliverMessage(id, sent+1, "1", 0, 0, "2", 0, 0, text, sms.Et7BitText, "", 0, "", "")
		if code != OK {
			return sent, code
		}
		sent++
	}
	t.Fatalf("%d deliveries accepted and no back-pressure", sent)
	return sent, OK
}

func TestSendQueueFullRefusesThenRecovers(t *testing.T) {
	h := newESMEHarness(t, "send-queue-bytes=65536;window=1000000")
	e := h.bind(t, cmdBindReceiver, 0x34)
	sent, code := floodDelivers(t, h.srv, e.id)
	require.Equal(t, ErrSendQueueFull, code)
	require.NotZero(t, sent)

	// Everything accepted arrives once and in order, nothing refused does.
	for seq := uint32(1); seq <= sent; seq++ {
		p := e.read(10 * time.Second)
		if p.cmd != cmdDeliverSM || p.seq != seq {
			t.Fatalf("PDU %d of %d: command 0x%08x sequence %d", seq, sent, p.cmd, p.seq)
		}
	}
	// Drained, the queue takes messages again.
	_, code = h.srv.SmppSendDeliverMessage(e.id, sent+1, "1", 0, 0, "2", 0, 0, "again", sms.Et7BitText, "", 0, "", "")
	require.Equal(t, OK, code)
	seq, sm := e.deliver()
	require.Equal(t, sent+1, seq)
	require.Equal(t, "again", string(sm.ShortMessage))
}

func TestWriteTimeoutClosesAPeerThatDoesNotRead(t *testing.T) {
	disc := make(chan *TcpDisconnectedEventArgs, 1)
	bound := make(chan int32, 1)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				bound <- e.ClientID
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e },
		}
	}, "write-timeout=0.5;window=1000000")
	bindRaw(t, addr, cmdBindReceiver)
	id := recv(t, bound, 5*time.Second, "bind")
	start := time.Now()
	_, code := floodDelivers(t, srv, id)
	// Either the 8 MiB queue filled first or the close came first (and the
	// ClientID may already be forgotten).
	require.Contains(t, []Code{ErrSendQueueFull, ErrConnectionClosed, ErrUnknownClient}, code)
	d := recv(t, disc, 10*time.Second, "disconnect after write-timeout")
	require.Equal(t, id, d.ClientID)
	// write-timeout is a limit the library enforces: its own close, -1.
	require.Equal(t, ReasonLocal, d.Reason, d.ReasonText)
	require.True(t, strings.HasPrefix(d.ReasonText, "write-timeout"), d.ReasonText)
	require.GreaterOrEqual(t, time.Since(start), 500*time.Millisecond)
	_, code = srv.SmppSendDeliverMessage(id, 1, "1", 0, 0, "2", 0, 0, "late", sms.Et7BitText, "", 0, "", "")
	require.Contains(t, []Code{ErrConnectionClosed, ErrUnknownClient}, code)
}
