package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/httpapi/internal/memback"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// harness is the API over memback on a loopback port. Every response
// passes through the document check of spec_test.go.
type harness struct {
	t    *testing.T
	url  string
	spec *spec
	b    *memback.Backend
	log  *bytes.Buffer
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newHarness(t *testing.T, b model.Backend, opts Options) *harness {
	t.Helper()
	h := &harness{t: t, spec: loadSpec(t), log: &bytes.Buffer{}}
	if mb, ok := b.(*memback.Backend); ok {
		h.b = mb
	}
	opts.Logger = slog.New(slog.NewTextHandler(h.log, nil))
	srv := httptest.NewServer(New(b, opts))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	return h
}

// seeded is memback with two accounts, one bound, and two stored messages.
func seeded() *memback.Backend {
	b := memback.New()
	b.Now = func() time.Time { return t0 }
	b.AddAccount("alice", "4670")
	b.AddAccount("bob", "4917")
	b.AddSession(model.Session{ID: "ucp-7", Protocol: "ucp", Account: "bob", BindMode: "transceiver",
		Remote: "127.0.0.1:5000", ConnectedAt: t0.Add(-time.Minute)})
	b.AddSession(model.Session{ID: "smpp-3", Protocol: "smpp", Account: "alice", BindMode: "receiver",
		Remote: "127.0.0.1:5001", TLS: true, ConnectedAt: t0.Add(-2 * time.Minute)})
	b.AddMessage(model.Message{ID: "m1", Direction: "mt", Account: "alice", Protocol: "smpp", TargetAccount: "bob",
		From: "4670", To: "4917", Text: "one", Receipt: true, SubmittedAt: t0.Add(-time.Hour), Attempts: 1,
		ValidUntil: t0.Add(time.Hour), State: model.StateDelivered, History: []model.StateChange{
			{At: t0.Add(-time.Hour), State: model.StateAccepted},
			{At: t0.Add(-time.Hour + time.Second), State: model.StateDelivered, Detail: "to ucp-7"}}})
	b.AddMessage(model.Message{ID: "m2", Direction: "mt", Account: "bob", Protocol: "ucp",
		From: "4917", To: "999", Text: "two", SubmittedAt: t0.Add(-time.Minute), Attempts: 2,
		NextAttempt: t0.Add(time.Minute), State: model.StateEnroute, History: []model.StateChange{
			{At: t0.Add(-time.Minute), State: model.StateAccepted},
			{At: t0.Add(-time.Minute + time.Second), State: model.StateEnroute, Detail: "no route"}}})
	return b
}

type response struct {
	status int
	hdr    http.Header
	raw    []byte
	body   any // decoded JSON, nil when there is no body
}

func (r response) field(name string) any {
	m, _ := r.body.(map[string]any)
	return m[name]
}

func (h *harness) do(method, path, contentType string, body io.Reader) response {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	r := response{status: res.StatusCode, hdr: res.Header}
	r.raw, _ = io.ReadAll(res.Body)
	if len(r.raw) > 0 && res.Header.Get("Content-Type") == "application/json" {
		if err := json.Unmarshal(r.raw, &r.body); err != nil {
			h.t.Fatalf("%s %s: the body is not JSON: %v: %q", method, path, err, r.raw)
		}
	}
	if err := h.spec.checkResponse(method, strings.SplitN(path, "?", 2)[0], r.status, r.hdr, r.body); err != nil {
		h.t.Errorf("against openapi.yaml: %v (body %s)", err, r.raw)
	}
	return r
}

func (h *harness) get(path string) response { return h.do("GET", path, "", nil) }

func (h *harness) post(path, body string) response {
	return h.do("POST", path, "application/json", strings.NewReader(body))
}

// wantError checks an error answer: the status and a message naming what
// was wrong.
func wantError(t *testing.T, r response, status int, contains string) {
	t.Helper()
	msg, _ := r.field("error").(string)
	if r.status != status || !strings.Contains(msg, contains) {
		t.Errorf("got %d %s, want %d with an error containing %q", r.status, r.raw, status, contains)
	}
}

func TestInjectStoresAndAnswersTheMessage(t *testing.T) {
	h := newHarness(t, seeded(), Options{})
	r := h.post("/api/v1/mo", `{"account":"bob","from":"4670123","to":"4917555","text":"hello ✓"}`)
	if r.status != http.StatusCreated {
		t.Fatalf("status %d %s", r.status, r.raw)
	}
	id, _ := r.field("id").(string)
	if loc := r.hdr.Get("Location"); id == "" || loc != "/api/v1/messages/"+id {
		t.Errorf("id %q, Location %q", id, loc)
	}
	if r.field("direction") != "mo" || r.field("target_account") != "bob" || r.field("text") != "hello ✓" ||
		r.field("state") != "delivered" || r.field("final") != true || r.field("account") != nil {
		t.Errorf("body %s", r.raw)
	}
	// Stored: the same message comes back by its ID, history included.
	g := h.get("/api/v1/messages/" + id)
	if g.status != 200 || len(g.field("history").([]any)) != 2 {
		t.Errorf("GET %s: %d %s", id, g.status, g.raw)
	}
	// With no account, the owner of the number gets it.
	r = h.post("/api/v1/mo", `{"to":"+4670999","text":"x"}`)
	if r.status != 201 || r.field("target_account") != "alice" {
		t.Errorf("by owner: %d %s", r.status, r.raw)
	}
}

func TestInjectRejectsBadInput(t *testing.T) {
	h := newHarness(t, seeded(), Options{})
	for _, c := range []struct{ name, body, want string }{
		{"not JSON", `{"to":`, "not valid JSON"},
		{"garbage", `hello`, "not valid JSON"},
		{"empty body", ``, "empty"},
		{"array", `[1]`, "JSON object"},
		{"null body", `null`, "not null"},
		{"null field", `{"to":"4670","text":"x","from":null}`, `"from" must not be null`},
		{"string", `"to"`, "JSON object"},
		{"trailing garbage", `{"to":"4670","text":"x"}x`, "more than one"},
		{"unknown field", `{"to":"1","text":"x","txt":"y"}`, `unknown field "txt"`},
		{"two values", `{"to":"1","text":"x"} {"to":"2"}`, "more than one"},
		{"wrong type", `{"to":4670,"text":"x"}`, `"to" must be a string`},
		{"no to", `{"text":"x"}`, "to is required"},
		{"empty to", `{"to":"","text":"x"}`, "to is required"},
		{"letters in to", `{"to":"46a","text":"x"}`, "digits"},
		{"long to", `{"to":"123456789012345678901","text":"x"}`, "digits"},
		{"no text", `{"to":"4670"}`, "text is required"},
		{"empty text", `{"to":"4670","text":""}`, "text is required"},
		{"long text", `{"to":"4670","text":"` + strings.Repeat("é", maxText+1) + `"}`, "longer than 1600"},
		{"bad from", `{"from":"a b","to":"4670","text":"x"}`, "from must be"},
		{"bad account", `{"account":"a b","to":"4670","text":"x"}`, "account must be"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, h.post("/api/v1/mo", c.body), 400, c.want)
		})
	}
	t.Run("text at the limit", func(t *testing.T) {
		r := h.post("/api/v1/mo", `{"to":"4670","text":"`+strings.Repeat("é", maxText)+`"}`)
		if r.status != 201 {
			t.Errorf("%d %s", r.status, r.raw)
		}
	})
	t.Run("unknown account", func(t *testing.T) {
		wantError(t, h.post("/api/v1/mo", `{"account":"zed","to":"4670","text":"x"}`), 404, `no account named "zed"`)
	})
	t.Run("nobody owns to", func(t *testing.T) {
		wantError(t, h.post("/api/v1/mo", `{"to":"1234","text":"x"}`), 404, "no account owns")
	})
	t.Run("form content type", func(t *testing.T) {
		r := h.do("POST", "/api/v1/mo", "application/x-www-form-urlencoded", strings.NewReader(`{"to":"4670","text":"x"}`))
		wantError(t, r, 415, "application/json")
	})
	t.Run("no content type", func(t *testing.T) {
		r := h.do("POST", "/api/v1/mo", "", strings.NewReader(`{"to":"4670","text":"x"}`))
		wantError(t, r, 415, "application/json")
	})
	t.Run("json with charset", func(t *testing.T) {
		r := h.do("POST", "/api/v1/mo", "application/json; charset=utf-8", strings.NewReader(`{"to":"4670","text":"x"}`))
		if r.status != 201 {
			t.Errorf("%d %s", r.status, r.raw)
		}
	})
	t.Run("too large", func(t *testing.T) {
		body := `{"to":"4670","text":"` + strings.Repeat("x", maxBody) + `"}`
		wantError(t, h.post("/api/v1/mo", body), 413, "larger than 65536")
	})
	t.Run("too large after the object", func(t *testing.T) {
		body := `{"to":"4670","text":"x"}` + strings.Repeat(" ", maxBody)
		r := h.post("/api/v1/mo", body)
		if r.status != 400 && r.status != 413 {
			t.Errorf("%d %s", r.status, r.raw)
		}
	})
	if n, _ := h.b.Messages(context.Background(), model.Filter{Limit: 1000}); len(n) != 4 {
		t.Errorf("%d messages stored, want the 2 seeded and the 2 accepted", len(n))
	}
}

