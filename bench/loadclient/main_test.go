package main

import (
	"crypto/x509/pkix"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
	"github.com/smscserver/libsmscserver/internal/testpki"
)

// The load client against the core, in-process: every submit answered,
// deliveries from the server answered, counts exact, and both bounds hold.

func TestSMPPCountsAndDelivers(t *testing.T) {
	s := core.NewSMPPServer()
	s.SetHandlers(core.SMPPHandlers{
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *core.SmppSubmitMessageReceivedEventArgs) {
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, strconv.Itoa(int(e.SequenceNumber)), false)
			if e.SequenceNumber%50 == 0 { // the client must answer these
				s.SmppSendDeliverMessage(e.ClientID, 0, "Alpha", 5, 0, "447700900123", 1, 1, "MO", sms.Et7BitText, "", 0, "", "")
			}
		},
	})
	if c := s.SmppInitializeServer("127.0.0.1", 0, ""); c != core.OK {
		t.Fatal(core.ErrorText(c))
	}
	defer s.Destroy(true, 2*time.Second)
	r := run(options{addr: "127.0.0.1:" + strconv.Itoa(s.LocalPort()), proto: "smpp", conns: 3, window: 8,
		n: 3000, warmup: 300, duration: 20 * time.Second, drain: 2 * time.Second, setup: 10 * time.Second,
		systemID: "t", password: "t"})
	if r.Error != "" || r.Sent != 3000 || r.Acked != 3000 || r.Errors != 0 || r.Lost != 0 {
		t.Fatalf("%+v", r)
	}
	if r.Delivers == 0 || r.P50us <= 0 || r.P99us < r.P50us || r.Rate <= 0 {
		t.Fatalf("%+v", r)
	}
}

func TestUCPAndCIMD2(t *testing.T) {
	u := core.NewUCPServer()
	u.SetHandlers(core.UCPHandlers{
		OnUcpLoginReceived: func(e *core.UcpLoginReceivedEventArgs) {
			u.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		},
		OnUcpSubmitMessageReceived: func(e *core.UcpSubmitMessageReceivedEventArgs) {
			u.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Now(), 0, "")
		},
	})
	if c := u.UcpInitializeServer("127.0.0.1", 0, ""); c != core.OK {
		t.Fatal(core.ErrorText(c))
	}
	defer u.Destroy(true, 2*time.Second)
	c2 := core.NewCIMD2Server()
	c2.SetHandlers(core.CIMD2Handlers{
		OnCimd2LoginReceived: func(e *core.Cimd2LoginReceivedEventArgs) {
			c2.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		},
		OnCimd2SubmitMessageReceived: func(e *core.Cimd2SubmitMessageReceivedEventArgs) {
			c2.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Now(), 0, "")
		},
	})
	if c := c2.Cimd2InitializeServer("127.0.0.1", 0, ""); c != core.OK {
		t.Fatal(core.ErrorText(c))
	}
	defer c2.Destroy(true, 2*time.Second)
	for proto, port := range map[string]int{"ucp": u.LocalPort(), "cimd2": c2.LocalPort()} {
		r := run(options{addr: "127.0.0.1:" + strconv.Itoa(port), proto: proto, conns: 2, window: 16,
			n: 1000, warmup: 100, duration: 20 * time.Second, drain: 2 * time.Second, setup: 10 * time.Second,
			systemID: "t", password: "t"})
		if r.Error != "" || r.Acked != 1000 || r.Errors != 0 || r.Lost != 0 {
			t.Fatalf("%s: %+v", proto, r)
		}
	}
}

// A server that binds but never answers a submit: the run still ends
// after duration + drain, the outstanding submits counted as lost.
func TestTimeBound(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				var h [64]byte
				if _, err := c.Read(h[:]); err != nil { // the bind
					return
				}
				c.Write(smppPDU(nil, smppBindTransceiver|smppResp, 0, 1, []byte("x\x00")))
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						return
					}
				}
			}()
		}
	}()
	t0 := time.Now()
	r := run(options{addr: ln.Addr().String(), proto: "smpp", conns: 2, window: 4, n: 1000000,
		duration: 200 * time.Millisecond, drain: 200 * time.Millisecond, setup: 5 * time.Second,
		systemID: "t", password: "t"})
	if el := time.Since(t0); el > 3*time.Second {
		t.Fatalf("took %v", el)
	}
	if r.Error != "" || r.Sent != 8 || r.Acked != 0 || r.Lost != 8 {
		t.Fatalf("%+v", r)
	}
}

// -tls: against the core listening with TLS 1.3 on a self-signed
// certificate, checked against it as the CA (-tls-ca) and unchecked.
func TestSMPPOverTLS(t *testing.T) {
	dir := t.TempDir()
	ca, err := testpki.NewCA(pkix.Name{CommonName: "loadclient test CA"})
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.Issue(2, pkix.Name{CommonName: "loadclient test"}, false)
	if err != nil {
		t.Fatal(err)
	}
	caFile, certFile, keyFile := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := ca.WriteCert(caFile); err != nil {
		t.Fatal(err)
	}
	if err := leaf.Write(certFile, keyFile); err != nil {
		t.Fatal(err)
	}

	s := core.NewSMPPServer()
	var tlsVersions sync.Map
	s.SetHandlers(core.SMPPHandlers{
		OnTcpConnected: func(e *core.TcpConnectedEventArgs) {
			tlsVersions.Store(e.ClientID, e.ExtendedParameters)
			s.TcpAcceptConnection(e.ClientID)
		},
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *core.SmppSubmitMessageReceivedEventArgs) {
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, strconv.Itoa(int(e.SequenceNumber)), false)
		},
	})
	ext := "tls-cert=" + certFile + ";tls-key=" + keyFile + ";tls-min-version=1.3"
	if c := s.SmppInitializeServer("127.0.0.1", 0, ext); c != core.OK {
		t.Fatal(core.ErrorText(c))
	}
	defer s.Destroy(true, 2*time.Second)
	addr := "127.0.0.1:" + strconv.Itoa(s.LocalPort())
	for _, ca := range []string{caFile, ""} {
		r := run(options{addr: addr, proto: "smpp", conns: 2, window: 8, n: 1000, warmup: 100,
			duration: 20 * time.Second, drain: 2 * time.Second, setup: 10 * time.Second,
			systemID: "t", password: "t", tls: true, tlsCA: ca})
		if r.Error != "" || !r.TLS || r.Acked != 1000 || r.Errors != 0 || r.Lost != 0 {
			t.Fatalf("ca %q: %+v", ca, r)
		}
	}
	n := 0
	tlsVersions.Range(func(_, v any) bool {
		if !strings.Contains(v.(string), "tls.version=TLS1.3") {
			t.Errorf("connected with %q", v)
		}
		n++
		return true
	})
	if n != 4 {
		t.Errorf("%d connections seen, want 4", n)
	}
	// A CA that did not sign the server's certificate: the handshake fails.
	otherCA, err := testpki.NewCA(pkix.Name{CommonName: "another CA"})
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.pem")
	if err := otherCA.WriteCert(other); err != nil {
		t.Fatal(err)
	}
	if r := run(options{addr: addr, proto: "smpp", conns: 1, window: 1, n: 10, duration: time.Second,
		drain: time.Second, setup: 5 * time.Second, systemID: "t", password: "t", tls: true, tlsCA: other}); r.Error == "" {
		t.Fatalf("a CA that did not sign the certificate was accepted: %+v", r)
	}
}
