// Command server is the SMSC that the interop rows (tests/interop) run real
// SMPP clients against. It is built on core like cmd/smscd, and adds what a
// test needs to see and steer from outside:
//
//   - the first line on stdout is "<smpp-port> <control-port>" (both picked
//     at run time on 127.0.0.1);
//   - every event is one JSON object per line (-events FILE, default stdout)
//     and is kept in memory for the control endpoint;
//   - a control HTTP endpoint on loopback: /wait, /events, /sessions, /mo,
//     /close, /keepalive (see control.go).
//
// Submits are answered with message ids (-msgid dec|hex) and a delivery
// receipt follows when registered_delivery asks for one: to the same session,
// or to a receiver bound with the same system_id. query_sm and cancel_sm are
// answered through the typed events, or with -raw-only through
// OnSmppRAWReceived and SmppSendRAW.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/smscserver/libsmscserver/core"
)

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 0, "SMPP port (0 = any free port)")
	keepAlive := flag.Int("keepalive", 0, "KeepAliveInterval in seconds (0 = off)")
	receiptDelay := flag.Duration("receipt-delay", 200*time.Millisecond, "delay before a requested delivery receipt")
	idFormat := flag.String("msgid", "dec", "message id format: dec or hex")
	rawOnly := flag.Bool("raw-only", false, "register no typed query/cancel/replace handlers: they arrive as RAW and are answered with SmppSendRAW")
	failSuffix := flag.String("fail-suffix", "", "destinations ending with this get an UNDELIV receipt (err 001) instead of DELIVRD")
	eventsPath := flag.String("events", "", "file for the JSON event lines (default stdout)")
	ext := flag.String("ext", "", "ExtendedParameters for SmppInitializeServer")
	withTLS := flag.Bool("tls", false, "serve TLS with a CA and certificates made now, written next to the -events file (tlscert.go)")
	clientAuth := flag.String("tls-client-auth", "", "with -tls: request or require client certificates signed by the test CA")
	flag.Parse()

	if *idFormat != "dec" && *idFormat != "hex" {
		fmt.Fprintln(os.Stderr, "server: -msgid must be dec or hex")
		os.Exit(2)
	}
	out := os.Stdout
	if *eventsPath != "" {
		f, err := os.Create(*eventsPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "server:", err)
			os.Exit(1)
		}
		defer f.Close()
		out = f
	}
	if *withTLS {
		dir := "."
		if *eventsPath != "" {
			dir = filepath.Dir(*eventsPath)
		}
		kv, err := writeTestPKI(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "server: test certificates:", err)
			os.Exit(1)
		}
		if *clientAuth != "" {
			kv += ";tls-client-ca=" + filepath.Join(dir, "tls-ca.pem") + ";tls-client-auth=" + *clientAuth
		}
		if *ext != "" {
			kv += ";" + *ext
		}
		*ext = kv
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))

	lg := newEventLog(out)
	srv := core.NewSMPPServer()
	t := newTestSMSC(srv, lg, *receiptDelay, *idFormat == "hex", *rawOnly, *failSuffix)
	t.install()
	srv.SetKeepAliveInterval(*keepAlive)
	if code := srv.SmppInitializeServer(*host, *port, *ext); code != core.OK {
		fmt.Fprintf(os.Stderr, "server: cannot listen on %s:%d: %s (%d)\n", *host, *port, core.ErrorText(code), code)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, "0"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "server: control listener:", err)
		os.Exit(1)
	}
	go http.Serve(ln, t.controlMux())
	ctrlPort := ln.Addr().(*net.TCPAddr).Port
	// The first line of stdout is what the runner reads.
	fmt.Printf("%d %d\n", srv.LocalPort(), ctrlPort)
	os.Stdout.Sync()
	lg.add("listening", ev{"smpp_port": srv.LocalPort(), "control_port": ctrlPort, "msgid": *idFormat,
		"raw_only": *rawOnly, "keepalive": *keepAlive})

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	lg.add("shutdown", nil)
	srv.Destroy(true, 5*time.Second)
	lg.close()
}
