// Command smscd is the reference SMSC built on the library's core (package
// engine does the work): accounts with passwords, bind modes, bind limits
// and throughput limits; store and forward between SMPP, UCP/EMI and CIMD2
// through a bbolt store; retries with back-off; receipts in each
// protocol's format, real for messages to addresses an account owns and
// simulated for the rest; an HTTP API. With no configuration it accepts
// every bind and acknowledges every submit, as it always has. `make run`
// starts it on 127.0.0.1: SMPP 2775, UCP/EMI 2776, CIMD2 2777, HTTP 8775.
// docs/smscd.md is the reference.
package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/cluster"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/engine"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
)

// tuneGC runs the garbage collector at GOGC=400 unless GOGC is set:
// smscd's live heap is small (the messages are in the store's file, not
// the heap) and allocation per submit is high, so at the default of 100
// the collector took about a third of smscd's CPU under load; at 400 the
// heap may grow to five times the live heap, tens of MB.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// metricsHandler is the Prometheus /metrics handler over the servers'
// statistics (package metrics, from the statistics work); nil until that
// package is mounted here: eng.Servers() gives the three servers (UCP and
// CIMD2 nil when off) to pass to metrics.Handler.
func metricsHandler(eng *engine.Engine) http.Handler { return nil }

// writeURLFile writes where smscd listens, for scripts that start it on
// free ports (tests/smscd/with-server.sh): the HTTP base URL on the first
// line when HTTP is on, then smpp=HOST:PORT.
func writeURLFile(path, httpAddr, host string, smppPort int) error {
	var b strings.Builder
	if httpAddr != "" {
		fmt.Fprintf(&b, "http://%s\n", httpAddr)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	fmt.Fprintf(&b, "smpp=%s\n", net.JoinHostPort(host, strconv.Itoa(smppPort)))
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path) // whole or not at all, for a script polling it
}

func main() {
	cfg, err := config.Load(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "smscd:", err)
		os.Exit(2)
	}
	tuneGC()
	lg := newEventLogRate(os.Stdout, cfg.Quiet, cfg.LogMaxRate)
	defer lg.close()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))

	if n, err := raiseFileLimit(); err != nil {
		lg.info("smscd: cannot raise the open-file limit: %v", err)
	} else {
		lg.info("smscd: open-file limit %d", n)
	}

	stopProfile := startCPUProfile()
	st, err := store.Open(cfg.Store, cfg.NoSync)
	if err != nil {
		lg.info("smscd: %v", err)
		lg.flush()
		os.Exit(1)
	}
	eng := engine.New(cfg, st, slog.New(newEventHandler(lg, cfg.LogFormat == "json")), lg.printf)
	var cl *cluster.Node
	if cfg.Cluster.On() {
		// Cluster mode (docs/scale-out.md): messages to owned addresses
		// and their states live in JetStream; the local store keeps only
		// the messages nobody owns.
		if cl, err = cluster.Open(cfg, lg.printf); err != nil {
			st.Close()
			lg.info("smscd: %v", err)
			lg.flush()
			os.Exit(1)
		}
		cl.SetEngine(eng)
		eng.SetCluster(cl)
		lg.info("smscd: cluster node %s on NATS %s, %d replicas", cfg.Cluster.Node, cfg.Cluster.NATS, cfg.Cluster.Replicas)
	}
	if err := eng.Start(); err != nil {
		if cl != nil {
			cl.Close()
		}
		st.Close()
		lg.info("smscd: cannot listen: %v", err)
		lg.flush()
		os.Exit(1)
	}
	smpp, ucp, cimd2 := eng.Ports()
	lg.info("smscd: SMPP listening on %s port %d", cfg.Host, smpp)
	if ucp >= 0 {
		lg.info("smscd: UCP/EMI listening on %s port %d", cfg.Host, ucp)
	}
	if cimd2 >= 0 {
		lg.info("smscd: CIMD2 listening on %s port %d", cfg.Host, cimd2)
	}
	storeDesc := cfg.Store
	if storeDesc == "" {
		storeDesc = "none (messages are kept until exit only)"
	}
	lg.info("smscd: store %s, %d accounts", storeDesc, len(cfg.Accounts))

	var hs *http.Server
	var ln net.Listener
	if cfg.HTTP != "" {
		var err error
		ln, err = net.Listen("tcp", cfg.HTTP)
		if err != nil {
			lg.info("smscd: cannot listen for HTTP on %s: %v", cfg.HTTP, err)
			lg.flush()
			eng.Stop(5 * time.Second)
			st.Close()
			os.Exit(1)
		}
		hs = &http.Server{Handler: newMux(eng, metricsHandler(eng), slog.Default()), ReadHeaderTimeout: 10 * time.Second}
		go hs.Serve(ln)
		lg.info("smscd: HTTP listening on http://%s/", ln.Addr())
	}
	if cfg.URLFile != "" {
		httpAddr := ""
		if ln != nil {
			httpAddr = ln.Addr().String()
		}
		if err := writeURLFile(cfg.URLFile, httpAddr, cfg.Host, smpp); err != nil {
			lg.info("smscd: %v", err)
		}
	}
	lg.flush()

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	// Graceful: refuse new submits, answer the ones being stored, close
	// the connections after flushing, stop the scheduler, close the store.
	lg.info("smscd: shutting down")
	if hs != nil {
		hs.Close()
	}
	eng.Stop(5 * time.Second)
	if cl != nil {
		cl.Close()
	}
	if err := st.Close(); err != nil {
		lg.info("smscd: closing the store: %v", err)
	}
	stopProfile()
	lg.info("smscd: stopped")
}
