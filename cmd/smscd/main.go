// Command smscd is the reference SMSC built on the library's core: it
// accepts every bind or login, acknowledges every submit with a unique
// message id or time stamp, and sends a delivery receipt (SMPP), notification
// (UCP 53) or status report (CIMD2 23) shortly after when the client asked
// for one. It logs one line per event. `make run` starts it on 127.0.0.1:
// SMPP 2775, UCP/EMI 2776, CIMD2 2777.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/smscserver/libsmscserver/core"
)

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on (\"\" = all interfaces)")
	port := flag.Int("smpp-port", 2775, "SMPP port")
	ucpPort := flag.Int("ucp-port", 2776, "UCP/EMI port (-1 = off)")
	cimd2Port := flag.Int("cimd2-port", 2777, "CIMD2 port (-1 = off)")
	keepAlive := flag.Int("keepalive", 30, "seconds of silence before the server sends enquire_link (0 = off)")
	receiptDelay := flag.Duration("receipt-delay", 200*time.Millisecond, "delay before a requested delivery receipt")
	idFormat := flag.String("msgid", "hex", "message id format: hex or dec")
	quiet := flag.Bool("quiet", false, "log only a summary per second")
	maxRate := flag.Int64("log-max-rate", 2000, "above this many events a second, log a summary per second instead (0 = never)")
	ext := flag.String("ext", "", "ExtendedParameters for SmppInitializeServer")
	flag.Parse()

	if *idFormat != "hex" && *idFormat != "dec" {
		fmt.Fprintln(os.Stderr, "smscd: -msgid must be hex or dec")
		os.Exit(2)
	}
	lg := newEventLogRate(os.Stdout, *quiet, *maxRate)
	defer lg.close()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))

	if n, err := raiseFileLimit(); err != nil {
		lg.info("smscd: cannot raise the open-file limit: %v", err)
	} else {
		lg.info("smscd: open-file limit %d", n)
	}

	srv := core.NewSMPPServer()
	smsc := newSMSC(srv, lg, *receiptDelay, *idFormat == "hex")
	smsc.install()
	srv.SetKeepAliveInterval(*keepAlive)
	if code := srv.SmppInitializeServer(*host, *port, *ext); code != core.OK {
		fmt.Fprintf(os.Stderr, "smscd: cannot listen on %s:%d: %s (%d)\n", *host, *port, core.ErrorText(code), code)
		os.Exit(1)
	}
	lg.info("smscd: SMPP listening on %s port %d", *host, srv.LocalPort())

	// UCP/EMI and CIMD2 on their own ports, with the same behaviour.
	var ucpSrv *core.UCPServer
	if *ucpPort >= 0 {
		ucpSrv = core.NewUCPServer()
		(&ucpSMSC{srv: ucpSrv, log: lg, delay: *receiptDelay}).install()
		ucpSrv.SetKeepAliveInterval(*keepAlive)
		if code := ucpSrv.UcpInitializeServer(*host, *ucpPort, ""); code != core.OK {
			fmt.Fprintf(os.Stderr, "smscd: cannot listen for UCP on %s:%d: %s (%d)\n", *host, *ucpPort, core.ErrorText(code), code)
			os.Exit(1)
		}
		lg.info("smscd: UCP/EMI listening on %s port %d", *host, ucpSrv.LocalPort())
	}
	var cimd2Srv *core.CIMD2Server
	if *cimd2Port >= 0 {
		cimd2Srv = core.NewCIMD2Server()
		(&cimd2SMSC{srv: cimd2Srv, log: lg, delay: *receiptDelay}).install()
		cimd2Srv.SetKeepAliveInterval(*keepAlive)
		if code := cimd2Srv.Cimd2InitializeServer(*host, *cimd2Port, ""); code != core.OK {
			fmt.Fprintf(os.Stderr, "smscd: cannot listen for CIMD2 on %s:%d: %s (%d)\n", *host, *cimd2Port, core.ErrorText(code), code)
			os.Exit(1)
		}
		lg.info("smscd: CIMD2 listening on %s port %d", *host, cimd2Srv.LocalPort())
	}
	lg.flush()

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	lg.info("smscd: shutting down")
	srv.Destroy(true, 5*time.Second)
	if ucpSrv != nil {
		ucpSrv.Destroy(true, 5*time.Second)
	}
	if cimd2Srv != nil {
		cimd2Srv.Destroy(true, 5*time.Second)
	}
}
