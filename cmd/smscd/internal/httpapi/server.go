// Package httpapi is smscd's HTTP face: a JSON API over model.Backend
// (inject a mobile-originated message, list and fetch messages with their
// state history, list and disconnect sessions, rates), its OpenAPI file,
// the status page and, when given, the Prometheus /metrics handler.
//
// Routing uses the standard library's method-and-wildcard ServeMux patterns.
// Every API path also has a method-less fallback, so a wrong method gets a
// JSON 405 with an Allow header instead of the mux's plain-text one, and
// anything unknown gets a JSON 404: a client only ever has to parse one
// error shape, {"error": "..."}.
package httpapi

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// Options are what New needs besides the backend. The zero value works.
type Options struct {
	// Metrics, when not nil, is mounted at GET /metrics (the Prometheus
	// handler of package metrics).
	Metrics http.Handler
	// Logger receives one line per server-side failure (5xx). nil: slog.Default().
	Logger *slog.Logger
	// Title is the status page's heading and <title>. "": "smscd".
	Title string
}

// maxBody bounds a request body: an injected message is a few hundred
// bytes, and nothing else takes a body.
const maxBody = 64 << 10

// route is one method and path the server answers. The table is the single
// list both New and the test that compares it with openapi.yaml read.
type route struct {
	method  string
	path    string // a ServeMux path pattern, in OpenAPI's {name} form
	inSpec  bool   // documented in openapi.yaml (the page and the spec itself are not API)
	handler func(*api, http.ResponseWriter, *http.Request)
}

var routes = []route{
	{"POST", "/api/v1/mo", true, (*api).inject},
	{"GET", "/api/v1/messages", true, (*api).listMessages},
	{"GET", "/api/v1/messages/{id}", true, (*api).getMessage},
	{"GET", "/api/v1/sessions", true, (*api).listSessions},
	{"DELETE", "/api/v1/sessions/{id}", true, (*api).disconnect},
	{"GET", "/api/v1/rates", true, (*api).rates},
	{"GET", "/openapi.yaml", false, (*api).spec},
	{"GET", "/{$}", false, (*api).page},
}

type api struct {
	b     model.Backend
	log   *slog.Logger
	title string
}

// New returns the handler serving the API, the spec, the status page and,
// if opts.Metrics is set, /metrics.
func New(b model.Backend, opts Options) http.Handler {
	a := &api{b: b, log: opts.Logger, title: opts.Title}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.title == "" {
		a.title = "smscd"
	}
	rs := routes
	if opts.Metrics != nil {
		m := opts.Metrics
		rs = append(rs[:len(rs):len(rs)], route{"GET", "/metrics", false, func(_ *api, w http.ResponseWriter, r *http.Request) { m.ServeHTTP(w, r) }})
	}

	mux := http.NewServeMux()
	allowed := map[string][]string{} // path -> methods, for the 405 fallbacks
	var order []string
	for _, r := range rs {
		h := r.handler
		mux.HandleFunc(r.method+" "+r.path, func(w http.ResponseWriter, req *http.Request) { h(a, w, req) })
		if _, ok := allowed[r.path]; !ok {
			order = append(order, r.path)
		}
		allowed[r.path] = append(allowed[r.path], r.method)
	}
	for _, p := range order {
		methods := allowed[p]
		for _, m := range methods {
			if m == "GET" { // a GET pattern answers HEAD too
				methods = append(methods, "HEAD")
				break
			}
		}
		allow := strings.Join(methods, ", ")
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed here; allowed: "+allow)
		})
	}
	// Everything else, "/" included for methods other than GET, which the
	// "/{$}" fallback above already answers with 405.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such path: "+r.URL.Path)
	})
	return mux
}
