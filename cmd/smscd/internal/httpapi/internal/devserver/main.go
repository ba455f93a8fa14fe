// Command devserver serves the HTTP API and status page over memback, an
// in-memory backend seeded with three sessions and a few messages. It is for
// developing the API and the page and for running the schemathesis and
// browser checks before smscd's engine is wired in; smscd itself serves the
// same handler over the engine. It listens on a free loopback port unless
// told otherwise, and writes its base URL to stdout and to -url-file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/httpapi"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/httpapi/internal/memback"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (port 0 = a free one)")
	urlFile := flag.String("url-file", "", "write the base URL here once listening")
	flag.Parse()

	b := memback.New()
	seed(b, time.Now().UTC())
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "devserver:", err)
		os.Exit(1)
	}
	url := "http://" + ln.Addr().String()
	if *urlFile != "" {
		// Written whole and renamed into place: a script polling for the
		// file never reads half a URL.
		tmp := *urlFile + ".tmp"
		err := os.WriteFile(tmp, []byte(url+"\n"), 0o644)
		if err == nil {
			err = os.Rename(tmp, *urlFile)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "devserver:", err)
			os.Exit(1)
		}
	}
	fmt.Println("devserver: listening on", url)

	srv := &http.Server{Handler: httpapi.New(b, httpapi.Options{Title: "smscd (development server)"}),
		ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		slog.Error("devserver", "err", err)
		os.Exit(1)
	}
}

// seed gives the page something to show: two bound accounts, a session that
// has not logged in yet, and messages in several states with their history.
func seed(b *memback.Backend, now time.Time) {
	b.AddAccount("alice", "4670")
	b.AddAccount("bob", "4917")
	b.AddAccount("carol", "3584")
	b.AddSession(model.Session{ID: "smpp-1", Protocol: "smpp", Account: "alice", BindMode: "transceiver",
		Remote: "127.0.0.1:40112", ConnectedAt: now.Add(-5 * time.Minute)})
	b.AddSession(model.Session{ID: "ucp-2", Protocol: "ucp", Account: "bob", BindMode: "transceiver",
		Remote: "127.0.0.1:40120", TLS: true, ConnectedAt: now.Add(-3 * time.Minute)})
	b.AddSession(model.Session{ID: "cimd2-3", Protocol: "cimd2", Remote: "127.0.0.1:40133",
		ConnectedAt: now.Add(-10 * time.Second)})

	at := func(d time.Duration) time.Time { return now.Add(-d) }
	b.AddMessage(model.Message{Direction: "mt", Account: "alice", Protocol: "smpp", TargetAccount: "bob",
		From: "46701234567", To: "4917111222", Text: "Meeting moved to 3pm", Receipt: true,
		SubmittedAt: at(4 * time.Minute), ValidUntil: at(4 * time.Minute).Add(48 * time.Hour), Attempts: 1,
		State: model.StateDelivered, History: []model.StateChange{
			{At: at(4 * time.Minute), State: model.StateAccepted},
			{At: at(4*time.Minute - 200*time.Millisecond), State: model.StateDelivered, Detail: "deliver_sm to ucp-2"}}})
	b.AddMessage(model.Message{Direction: "mt", Account: "bob", Protocol: "ucp", TargetAccount: "carol",
		From: "4917111222", To: "358401234567", Text: "Are you there?", Receipt: true,
		SubmittedAt: at(2 * time.Minute), ValidUntil: at(2 * time.Minute).Add(48 * time.Hour), Attempts: 3,
		NextAttempt: now.Add(30 * time.Second), State: model.StateEnroute, History: []model.StateChange{
			{At: at(2 * time.Minute), State: model.StateAccepted},
			{At: at(90 * time.Second), State: model.StateEnroute, Detail: "carol is not bound; retry in 30s"}}})
	b.AddMessage(model.Message{Direction: "mt", Account: "alice", Protocol: "smpp",
		From: "INFO", To: "15550001", Text: "Your code is 4711",
		SubmittedAt: at(time.Minute), ValidUntil: at(time.Minute).Add(48 * time.Hour), Attempts: 1,
		State: model.StateUndeliverable, History: []model.StateChange{
			{At: at(time.Minute), State: model.StateAccepted},
			{At: at(time.Minute - time.Second), State: model.StateUndeliverable, Detail: "no route to 15550001"}}})
}