func TestListMessages(t *testing.T) {
	b := seeded()
	h := newHarness(t, b, Options{})
	ids := func(r response) string {
		var out []string
		for _, m := range r.field("messages").([]any) {
			out = append(out, m.(map[string]any)["id"].(string))
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct{ query, want, next string }{
		{"", "m2,m1", ""},
		{"?limit=1", "m2", "m2"},
		{"?limit=1&before=m2", "m1", "m1"},
		{"?before=m1", "", ""},
		{"?account=bob", "m2,m1", ""}, // bob submitted m2 and receives m1
		{"?account=alice", "m1", ""},
		{"?account=nobody", "", ""},
		{"?state=enroute", "m2", ""},
		{"?state=delivered&account=alice", "m1", ""},
		{"?limit=1000&unknown=ignored", "m2,m1", ""},
	} {
		r := h.get("/api/v1/messages" + c.query)
		if r.status != 200 || ids(r) != c.want || r.field("next_before") != map[bool]any{true: c.next, false: nil}[c.next != ""] {
			t.Errorf("%s: %d %s; want ids %q next %q", c.query, r.status, r.raw, c.want, c.next)
		}
	}
	// The JSON of a message: next_attempt only when one is due, valid_until
	// only when set, and the wire form of the history.
	r := h.get("/api/v1/messages?state=enroute")
	m := r.field("messages").([]any)[0].(map[string]any)
	if m["next_attempt"] != t0.Add(time.Minute).Format(time.RFC3339) || m["valid_until"] != nil || m["final"] != false {
		t.Errorf("enroute message %v", m)
	}
	r = h.get("/api/v1/messages/m1")
	if r.field("next_attempt") != nil || r.field("valid_until") != t0.Add(time.Hour).Format(time.RFC3339) {
		t.Errorf("m1 %s", r.raw)
	}
	hist := r.field("history").([]any)
	if len(hist) != 2 || hist[1].(map[string]any)["detail"] != "to ucp-7" || hist[0].(map[string]any)["detail"] != nil {
		t.Errorf("history %v", hist)
	}

	for _, c := range []struct{ query, want string }{
		{"?limit=0", "limit must be"},
		{"?limit=1001", "limit must be"},
		{"?limit=-1", "limit must be"},
		{"?limit=ten", "limit must be"},
		{"?limit=1.5", "limit must be"},
		{"?state=sent", `state "sent" is not one of`},
		{"?state=DELIVERED", "is not one of"},
		{"?limit=1&limit=2", "more than once"},
		{"?account=a&account=b", "more than once"},
		{"?state=", "state is empty"},
		{"?limit=", "limit is empty"},
		{"?account=", "account is empty"},
		{"?before=", "before is empty"},
	} {
		wantError(t, h.get("/api/v1/messages"+c.query), 400, c.want)
	}
	wantError(t, h.get("/api/v1/messages?before=nope"), 404, `no message "nope"`)
}

func TestGetMessageUnknown(t *testing.T) {
	h := newHarness(t, seeded(), Options{})
	wantError(t, h.get("/api/v1/messages/nope"), 404, `no message "nope"`)
	wantError(t, h.get("/api/v1/messages/"), 404, "no such path")
	wantError(t, h.get("/api/v1/messages/m1/history"), 404, "no such path")
	// An ID with characters that need escaping arrives unescaped.
	wantError(t, h.get("/api/v1/messages/a%20b"), 404, `no message "a b"`)
}

func TestSessionsListAndDisconnect(t *testing.T) {
	h := newHarness(t, seeded(), Options{})
	r := h.get("/api/v1/sessions")
	ss := r.field("sessions").([]any)
	if r.status != 200 || len(ss) != 2 || ss[0].(map[string]any)["id"] != "smpp-3" || ss[0].(map[string]any)["tls"] != true {
		t.Fatalf("sessions, oldest first: %d %s", r.status, r.raw)
	}
	d := h.do("DELETE", "/api/v1/sessions/smpp-3", "", nil)
	if d.status != 204 || len(d.raw) != 0 {
		t.Errorf("disconnect: %d %q", d.status, d.raw)
	}
	wantError(t, h.do("DELETE", "/api/v1/sessions/smpp-3", "", nil), 404, `no session "smpp-3"`)
	r = h.get("/api/v1/sessions")
	if ss := r.field("sessions").([]any); len(ss) != 1 || ss[0].(map[string]any)["id"] != "ucp-7" {
		t.Errorf("after disconnect: %s", r.raw)
	}
	h.do("DELETE", "/api/v1/sessions/ucp-7", "", nil)
	if r := h.get("/api/v1/sessions"); string(r.raw) != `{"sessions":[]}`+"\n" {
		t.Errorf("no sessions is an empty list, not null: %s", r.raw)
	}
}

func TestRates(t *testing.T) {
	h := newHarness(t, seeded(), Options{})
	h.post("/api/v1/mo", `{"to":"4917","text":"x"}`)
	r := h.get("/api/v1/rates")
	// memback counts the last ten seconds: the injected message, submitted
	// and delivered at t0; m2 is the one pending.
	if r.status != 200 || r.field("sessions") != 2.0 || r.field("pending") != 1.0 ||
		r.field("submits_per_second") != 0.1 || r.field("deliveries_per_second") != 0.1 {
		t.Errorf("%d %s", r.status, r.raw)
	}
}

func TestMethodsAndUnknownPaths(t *testing.T) {
	h := newHarness(t, seeded(), Options{})
	for _, c := range []struct{ method, path, allow string }{
		{"GET", "/api/v1/mo", "POST"},
		{"PUT", "/api/v1/messages", "GET, HEAD"},
		{"DELETE", "/api/v1/messages/m1", "GET, HEAD"},
		{"POST", "/api/v1/sessions", "GET, HEAD"},
		{"GET", "/api/v1/sessions/smpp-3", "DELETE"},
		{"PATCH", "/api/v1/rates", "GET, HEAD"},
		{"POST", "/openapi.yaml", "GET, HEAD"},
		{"POST", "/", "GET, HEAD"},
	} {
		r := h.do(c.method, c.path, "", nil)
		wantError(t, r, 405, "not allowed")
		if r.hdr.Get("Allow") != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, r.hdr.Get("Allow"), c.allow)
		}
	}
	for _, p := range []string{"/api", "/api/v1", "/api/v2/messages", "/index.html", "/metrics", "/api/v1/rates/"} {
		wantError(t, h.get(p), 404, "no such path")
	}
	if r := h.do("HEAD", "/api/v1/rates", "", nil); r.status != 200 || len(r.raw) != 0 {
		t.Errorf("HEAD: %d %q", r.status, r.raw)
	}
}

