package core

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"
)

// BenchmarkSubmitSM measures submit_sm -> OnSmppSubmitMessageReceived ->
// SmppSendSubmitMessageResponse -> submit_sm_resp over loopback TCP, with
// the client keeping `window` requests outstanding. Reported as submits/s.
//
//	go test -run '^$' -bench BenchmarkSubmitSM -benchtime 200000x ./core/
func BenchmarkSubmitSM(b *testing.B) {
	for _, w := range []int{1, 64} {
		b.Run("window="+itoa(w), func(b *testing.B) { benchSubmit(b, w, DispatchDirect) })
	}
	b.Run("window=64/pumped", func(b *testing.B) { benchSubmit(b, 64, DispatchPumped) })
}

// benchBind binds nc as a transceiver and reads past the bind's answer;
// it returns the reader that goes on.
func benchBind(b *testing.B, nc net.Conn) *bufio.Reader {
	nc.Write(pduHex(0x09, 0, 1, bindBody("bench", "x", 0x34)))
	br := bufio.NewReaderSize(nc, 64<<10)
	var hdr [16]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		b.Fatal(err)
	}
	if _, err := br.Discard(int(binary.BigEndian.Uint32(hdr[:])) - 16); err != nil {
		b.Fatal(err)
	}
	return br
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

func benchSubmit(b *testing.B, window int, mode DispatchMode) {
	s := NewSMPPServer()
	s.SetDispatchMode(mode)
	ids := []string{"a1", "b2"}
	s.SetHandlers(SMPPHandlers{
		OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, ids[e.SequenceNumber&1], false)
		},
	})
	if s.SmppInitializeServer("127.0.0.1", 0, "") != OK {
		b.Fatal("init")
	}
	defer s.Destroy(true, 5*time.Second)
	stop := make(chan struct{})
	if mode == DispatchPumped {
		go pumpEvents(s, stop)
		defer close(stop)
	}
	nc, err := net.Dial("tcp", "127.0.0.1:"+itoa(s.LocalPort()))
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	br := benchBind(b, nc)

	submit := pduHex(0x04, 0, 0, "00 05 00 416c70686100 01 01 34343737303039303031323300 00 00 00 00 00 00 00 00 00 0b 48656c6c6f20776f726c64")
	credits := make(chan struct{}, window)
	for i := 0; i < window; i++ {
		credits <- struct{}{}
	}
	errc := make(chan error, 1)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	go func() {
		bw := bufio.NewWriterSize(nc, 64<<10)
		for i := 0; i < b.N; i++ {
			<-credits
			binary.BigEndian.PutUint32(submit[12:], uint32(i+2))
			bw.Write(submit)
			if len(credits) == 0 || i == b.N-1 {
				if err := bw.Flush(); err != nil {
					errc <- err
					return
				}
			}
		}
	}()
	buf := make([]byte, 256)
	var hdr [16]byte
	for i := 0; i < b.N; i++ {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			b.Fatal(err)
		}
		n := binary.BigEndian.Uint32(hdr[:]) - 16
		if _, err := io.ReadFull(br, buf[:n]); err != nil {
			b.Fatal(err)
		}
		if binary.BigEndian.Uint32(hdr[8:]) != 0 {
			b.Fatalf("status %x", binary.BigEndian.Uint32(hdr[8:]))
		}
		credits <- struct{}{}
	}
	el := time.Since(start)
	b.StopTimer()
	select {
	case err := <-errc:
		b.Fatal(err)
	default:
	}
	b.ReportMetric(float64(b.N)/el.Seconds(), "submits/s")
}

// pumpEvents runs a pumped server's events, as a host's dispatching thread
// would, until stop closes or the server is destroyed.
func pumpEvents(s interface {
	DispatchEvents(time.Duration, int) (int, Code)
}, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		if _, c := s.DispatchEvents(100*time.Millisecond, 0); c == ErrServerDestroyed {
			return
		}
	}
}
