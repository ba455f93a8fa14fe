// Package memback is an in-memory model.Backend for developing and testing
// the HTTP API and the status page without the engine: accounts own number
// prefixes, an injected message is stored and, when its account has a
// session, marked delivered at once. It keeps everything in memory and
// speaks no SMS protocol; smscd itself uses the engine's Backend.
package memback

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// Backend is safe for concurrent use.
type Backend struct {
	mu       sync.Mutex
	accounts map[string][]string // name -> owned prefixes
	sessions []model.Session
	msgs     []model.Message // in submission order
	seq      int
	Now      func() time.Time // the clock; time.Now unless a test sets it
}

func New() *Backend {
	return &Backend{accounts: map[string][]string{}, Now: time.Now}
}

// AddAccount makes name an account owning the given number prefixes.
func (b *Backend) AddAccount(name string, prefixes ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.accounts[name] = append([]string(nil), prefixes...)
}

// AddSession adds a connected session as the engine would after a bind.
func (b *Backend) AddSession(s model.Session) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sessions = append(b.sessions, s)
}

// AddMessage stores m as given, as if it had been submitted; an empty ID is
// filled in. It returns the ID.
func (b *Backend) AddMessage(m model.Message) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if m.ID == "" {
		m.ID = b.nextID()
	}
	b.msgs = append(b.msgs, clone(m))
	return m.ID
}

func (b *Backend) nextID() string {
	b.seq++
	return fmt.Sprintf("%08x", b.seq)
}

func clone(m model.Message) model.Message {
	m.History = slices.Clone(m.History)
	return m
}

// owner is the account owning to by its longest prefix; "" if none does.
func (b *Backend) owner(to string) string {
	best, bestLen := "", -1
	for name, ps := range b.accounts {
		for _, p := range ps {
			if strings.HasPrefix(strings.TrimPrefix(to, "+"), p) && len(p) > bestLen {
				best, bestLen = name, len(p)
			}
		}
	}
	return best
}

func (b *Backend) bound(account string) bool {
	for _, s := range b.sessions {
		if s.Account == account {
			return true
		}
	}
	return false
}

func (b *Backend) Inject(ctx context.Context, r model.InjectRequest) (model.Message, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	target := r.Account
	if target == "" {
		if target = b.owner(r.To); target == "" {
			return model.Message{}, fmt.Errorf("no account owns %q: %w", r.To, model.ErrNotFound)
		}
	} else if _, ok := b.accounts[target]; !ok {
		return model.Message{}, fmt.Errorf("no account named %q: %w", target, model.ErrNotFound)
	}
	now := b.Now().UTC()
	m := model.Message{
		ID: b.nextID(), Direction: "mo", Protocol: "http", TargetAccount: target,
		From: r.From, To: r.To, Text: r.Text, SubmittedAt: now, ValidUntil: now.Add(48 * time.Hour),
		State:   model.StateAccepted,
		History: []model.StateChange{{At: now, State: model.StateAccepted, Detail: "injected over HTTP"}},
	}
	if b.bound(target) {
		m.Attempts = 1
		m.State = model.StateDelivered
		m.History = append(m.History, model.StateChange{At: now, State: model.StateDelivered, Detail: "delivered to a bound session"})
	}
	b.msgs = append(b.msgs, m)
	return clone(m), nil
}

func (b *Backend) Messages(ctx context.Context, f model.Filter) ([]model.Message, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	end := len(b.msgs)
	if f.Before != "" {
		end = slices.IndexFunc(b.msgs, func(m model.Message) bool { return m.ID == f.Before })
		if end < 0 {
			return nil, fmt.Errorf("before: no message %q: %w", f.Before, model.ErrNotFound)
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	var out []model.Message
	for i := end - 1; i >= 0 && len(out) < limit; i-- {
		m := b.msgs[i]
		if f.Account != "" && m.Account != f.Account && m.TargetAccount != f.Account {
			continue
		}
		if f.State != "" && m.State != f.State {
			continue
		}
		out = append(out, clone(m))
	}
	return out, nil
}

func (b *Backend) Message(ctx context.Context, id string) (model.Message, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.msgs {
		if m.ID == id {
			return clone(m), nil
		}
	}
	return model.Message{}, fmt.Errorf("no message %q: %w", id, model.ErrNotFound)
}

func (b *Backend) Sessions(ctx context.Context) []model.Session {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.sessions)
}

func (b *Backend) Disconnect(ctx context.Context, id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	i := slices.IndexFunc(b.sessions, func(s model.Session) bool { return s.ID == id })
	if i < 0 {
		return fmt.Errorf("no session %q: %w", id, model.ErrNotFound)
	}
	b.sessions = slices.Delete(b.sessions, i, i+1)
	return nil
}

// Rates counts the last ten seconds' messages; "deliveries" are those
// delivered in that time.
func (b *Backend) Rates() model.Rates {
	b.mu.Lock()
	defer b.mu.Unlock()
	since := b.Now().Add(-10 * time.Second)
	var r model.Rates
	for _, m := range b.msgs {
		if !m.State.Final() {
			r.Pending++
		}
		if m.SubmittedAt.After(since) {
			r.SubmitsPerSecond += 0.1
		}
		if n := len(m.History); n > 0 && m.State == model.StateDelivered && m.History[n-1].At.After(since) {
			r.DeliveriesPerSecond += 0.1
		}
	}
	r.Sessions = len(b.sessions)
	return r
}