func TestSpecAndPageAreServed(t *testing.T) {
	h := newHarness(t, seeded(), Options{Title: `Lab <SMSC> & co`})
	r := h.get("/openapi.yaml")
	if r.status != 200 || r.hdr.Get("Content-Type") != "application/yaml" || !bytes.Equal(r.raw, openapiYAML) {
		t.Errorf("spec: %d %s", r.status, r.hdr.Get("Content-Type"))
	}
	p := h.get("/")
	page := string(p.raw)
	if p.status != 200 || !strings.HasPrefix(p.hdr.Get("Content-Type"), "text/html") ||
		!strings.Contains(page, "<title>Lab &lt;SMSC&gt; &amp; co</title>") || strings.Contains(page, "{{TITLE}}") ||
		!strings.Contains(page, `"api/v1/sessions"`) {
		t.Errorf("page: %d %s", p.status, p.hdr.Get("Content-Type"))
	}
	if d := newHarness(t, seeded(), Options{}).get("/"); !strings.Contains(string(d.raw), "<title>smscd</title>") {
		t.Errorf("default title missing")
	}
}

func TestMetricsMountedWhenGiven(t *testing.T) {
	m := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprintln(w, "smscd_up 1")
	})
	h := newHarness(t, seeded(), Options{Metrics: m})
	if r := h.get("/metrics"); r.status != 200 || string(r.raw) != "smscd_up 1\n" {
		t.Errorf("metrics: %d %q", r.status, r.raw)
	}
	wantError(t, h.do("POST", "/metrics", "", nil), 405, "not allowed")
}

