package httpapi

import (
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
)

// The API's own JSON types. They copy model's fields one to one, so the
// engine's structs can change without changing the published contract, and
// they fix what model's tags cannot: encoding/json's omitempty never omits
// a zero time.Time, so next_attempt would read "0001-01-01T00:00:00Z" for
// a message with nothing scheduled; here it is left out instead. Every
// list is [] rather than null.

type stateChangeJSON struct {
	At     time.Time `json:"at"`
	State  string    `json:"state"`
	Detail string    `json:"detail,omitempty"`
}

type messageJSON struct {
	ID            string            `json:"id"`
	Direction     string            `json:"direction"`
	Account       string            `json:"account,omitempty"`
	Protocol      string            `json:"protocol"`
	TargetAccount string            `json:"target_account,omitempty"`
	From          string            `json:"from"`
	To            string            `json:"to"`
	Text          string            `json:"text"`
	Receipt       bool              `json:"receipt"`
	SubmittedAt   time.Time         `json:"submitted_at"`
	ValidUntil    *time.Time        `json:"valid_until,omitempty"`
	Attempts      int               `json:"attempts"`
	NextAttempt   *time.Time        `json:"next_attempt,omitempty"`
	State         string            `json:"state"`
	Final         bool              `json:"final"`
	History       []stateChangeJSON `json:"history"`
}

type messageListJSON struct {
	Messages   []messageJSON `json:"messages"`
	NextBefore string        `json:"next_before,omitempty"` // pass as ?before= for the next page
}

type sessionJSON struct {
	ID          string    `json:"id"`
	Protocol    string    `json:"protocol"`
	Account     string    `json:"account,omitempty"`
	BindMode    string    `json:"bind_mode,omitempty"`
	Remote      string    `json:"remote"`
	TLS         bool      `json:"tls"`
	ConnectedAt time.Time `json:"connected_at"`
}

type sessionListJSON struct {
	Sessions []sessionJSON `json:"sessions"`
}

type ratesJSON struct {
	SubmitsPerSecond    float64 `json:"submits_per_second"`
	DeliveriesPerSecond float64 `json:"deliveries_per_second"`
	Sessions            int     `json:"sessions"`
	Pending             int     `json:"pending"`
}

// injectJSON is the body of POST /api/v1/mo.
type injectJSON struct {
	Account string `json:"account"`
	From    string `json:"from"`
	To      string `json:"to"`
	Text    string `json:"text"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toMessageJSON(m model.Message) messageJSON {
	h := make([]stateChangeJSON, len(m.History))
	for i, c := range m.History {
		h[i] = stateChangeJSON{At: c.At, State: string(c.State), Detail: c.Detail}
	}
	return messageJSON{
		ID: m.ID, Direction: m.Direction, Account: m.Account, Protocol: m.Protocol,
		TargetAccount: m.TargetAccount, From: m.From, To: m.To, Text: m.Text,
		Receipt: m.Receipt, SubmittedAt: m.SubmittedAt, ValidUntil: optTime(m.ValidUntil),
		Attempts: m.Attempts, NextAttempt: optTime(m.NextAttempt),
		State: string(m.State), Final: m.State.Final(), History: h,
	}
}

func toSessionJSON(s model.Session) sessionJSON {
	return sessionJSON{ID: s.ID, Protocol: s.Protocol, Account: s.Account, BindMode: s.BindMode,
		Remote: s.Remote, TLS: s.TLS, ConnectedAt: s.ConnectedAt}
}
