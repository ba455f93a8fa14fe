package core

import (
	"bufio"
	"net"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// BenchmarkUCPSubmit measures 51 -> OnUcpSubmitMessageReceived ->
// UcpSendSubmitMessageResponse -> 51 ACK over loopback TCP with `window`
// operations outstanding (UCP allows at most 100). Reported as submits/s.
//
//	go test -run '^$' -bench BenchmarkUCPSubmit -benchtime 100000x ./core/
func BenchmarkUCPSubmit(b *testing.B) {
	for _, w := range []int{1, 64} {
		b.Run("window="+itoa(w), func(b *testing.B) { benchUCPSubmit(b, w) })
	}
}

func benchUCPSubmit(b *testing.B, window int) {
	s := NewUCPServer()
	stamp := time.Date(2026, 11, 21, 23, 19, 6, 0, time.UTC)
	s.SetHandlers(UCPHandlers{
		OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
			s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", stamp, 0, "")
		},
	})
	if s.UcpInitializeServer("127.0.0.1", 0, "ucp.login-required=false;ucp.time-zone=UTC") != OK {
		b.Fatal("init")
	}
	defer s.Destroy(true, 5*time.Second)
	nc, err := net.Dial("tcp", "127.0.0.1:"+itoa(s.LocalPort()))
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	frames := make([][]byte, 100)
	for trn := range frames {
		f := ucpSubmit51Fields("4412345", "1234", "Hello world", "")
		frames[trn] = ucpFrame(b, trn, ucp.Operation, 51, f...)
	}
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
			bw.Write(frames[i%100])
			if len(credits) == 0 || i == b.N-1 {
				if err := bw.Flush(); err != nil {
					errc <- err
					return
				}
			}
		}
	}()
	br := bufio.NewReaderSize(nc, 64<<10)
	for i := 0; i < b.N; i++ {
		fr, err := br.ReadSlice(ucp.ETX)
		if err != nil {
			b.Fatal(err)
		}
		if len(fr) < 20 || fr[15] != 'A' {
			b.Fatalf("not an ACK: %q", fr)
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
