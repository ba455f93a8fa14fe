package core

import (
	"bufio"
	"crypto/tls"
	"encoding/binary"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// BenchmarkSubmitSMClients is BenchmarkSubmitSM with 16 clients, each
// keeping 64 submits outstanding, over plain TCP and over TLS 1.3 (TLS
// 1.3's default suite with Go on both ends, AES-128-GCM), in one run so
// the two compare. b.N submits are shared out among the clients; the
// handshakes happen before the timer starts.
//
//	go test -run '^$' -bench BenchmarkSubmitSMClients -benchtime 400000x ./core/
func BenchmarkSubmitSMClients(b *testing.B) {
	b.Run("plain/16x64", func(b *testing.B) { benchSubmitClients(b, 16, 64, false) })
	b.Run("tls1.3/16x64", func(b *testing.B) { benchSubmitClients(b, 16, 64, true) })
}

func benchSubmitClients(b *testing.B, clients, window int, useTLS bool) {
	ext := ""
	var pki *testPKI
	if useTLS {
		pki = newTestPKI(b)
		ext = pki.ext("tls-min-version=1.3")
	}
	s := NewSMPPServer()
	s.SetHandlers(SMPPHandlers{
		OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "id1", false)
		},
	})
	if s.SmppInitializeServer("127.0.0.1", 0, ext) != OK {
		b.Fatal("init")
	}
	defer s.Destroy(true, 5*time.Second)
	addr := "127.0.0.1:" + itoa(s.LocalPort())

	type cl struct {
		nc net.Conn
		br *bufio.Reader
	}
	cls := make([]cl, clients)
	for i := range cls {
		var nc net.Conn
		var err error
		if useTLS {
			nc, err = tls.Dial("tcp", addr, &tls.Config{RootCAs: pki.pool})
		} else {
			nc, err = net.Dial("tcp", addr)
		}
		if err != nil {
			b.Fatal(err)
		}
		defer nc.Close()
		cls[i] = cl{nc, benchBind(b, nc)}
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 2*clients)
	for ci := range cls {
		n := b.N / clients
		if ci < b.N%clients {
			n++
		}
		c := cls[ci]
		credits := make(chan struct{}, window)
		for i := 0; i < window; i++ {
			credits <- struct{}{}
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			submit := pduHex(0x04, 0, 0, "00 05 00 416c70686100 01 01 34343737303039303031323300 00 00 00 00 00 00 00 00 00 0b 48656c6c6f20776f726c64")
			bw := bufio.NewWriterSize(c.nc, 64<<10)
			for i := 0; i < n; i++ {
				<-credits
				binary.BigEndian.PutUint32(submit[12:], uint32(i+2))
				bw.Write(submit)
				if len(credits) == 0 || i == n-1 {
					if err := bw.Flush(); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
		go func() {
			defer wg.Done()
			var hdr [16]byte
			buf := make([]byte, 256)
			for i := 0; i < n; i++ {
				if _, err := io.ReadFull(c.br, hdr[:]); err != nil {
					errs <- err
					return
				}
				if _, err := io.ReadFull(c.br, buf[:binary.BigEndian.Uint32(hdr[:])-16]); err != nil {
					errs <- err
					return
				}
				credits <- struct{}{}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	b.StopTimer()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	b.ReportMetric(float64(b.N)/el.Seconds(), "submits/s")
}
