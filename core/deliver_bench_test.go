package core

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// BenchmarkDeliverSM measures SmppSendDeliverMessage -> deliver_sm ->
// deliver_sm_resp -> OnSmppDeliverResponseReceived over loopback TCP, with
// the window (window=100 by default, and 1000) keeping the host's calls at
// most that far ahead of the client's answers: the cost of accounting for
// every delivery. Reported as delivers/s.
//
//	go test -run '^$' -bench BenchmarkDeliverSM -benchtime 200000x ./core/
func BenchmarkDeliverSM(b *testing.B) {
	for _, w := range []string{"100", "1000"} {
		b.Run("window="+w, func(b *testing.B) { benchDeliver(b, "window="+w) })
	}
}

func benchDeliver(b *testing.B, ext string) {
	var answered atomic.Int64
	ids := make(chan int32, 1)
	s := NewSMPPServer()
	s.SetHandlers(SMPPHandlers{
		OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
			ids <- e.ClientID
		},
		OnSmppDeliverResponseReceived: func(e *SmppDeliverResponseReceivedEventArgs) { answered.Add(1) },
	})
	if s.SmppInitializeServer("127.0.0.1", 0, ext) != OK {
		b.Fatal("init")
	}
	defer s.Destroy(true, 5*time.Second)
	nc, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.LocalPort()))
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	br := benchBind(b, nc)
	id := <-ids
	go benchAnswerDelivers(nc, br)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, code := s.SmppSendDeliverMessage(id, 0, "1", 0, 0, "2", 0, 0, "Hello world", sms.Et7BitText, "", 0, "", ""); code != OK {
			b.Fatalf("deliver %d: %v", i, code)
		}
	}
	for deadline := time.Now().Add(30 * time.Second); answered.Load() < int64(b.N); {
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d answered", answered.Load(), b.N)
		}
		time.Sleep(time.Millisecond)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "delivers/s")
}

// benchAnswerDelivers answers every deliver_sm (enquire_links are
// skipped) until the connection closes.
func benchAnswerDelivers(nc net.Conn, br *bufio.Reader) {
	bw := bufio.NewWriterSize(nc, 64<<10)
	var hdr [16]byte
	for {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return
		}
		l := binary.BigEndian.Uint32(hdr[:])
		if _, err := br.Discard(int(l) - 16); err != nil {
			return
		}
		if binary.BigEndian.Uint32(hdr[4:]) == 0x05 {
			resp := [17]byte{0, 0, 0, 17, 0x80, 0, 0, 5}
			copy(resp[12:16], hdr[12:16])
			bw.Write(resp[:])
		}
		if br.Buffered() == 0 {
			if bw.Flush() != nil {
				return
			}
		}
	}
}