// failing is a Backend whose every call fails with err.
type failing struct{ err error }

func (f failing) Inject(context.Context, model.InjectRequest) (model.Message, error) {
	return model.Message{}, f.err
}
func (f failing) Messages(context.Context, model.Filter) ([]model.Message, error) { return nil, f.err }
func (f failing) Message(context.Context, string) (model.Message, error) {
	return model.Message{}, f.err
}
func (f failing) Sessions(context.Context) []model.Session { return nil }
func (f failing) Disconnect(context.Context, string) error { return f.err }
func (f failing) Rates() model.Rates                       { return model.Rates{} }

func TestBackendErrors(t *testing.T) {
	t.Run("internal", func(t *testing.T) {
		h := newHarness(t, failing{errors.New("disk on fire")}, Options{})
		for _, r := range []response{
			h.post("/api/v1/mo", `{"to":"1","text":"x"}`),
			h.get("/api/v1/messages"),
			h.get("/api/v1/messages/x"),
			h.do("DELETE", "/api/v1/sessions/x", "", nil),
		} {
			// The client learns that it failed; the log learns why.
			wantError(t, r, 500, "internal error")
			if strings.Contains(string(r.raw), "disk") {
				t.Errorf("the detail leaked to the client: %s", r.raw)
			}
		}
		if n := strings.Count(h.log.String(), "disk on fire"); n != 4 {
			t.Errorf("%d log lines with the cause, want 4:\n%s", n, h.log)
		}
		if r := h.get("/api/v1/sessions"); string(r.raw) != `{"sessions":[]}`+"\n" {
			t.Errorf("nil sessions: %s", r.raw)
		}
	})
	t.Run("bad request", func(t *testing.T) {
		h := newHarness(t, failing{fmt.Errorf("validity in the past: %w", model.ErrBadRequest)}, Options{})
		wantError(t, h.post("/api/v1/mo", `{"to":"1","text":"x"}`), 400, "validity in the past")
	})
}

// overfull is a Backend that returns more messages than asked for.
type overfull struct{ failing }

func (overfull) Messages(_ context.Context, f model.Filter) ([]model.Message, error) {
	var out []model.Message
	for i := 0; i < f.Limit+5; i++ {
		out = append(out, model.Message{ID: fmt.Sprint(i), Direction: "mt", Protocol: "smpp", State: model.StateAccepted})
	}
	return out, nil
}

func TestLimitHoldsWhateverTheBackend(t *testing.T) {
	h := newHarness(t, overfull{}, Options{})
	r := h.get("/api/v1/messages?limit=3")
	if ms := r.field("messages").([]any); len(ms) != 3 || r.field("next_before") != "2" {
		t.Errorf("%s", r.raw)
	}
	// A nil history is [] on the wire.
	if !strings.Contains(string(r.raw), `"history":[]`) {
		t.Errorf("%s", r.raw)
	}
}
