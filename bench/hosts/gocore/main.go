// Command gocore is the benchmark's Go core host: an SMPP, UCP or CIMD2
// server on the library's core that accepts every login and answers every
// submit at once from its handler with a unique message id (SMPP: a decimal
// counter; UCP and CIMD2: the destination and the current second, as the
// protocols define the id), in direct dispatch (the default) or pumped.
//
//	gocore [-proto smpp|ucp|cimd2] [-port 0] [-pumped] [-tls] [-cpuprofile FILE]
//
// With -tls it generates a CA and an ECDSA P-256 server certificate (for
// 127.0.0.1, ::1 and localhost) into a temporary directory at start-up and
// listens with TLS 1.3 only (tls-cert, tls-key, tls-min-version=1.3 in
// ExtendedParameters); it prints "tls-ca FILE" (the CA, which a client may
// trust, e.g. loadclient -tls -tls-ca FILE)
// before "port N" and removes the directory when it ends.
//
// It prints "port N" once listening, then runs until stdin closes, a line
// "quit" arrives, or SIGINT/SIGTERM; with -cpuprofile the CPU profile of the
// whole run is written then. A line "stats" prints "submits N goroutines G";
// "heap FILE" writes a heap profile (after a GC) to FILE and prints "heap".
package main

import (
	"bufio"
	"crypto/x509/pkix"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/smscserver/libsmscserver/core"
	"github.com/smscserver/libsmscserver/internal/testpki"
)

type server interface {
	SetDispatchMode(core.DispatchMode) core.Code
	DispatchEvents(time.Duration, int) (int, core.Code)
	LocalPort() int
	Destroy(bool, time.Duration) core.Code
}

var submits atomic.Int64

func main() {
	proto := flag.String("proto", "smpp", "smpp, ucp or cimd2")
	host := flag.String("host", "127.0.0.1", "listen address")
	port := flag.Int("port", 0, "listen port (0: any free port)")
	pumped := flag.Bool("pumped", false, "pumped dispatch (one goroutine calls DispatchEvents) instead of direct")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	useTLS := flag.Bool("tls", false, "TLS 1.3 with a self-signed ECDSA P-256 certificate made at start-up")
	flag.Parse()

	ext, tlsDir := "", ""
	fail := func(a ...any) {
		fmt.Fprintln(os.Stderr, a...)
		os.RemoveAll(tlsDir) // "" when there is none
		os.Exit(1)
	}
	if *useTLS {
		var err error
		if tlsDir, err = os.MkdirTemp("", "gocore-tls-"); err != nil {
			fail("gocore:", err)
		}
		defer os.RemoveAll(tlsDir)
		caFile, cert, key, err := testCertificate(tlsDir)
		if err != nil {
			fail("gocore:", err)
		}
		ext = "tls-cert=" + cert + ";tls-key=" + key + ";tls-min-version=1.3"
		fmt.Printf("tls-ca %s\n", caFile)
	}

	var ids atomic.Uint64
	var srv server
	var code core.Code
	switch *proto {
	case "smpp":
		s := core.NewSMPPServer()
		s.SetHandlers(core.SMPPHandlers{
			OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "gocore")
			},
			OnSmppSubmitMessageReceived: func(e *core.SmppSubmitMessageReceivedEventArgs) {
				submits.Add(1)
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, strconv.FormatUint(ids.Add(1), 10), false)
			},
		})
		srv, code = s, s.SmppInitializeServer(*host, *port, ext)
	case "ucp":
		s := core.NewUCPServer()
		s.SetHandlers(core.UCPHandlers{
			OnUcpLoginReceived: func(e *core.UcpLoginReceivedEventArgs) {
				s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
			},
			OnUcpSubmitMessageReceived: func(e *core.UcpSubmitMessageReceivedEventArgs) {
				submits.Add(1)
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Now(), 0, "")
			},
		})
		srv, code = s, s.UcpInitializeServer(*host, *port, ext)
	case "cimd2":
		s := core.NewCIMD2Server()
		s.SetHandlers(core.CIMD2Handlers{
			OnCimd2LoginReceived: func(e *core.Cimd2LoginReceivedEventArgs) {
				s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
			},
			OnCimd2SubmitMessageReceived: func(e *core.Cimd2SubmitMessageReceivedEventArgs) {
				submits.Add(1)
				s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Now(), 0, "")
			},
		})
		srv, code = s, s.Cimd2InitializeServer(*host, *port, ext)
	default:
		fmt.Fprintln(os.Stderr, "gocore: unknown -proto", *proto)
		os.RemoveAll(tlsDir)
		os.Exit(2)
	}
	if code != core.OK {
		fail("gocore: cannot listen:", core.ErrorText(code))
	}
	if *pumped {
		srv.SetDispatchMode(core.DispatchPumped)
		go func() {
			for {
				if _, c := srv.DispatchEvents(time.Second, 256); c == core.ErrServerDestroyed {
					return
				}
			}
		}()
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fail("gocore:", err)
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	fmt.Printf("port %d\n", srv.LocalPort())

	stop := make(chan struct{})
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		close(stop)
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			lines <- strings.TrimSpace(sc.Text())
		}
		close(lines)
	}()
loop:
	for {
		select {
		case <-stop:
			break loop
		case l, ok := <-lines:
			if !ok || l == "quit" {
				break loop
			}
			switch {
			case l == "stats":
				fmt.Printf("submits %d goroutines %d\n", submits.Load(), runtime.NumGoroutine())
			case strings.HasPrefix(l, "heap "):
				if f, err := os.Create(strings.TrimPrefix(l, "heap ")); err == nil {
					runtime.GC()
					pprof.WriteHeapProfile(f)
					f.Close()
				}
				fmt.Println("heap")
			}
		}
	}
	srv.Destroy(true, 2*time.Second)
}

// testCertificate writes a CA (ca.pem) and a server certificate for the
// loopback names it signed (cert.pem, key.pem) into dir (internal/testpki).
func testCertificate(dir string) (caFile, certFile, keyFile string, err error) {
	ca, err := testpki.NewCA(pkix.Name{CommonName: "gocore bench CA"})
	if err != nil {
		return "", "", "", err
	}
	leaf, err := ca.Issue(2, pkix.Name{CommonName: "gocore bench host"}, false)
	if err != nil {
		return "", "", "", err
	}
	caFile, certFile, keyFile = filepath.Join(dir, "ca.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := ca.WriteCert(caFile); err != nil {
		return "", "", "", err
	}
	return caFile, certFile, keyFile, leaf.Write(certFile, keyFile)
}
