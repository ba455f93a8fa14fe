package engine

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
)

// refusal is why a login is refused; each protocol maps it to its own code
// (see the adapters and docs/smscd.md, "Accounts").
type refusal int

const (
	refuseNone     refusal = iota
	refuseSystemID         // no such account
	refusePassword         // wrong password
	refuseMode             // bind mode or protocol not allowed for the account
	refuseTooMany          // the account has max_binds sessions already
)

// account is a configured account with its live counters.
type account struct {
	config.Account
	mu     sync.Mutex
	binds  int
	tokens float64 // throughput bucket: refilled at Throughput a second, at most Throughput
	last   time.Time
}

// accounts is the account table and the routing table built from the
// accounts' owned addresses.
type accounts struct {
	open   bool
	byID   map[string]*account
	exact  map[string]string // number -> account
	prefix map[string]string // prefix (without '*') -> account
	maxPfx int
}

func newAccounts(c *config.Config) *accounts {
	a := &accounts{open: c.Open(), byID: map[string]*account{}, exact: map[string]string{}, prefix: map[string]string{}}
	for _, ac := range c.Accounts {
		a.byID[ac.SystemID] = &account{Account: ac}
		for _, addr := range ac.Addresses {
			if p, ok := strings.CutSuffix(addr, "*"); ok {
				a.prefix[normalize(p)] = ac.SystemID
				a.maxPfx = max(a.maxPfx, len(normalize(p)))
			} else {
				a.exact[normalize(addr)] = ac.SystemID
			}
		}
	}
	return a
}

// normalize drops a leading '+' so "+4477..." and "4477..." route alike.
func normalize(addr string) string { return strings.TrimPrefix(addr, "+") }

// owner is the account that owns addr: an exact number first, then the
// longest matching prefix; "" when nobody does.
func (a *accounts) owner(addr string) string {
	addr = normalize(addr)
	if id, ok := a.exact[addr]; ok {
		return id
	}
	for n := min(len(addr), a.maxPfx); n >= 0; n-- {
		if id, ok := a.prefix[addr[:n]]; ok {
			return id
		}
	}
	return ""
}

// login checks a login and, when accepted, counts the bind; the caller
// calls unbind when the session ends. mode is "transmitter", "receiver" or
// "transceiver" (UCP and CIMD2 sessions are transceivers).
func (a *accounts) login(systemID, password, protocol, mode string) refusal {
	ac, ok := a.byID[systemID]
	if !ok {
		if a.open {
			return refuseNone
		}
		return refuseSystemID
	}
	if ac.Password != "" && ac.Password != password {
		return refusePassword
	}
	if (len(ac.Protocols) > 0 && !slices.Contains(ac.Protocols, protocol)) ||
		(len(ac.BindModes) > 0 && !slices.Contains(ac.BindModes, mode)) {
		return refuseMode
	}
	ac.mu.Lock()
	defer ac.mu.Unlock()
	if ac.MaxBinds > 0 && ac.binds >= ac.MaxBinds {
		return refuseTooMany
	}
	ac.binds++
	return refuseNone
}

func (a *accounts) unbind(systemID string) {
	if ac, ok := a.byID[systemID]; ok {
		ac.mu.Lock()
		ac.binds--
		ac.mu.Unlock()
	}
}

// allow takes one submit from the account's throughput budget: a token
// bucket refilled at Throughput a second holding at most one second's worth.
func (a *accounts) allow(systemID string, now time.Time) bool {
	ac, ok := a.byID[systemID]
	if !ok || ac.Throughput <= 0 {
		return true
	}
	ac.mu.Lock()
	defer ac.mu.Unlock()
	rate := float64(ac.Throughput)
	if ac.last.IsZero() {
		ac.tokens = rate
	} else {
		ac.tokens = min(rate, ac.tokens+now.Sub(ac.last).Seconds()*rate)
	}
	ac.last = now
	if ac.tokens < 1 {
		return false
	}
	ac.tokens--
	return true
}
