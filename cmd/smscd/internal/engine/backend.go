package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
	"github.com/smscserver/libsmscserver/codec/sms"
)

var _ model.Backend = (*Engine)(nil)

// Inject stores a mobile-originated message for an account (r.Account, or
// whoever owns r.To) and returns it once stored; the scheduler delivers it
// like any other message to an owned address.
func (e *Engine) Inject(ctx context.Context, req model.InjectRequest) (model.Message, error) {
	if req.To == "" || req.Text == "" {
		return model.Message{}, fmt.Errorf("%w: to and text are required", model.ErrBadRequest)
	}
	target := req.Account
	if target == "" {
		target = e.acc.owner(req.To)
	}
	if target == "" {
		return model.Message{}, fmt.Errorf("no account owns %q (name one): %w", req.To, model.ErrNotFound)
	}
	// With open access any system_id may bind, so any name is an account
	// the message can wait for.
	if _, ok := e.acc.byID[target]; !ok && !e.acc.open {
		return model.Message{}, fmt.Errorf("no account named %q: %w", target, model.ErrNotFound)
	}
	now := time.Now()
	r := &store.Record{Message: model.Message{ID: e.messageID(), Direction: "mo", Protocol: "http", TargetAccount: target,
		From: req.From, To: req.To, Text: req.Text, SubmittedAt: now.UTC(), ValidUntil: now.Add(e.cfg.Retry.Validity.Duration).UTC()},
		Encoding: int(sms.Et7BitText)}
	if isGSM(req.Text) {
		r.Encoding = int(sms.Et7BitText)
	} else {
		r.Encoding = int(sms.EtUCS2Text)
	}
	r.SetState(model.StateAccepted, now.UTC(), "injected")
	r.Due = now
	done := make(chan error, 1)
	if e.cl != nil {
		r.Due = time.Time{}
		e.cl.Submit(r, func(err error) { done <- err })
	} else {
		e.st.Insert(r, func(_ *store.Record, err error) { done <- err })
	}
	select {
	case err := <-done:
		if err != nil {
			return model.Message{}, err
		}
	case <-ctx.Done():
		return model.Message{}, ctx.Err()
	}
	e.log.Info("inject", "id", r.ID, "target", target, "from", r.From, "to", r.To)
	e.kickScheduler()
	return r.Message, nil
}

// isGSM is a rough test for text the GSM default alphabet carries: plain
// printable ASCII.
func isGSM(s string) bool {
	for _, c := range s {
		if c > 0x7E || (c < 0x20 && c != '\n' && c != '\r') {
			return false
		}
	}
	return true
}

// Messages lists stored messages, newest first.
func (e *Engine) Messages(ctx context.Context, f model.Filter) ([]model.Message, error) {
	return e.st.List(f)
}

// Message returns one stored message with its history.
func (e *Engine) Message(ctx context.Context, id string) (model.Message, error) {
	r, err := e.get(id)
	if err != nil {
		return model.Message{}, err
	}
	return r.Message, nil
}

// Sessions lists the connections, oldest first.
func (e *Engine) Sessions(ctx context.Context) []model.Session {
	e.mu.Lock()
	out := make([]model.Session, 0, len(e.sessions))
	for _, s := range e.sessions {
		out = append(out, s.Session)
	}
	e.mu.Unlock()
	slices.SortFunc(out, func(a, b model.Session) int {
		if c := a.ConnectedAt.Compare(b.ConnectedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Disconnect closes a session ("smpp-12").
func (e *Engine) Disconnect(ctx context.Context, id string) error {
	e.mu.Lock()
	s, ok := e.sessions[id]
	e.mu.Unlock()
	if !ok {
		return model.ErrNotFound
	}
	e.log.Info("disconnect", "session", id, "account", s.Account)
	switch s.Protocol {
	case pSMPP:
		e.smpp.TcpCloseConnection(s.client)
	case pUCP:
		e.ucp.TcpCloseConnection(s.client)
	case pCIMD2:
		e.cimd2.TcpCloseConnection(s.client)
	}
	return nil
}

// Rates are the submit and delivery rates over the last second or so,
// the sessions and the messages with work still scheduled.
func (e *Engine) Rates() model.Rates {
	sps, dps := e.rates.rates()
	e.mu.Lock()
	n := len(e.sessions)
	e.mu.Unlock()
	return model.Rates{SubmitsPerSecond: sps, DeliveriesPerSecond: dps, Sessions: n, Pending: e.st.Pending()}
}
