package engine

import (
	"fmt"
	"strconv"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// addSession registers a new connection.
func (e *Engine) addSession(proto string, client int32, host string, port int32, tls bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	id := proto + "-" + strconv.Itoa(int(client))
	e.sessions[id] = &session{Session: model.Session{ID: id, Protocol: proto, Remote: fmt.Sprintf("%s:%d", host, port),
		TLS: tls, ConnectedAt: time.Now().UTC()}, client: client}
}

// dropSession forgets a connection and gives back its bind.
func (e *Engine) dropSession(proto string, client int32) {
	e.mu.Lock()
	s, ok := e.sessions[proto+"-"+strconv.Itoa(int(client))]
	delete(e.sessions, proto+"-"+strconv.Itoa(int(client)))
	if ok && s.receives {
		list := e.receivers[s.Account]
		for i, x := range list {
			if x == s {
				list = append(list[:i:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(e.receivers, s.Account)
			if e.cl != nil {
				e.cl.Unbound(s.Account)
			}
		} else {
			e.receivers[s.Account] = list
		}
	}
	e.mu.Unlock()
	if ok && s.loggedIn {
		e.acc.unbind(s.Account)
	}
}

func (e *Engine) sessionOf(proto string, client int32) *session {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sessions[proto+"-"+strconv.Itoa(int(client))]
}

// login runs the account checks for a session and records the result.
func (e *Engine) login(proto string, client int32, systemID, password, mode string) refusal {
	r := e.acc.login(systemID, password, proto, mode)
	if r != refuseNone {
		e.log.Info("login refused", "session", proto+"-"+strconv.Itoa(int(client)), "account", systemID, "reason", refusalText[r])
		return r
	}
	e.mu.Lock()
	s := e.sessions[proto+"-"+strconv.Itoa(int(client))]
	if s == nil { // gone meanwhile
		e.mu.Unlock()
		e.acc.unbind(systemID)
		return refuseNone
	}
	s.loggedIn, s.Account, s.BindMode, s.receives = true, systemID, mode, mode != "transmitter"
	if s.receives {
		e.receivers[systemID] = append(e.receivers[systemID], s)
		if e.cl != nil && len(e.receivers[systemID]) == 1 {
			e.cl.Bound(systemID)
		}
	}
	e.mu.Unlock()
	e.log.Info("login", "session", proto+"-"+strconv.Itoa(int(client)), "account", systemID, "bind_mode", mode)
	if mode != "transmitter" {
		go e.wake(systemID)
	}
	return refuseNone
}

var refusalText = map[refusal]string{refuseSystemID: "unknown system_id", refusePassword: "wrong password",
	refuseMode: "bind mode or protocol not allowed", refuseTooMany: "too many binds"}

// receiver picks a session of account that may receive, round robin;
// proto "" = any protocol.
func (e *Engine) receiver(account, proto string) *session {
	e.mu.Lock()
	defer e.mu.Unlock()
	var found []*session
	for _, s := range e.receivers[account] {
		if proto == "" || s.Protocol == proto {
			found = append(found, s)
		}
	}
	if len(found) == 0 {
		return nil
	}
	e.rr++
	return found[int(e.rr)%len(found)]
}
