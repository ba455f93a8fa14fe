// Package model holds what smscd's parts share: a stored message with its
// state history, a session as the operator sees it, and Backend, the view
// of the running SMSC that the HTTP API and the status page read and act on.
// The engine (accounts, store and forward, receipts) implements Backend; the
// HTTP API depends on this package only, so either side can change inside
// without the other.
package model

import (
	"context"
	"errors"
	"time"
)

// State is where a message is in its life. Final states never change again.
type State string

const (
	StateAccepted      State = "accepted"      // stored and acknowledged, not yet delivered
	StateEnroute       State = "enroute"       // a delivery attempt failed; retried with back-off
	StateDelivered     State = "delivered"     // final
	StateUndeliverable State = "undeliverable" // final
	StateExpired       State = "expired"       // final: the validity period ran out
	StateRejected      State = "rejected"      // final
	StateDeleted       State = "deleted"       // final: cancelled by its submitter
)

// Final reports whether no further change can happen.
func (s State) Final() bool {
	switch s {
	case StateDelivered, StateUndeliverable, StateExpired, StateRejected, StateDeleted:
		return true
	}
	return false
}

// StateChange is one line of a message's history.
type StateChange struct {
	At     time.Time `json:"at"`
	State  State     `json:"state"`
	Detail string    `json:"detail,omitempty"`
}

// Message is a stored message. ID is the id its submitter was given.
type Message struct {
	ID            string        `json:"id"`
	Direction     string        `json:"direction"`                // "mt": submitted by an account; "mo": injected through the HTTP API
	Account       string        `json:"account,omitempty"`        // the submitting account ("" for "mo")
	Protocol      string        `json:"protocol"`                 // "smpp", "ucp", "cimd2" or "http": how it came in
	TargetAccount string        `json:"target_account,omitempty"` // the account owning To, when one does
	From          string        `json:"from"`
	To            string        `json:"to"`
	Text          string        `json:"text"`
	Receipt       bool          `json:"receipt"` // the submitter asked for a receipt
	SubmittedAt   time.Time     `json:"submitted_at"`
	ValidUntil    time.Time     `json:"valid_until"`
	Attempts      int           `json:"attempts"`
	NextAttempt   time.Time     `json:"next_attempt,omitempty"`
	State         State         `json:"state"`
	History       []StateChange `json:"history"`
}

// Session is a connected client as the operator sees it. ID is stable for
// the life of the connection and unique across protocols ("smpp-12").
type Session struct {
	ID          string    `json:"id"`
	Protocol    string    `json:"protocol"`
	Account     string    `json:"account,omitempty"` // "" until it has logged in
	BindMode    string    `json:"bind_mode,omitempty"`
	Remote      string    `json:"remote"`
	TLS         bool      `json:"tls"`
	ConnectedAt time.Time `json:"connected_at"`
}

// Filter selects messages for a listing, newest first.
type Filter struct {
	Account string // submitter or target account
	State   State
	Limit   int    // 0 = the API's default
	Before  string // an ID: only messages submitted before it (paging)
}

// InjectRequest is a mobile-originated message for an account.
type InjectRequest struct {
	Account string `json:"account"` // the receiving account; "" = whoever owns To
	From    string `json:"from"`
	To      string `json:"to"`
	Text    string `json:"text"`
}

// Rates is what the status page shows at the top.
type Rates struct {
	SubmitsPerSecond    float64 `json:"submits_per_second"`
	DeliveriesPerSecond float64 `json:"deliveries_per_second"`
	Sessions            int     `json:"sessions"`
	Pending             int     `json:"pending"` // stored messages not yet in a final state
}

// Backend is the running SMSC as the HTTP API sees it.
type Backend interface {
	Inject(ctx context.Context, r InjectRequest) (Message, error)
	Messages(ctx context.Context, f Filter) ([]Message, error)
	Message(ctx context.Context, id string) (Message, error)
	Sessions(ctx context.Context) []Session
	Disconnect(ctx context.Context, sessionID string) error
	Rates() Rates
}

// Errors a Backend returns, wrapped or as they are; the HTTP API maps them
// to 404 and 400.
var (
	ErrNotFound   = errors.New("not found")
	ErrBadRequest = errors.New("bad request")
)
