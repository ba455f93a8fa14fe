package httpapi

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// Input rules; openapi.yaml states the same ones, and the tests hold the two
// together. The address limits are SMPP's, the widest of the three
// protocols: source_addr and destination_addr hold at most 20 characters
// (SMPP 3.4 §4.4.1, C-Octet Strings of 21). A number that the receiving
// account's own protocol cannot carry is the engine's to refuse.
var (
	reAccount = regexp.MustCompile(`^[!-~]{0,32}$`) // printable ASCII, no spaces
	reFrom    = regexp.MustCompile(`^[0-9A-Za-z+]{0,20}$`)
	reTo      = regexp.MustCompile(`^\+?[0-9]{1,20}$`)
)

const (
	maxText      = 1600 // characters: ten concatenated 160-character parts
	defaultLimit = 50
	maxLimit     = 1000
)

var states = map[model.State]bool{
	model.StateAccepted: true, model.StateEnroute: true, model.StateDelivered: true,
	model.StateUndeliverable: true, model.StateExpired: true, model.StateRejected: true,
	model.StateDeleted: true,
}

// fail writes err: a 4xx this package decided, the backend's ErrNotFound
// (404) or ErrBadRequest (400) with its text, or 500 for anything else,
// whose detail goes to the log and not to the client.
func (a *api) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	switch {
	case errors.As(err, &he):
		writeError(w, he.status, he.msg)
	case errors.Is(err, model.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, model.ErrBadRequest):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away; nobody reads an answer.
	default:
		a.log.Error("httpapi: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

func (a *api) inject(w http.ResponseWriter, r *http.Request) {
	var in injectJSON
	if err := decodeBody(w, r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := checkInject(in); err != nil {
		a.fail(w, r, err)
		return
	}
	m, err := a.b.Inject(r.Context(), model.InjectRequest{Account: in.Account, From: in.From, To: in.To, Text: in.Text})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/messages/"+m.ID)
	writeJSON(w, http.StatusCreated, toMessageJSON(m))
}

func checkInject(in injectJSON) error {
	switch {
	case !reAccount.MatchString(in.Account):
		return badRequest("account must be at most 32 printable ASCII characters without spaces")
	case !reFrom.MatchString(in.From):
		return badRequest("from must be at most 20 letters, digits or '+'")
	case in.To == "":
		return badRequest("to is required")
	case !reTo.MatchString(in.To):
		return badRequest("to must be 1 to 20 digits, optionally after a '+'")
	case in.Text == "":
		return badRequest("text is required")
	case !utf8.ValidString(in.Text):
		return badRequest("text must be valid UTF-8")
	case utf8.RuneCountInString(in.Text) > maxText:
		return badRequest("text is longer than %d characters", maxText)
	}
	return nil
}

func (a *api) listMessages(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ms, err := a.b.Messages(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if len(ms) > f.Limit { // a backend that ignores the limit still pages
		ms = ms[:f.Limit]
	}
	out := messageListJSON{Messages: make([]messageJSON, len(ms))}
	for i, m := range ms {
		out.Messages[i] = toMessageJSON(m)
	}
	if len(ms) == f.Limit && len(ms) > 0 {
		out.NextBefore = ms[len(ms)-1].ID
	}
	writeJSON(w, http.StatusOK, out)
}

func parseFilter(r *http.Request) (model.Filter, error) {
	q := r.URL.Query()
	f := model.Filter{Account: q.Get("account"), State: model.State(q.Get("state")),
		Before: q.Get("before"), Limit: defaultLimit}
	for _, name := range []string{"account", "state", "limit", "before"} {
		if len(q[name]) > 1 {
			return f, badRequest("query parameter %s is given more than once", name)
		}
		// Given but empty is a mistake (a form field left blank, a
		// variable unset); leave the parameter out to mean "any".
		if q.Has(name) && q.Get(name) == "" {
			return f, badRequest("query parameter %s is empty; leave it out instead", name)
		}
	}
	if f.State != "" && !states[f.State] {
		return f, badRequest("state %q is not one of accepted, enroute, delivered, undeliverable, expired, rejected, deleted", f.State)
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return f, badRequest("limit must be a whole number from 1 to %d", maxLimit)
		}
		f.Limit = n
	}
	return f, nil
}

func (a *api) getMessage(w http.ResponseWriter, r *http.Request) {
	m, err := a.b.Message(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toMessageJSON(m))
}

func (a *api) listSessions(w http.ResponseWriter, r *http.Request) {
	ss := a.b.Sessions(r.Context())
	// Oldest first, so the status page's table does not reorder as it polls.
	sort.SliceStable(ss, func(i, j int) bool {
		if !ss[i].ConnectedAt.Equal(ss[j].ConnectedAt) {
			return ss[i].ConnectedAt.Before(ss[j].ConnectedAt)
		}
		return ss[i].ID < ss[j].ID
	})
	out := sessionListJSON{Sessions: make([]sessionJSON, len(ss))}
	for i, s := range ss {
		out.Sessions[i] = toSessionJSON(s)
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *api) disconnect(w http.ResponseWriter, r *http.Request) {
	if err := a.b.Disconnect(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *api) rates(w http.ResponseWriter, r *http.Request) {
	rt := a.b.Rates()
	writeJSON(w, http.StatusOK, ratesJSON{SubmitsPerSecond: rt.SubmitsPerSecond,
		DeliveriesPerSecond: rt.DeliveriesPerSecond, Sessions: rt.Sessions, Pending: rt.Pending})
}
