package cluster

import (
	"encoding/hex"
	"regexp"
)

// Names of what the cluster keeps in JetStream.
const (
	streamName  = "SMSC"       // deliveries and receipts waiting for a node that holds their account's bind
	stateBucket = "smsc_state" // message id -> store.Record: the state query_sm, cancel_sm and the HTTP API read
	bindsBucket = "smsc_binds" // <account>.<node> -> bind: the routing table, kept alive by heartbeats
)

var safe = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// token is account as one subject token, consumer name and key part: the
// name itself when it is plain letters, digits, '_' and '-', else '='
// and its hex (a system_id may hold '.', '*', '>' or spaces, which NATS
// names may not); a plain name never starts with '=', so no two accounts
// share a token.
func token(account string) string {
	if safe.MatchString(account) {
		return account
	}
	return "=" + hex.EncodeToString([]byte(account))
}

func deliverSubject(account string) string { return "smsc.deliver." + token(account) }
func receiptSubject(account string) string { return "smsc.receipt." + token(account) }
