package main

import (
	"log/slog"
	"net/http"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/httpapi"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// newMux is smscd's HTTP surface: the JSON API, its OpenAPI file and the
// status page (package httpapi) over the engine, and /metrics.
//
// metrics is the Prometheus handler of package metrics (the statistics of
// the servers, metricsHandler in main.go); nil serves no /metrics.
func newMux(b model.Backend, metrics http.Handler, log *slog.Logger) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("ok\n"))
	})
	mux.Handle("/", httpapi.New(b, httpapi.Options{Metrics: metrics, Logger: log}))
	return mux
}
