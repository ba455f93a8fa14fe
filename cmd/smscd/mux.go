package main

import (
	"net/http"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// newMux is smscd's HTTP surface. The JSON API (package httpapi) and the
// Prometheus /metrics handler (package metrics) are mounted here.
func newMux(b model.Backend) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("ok\n"))
	})
	// The metrics helper's handler goes here: mux.Handle("GET /metrics", ...).
	return mux
}
