package main

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

// controlMux is the loopback HTTP endpoint a row script steers the SMSC
// with. Every answer is JSON.
//
//	GET /wait?ev=NAME&after=I&timeout=S&FIELD=VALUE&contains.FIELD=TEXT
//	    the first event after index I matching all conditions, waiting up to
//	    S seconds (default 10); 408 when none came
//	GET /events?...same filters...      every matching event so far (array)
//	GET /last                           {"i": index of the newest event}
//	GET /sessions                       the bound sessions
//	GET /mo?system_id=S|client=N&from=&to=&text=&enc=gsm|ucs2|latin1|hex
//	        [&ton=&npi=&dton=&dnpi=&ext=ExtendedParameters]
//	    SmppSendDeliverMessage to a receiving session (RX or TRX) of S
//	GET /close?system_id=S|client=N     TcpCloseConnection of those sessions
//	GET /keepalive?seconds=N            SetKeepAliveInterval
func (t *testSMSC) controlMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/wait", t.handleWait)
	mux.HandleFunc("/events", func(w http.ResponseWriter, r *http.Request) {
		f := parseFilter(r)
		evs, _ := t.log.find(f, 0)
		if evs == nil {
			evs = []ev{}
		}
		writeJSON(w, 200, evs)
	})
	mux.HandleFunc("/last", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, ev{"i": t.log.last()})
	})
	mux.HandleFunc("/sessions", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, t.sessionList())
	})
	mux.HandleFunc("/mo", t.handleMO)
	mux.HandleFunc("/close", func(w http.ResponseWriter, r *http.Request) {
		var closed []int32
		for _, s := range t.pick(r) {
			if t.srv.TcpCloseConnection(s.ClientID) == core.OK {
				closed = append(closed, s.ClientID)
			}
		}
		t.log.add("close", ev{"clients": closed})
		writeJSON(w, 200, ev{"closed": closed})
	})
	mux.HandleFunc("/keepalive", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("seconds"))
		code := t.srv.SetKeepAliveInterval(n)
		t.log.add("keepalive", ev{"seconds": n, "code": code})
		writeJSON(w, 200, ev{"code": code})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func parseFilter(r *http.Request) *filter {
	q := r.URL.Query()
	f := &filter{name: q.Get("ev"), equal: map[string]string{}, contains: map[string]string{}}
	f.after, _ = strconv.Atoi(q.Get("after"))
	for k, vs := range q {
		switch {
		case k == "ev" || k == "after" || k == "timeout":
		case strings.HasPrefix(k, "contains."):
			f.contains[k[len("contains."):]] = vs[0]
		default:
			f.equal[k] = vs[0]
		}
	}
	return f
}

func (t *testSMSC) handleWait(w http.ResponseWriter, r *http.Request) {
	f := parseFilter(r)
	timeout := 10 * time.Second
	if s := r.URL.Query().Get("timeout"); s != "" {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			timeout = time.Duration(v * float64(time.Second))
		}
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		evs, changed := t.log.find(f, 1)
		if len(evs) > 0 {
			writeJSON(w, 200, evs[0])
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			writeJSON(w, 408, ev{"error": "timeout", "query": r.URL.RawQuery})
			return
		case <-r.Context().Done():
			return
		}
	}
}

func (t *testSMSC) sessionList() []session {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]session, 0, len(t.sessions))
	for _, s := range t.sessions {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ClientID < out[j].ClientID })
	return out
}

// pick selects bound sessions by client=N or system_id=S (all when neither).
func (t *testSMSC) pick(r *http.Request) []session {
	q := r.URL.Query()
	var out []session
	for _, s := range t.sessionList() {
		if c := q.Get("client"); c != "" && c != strconv.Itoa(int(s.ClientID)) {
			continue
		}
		if id := q.Get("system_id"); id != "" && id != s.SystemID {
			continue
		}
		if m := q.Get("mode"); m != "" && m != s.Mode {
			continue
		}
		out = append(out, s)
	}
	return out
}

func (t *testSMSC) handleMO(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var target *session
	for _, s := range t.pick(r) {
		if s.Mode != "tx" {
			s := s
			target = &s
			break
		}
	}
	if target == nil {
		writeJSON(w, 409, ev{"error": "no receiving session", "sessions": t.sessionList()})
		return
	}
	enc := sms.Et7BitText
	switch q.Get("enc") {
	case "", "gsm":
	case "ucs2":
		enc = sms.EtUCS2Text
	case "latin1":
		enc = sms.EtISO88591
	case "hex":
		enc = sms.Et8BitHexadecimal
	default:
		writeJSON(w, 400, ev{"error": "enc must be gsm, ucs2, latin1 or hex"})
		return
	}
	num := func(k string, def uint8) uint8 {
		if v, err := strconv.Atoi(q.Get(k)); err == nil {
			return uint8(v)
		}
		return def
	}
	seqs, code := t.srv.SmppSendDeliverMessage(target.ClientID, 0, q.Get("to"), num("dton", 0), num("dnpi", 1),
		q.Get("from"), num("ton", 1), num("npi", 1), q.Get("text"), enc, "", 0, "", q.Get("ext"))
	if seqs == nil {
		seqs = []uint32{}
	}
	x := ev{"client": target.ClientID, "system_id": target.SystemID, "from": q.Get("from"), "to": q.Get("to"),
		"text": q.Get("text"), "enc": enc.String(), "seqs": seqs, "code": code, "error": core.ErrorText(code)}
	t.log.add("mo", x)
	status := 200
	if code != core.OK {
		status = 500
	}
	writeJSON(w, status, x)
}
