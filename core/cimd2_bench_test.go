package core

import (
	"bufio"
	"net"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/cimd2"
)

// BenchmarkCIMD2Submit measures submit message (Kannel's packet with
// escapes) -> OnCimd2SubmitMessageReceived -> Cimd2SendSubmitMessageResponse
// -> 53 over loopback TCP, the client keeping `window` requests outstanding
// (at most 128: odd packet numbers 001..255).
//
//	go test -run '^$' -bench BenchmarkCIMD2Submit -benchtime 100000x ./core/
func BenchmarkCIMD2Submit(b *testing.B) {
	for _, w := range []int{1, 64} {
		b.Run("window="+itoa(w), func(b *testing.B) { benchCIMD2Submit(b, w, DispatchDirect) })
	}
	b.Run("window=64/pumped", func(b *testing.B) { benchCIMD2Submit(b, 64, DispatchPumped) })
}

func benchCIMD2Submit(b *testing.B, window int, mode DispatchMode) {
	s := NewCIMD2Server()
	s.SetDispatchMode(mode)
	s.SetHandlers(CIMD2Handlers{
		OnCimd2LoginReceived: c2AcceptLogins(s),
		OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
			s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, c2Stamp, 0, "")
		},
	})
	if s.Cimd2InitializeServer("127.0.0.1", 0, "time-zone=UTC") != OK {
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
	br := bufio.NewReaderSize(nc, 64<<10)
	nc.Write(c2("<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>"))
	if _, err := br.ReadBytes(cimd2.ETX); err != nil {
		b.Fatal(err)
	}
	var packets [128][]byte
	for i := range packets {
		packets[i] = c2Packet(3, 2*i+1, "021:4412345", "023:1234", "056:14", "055:0", "044:0", `033:Hello _Oa_XX(_XXe_XX>_a"`)
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
			bw.Write(packets[i%128])
			if len(credits) == 0 || i == b.N-1 {
				if err := bw.Flush(); err != nil {
					errc <- err
					return
				}
			}
		}
	}()
	var p cimd2.Packet
	for i := 0; i < b.N; i++ {
		raw, err := br.ReadSlice(cimd2.ETX)
		if err != nil {
			b.Fatal(err)
		}
		if err := cimd2.Parse(raw, &p); err != nil || p.Op != cimd2.OpSubmitResponse {
			b.Fatalf("answer %q: %v", raw, err)
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
