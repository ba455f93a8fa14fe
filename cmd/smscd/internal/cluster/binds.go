package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// bind is one routing-table entry: account has a receiving session on
// node. The key is <account token>.<node>; the bucket's TTL removes it
// unless the node's heartbeat renews it, so a node that dies leaves no
// binds behind after BindTTL.
type bind struct {
	Account string    `json:"account"`
	Node    string    `json:"node"`
	Renewed time.Time `json:"renewed"`
}

func (n *Node) bindKey(account string) string { return token(account) + "." + n.name }

func (n *Node) putBind(account string) {
	v, _ := json.Marshal(bind{Account: account, Node: n.name, Renewed: time.Now().UTC()})
	ctx, cancel := context.WithTimeout(n.ctx, opTimeout)
	defer cancel()
	n.binds.Put(ctx, n.bindKey(account), v)
}

func (n *Node) deleteBind(account string) {
	ctx, cancel := context.WithTimeout(n.ctx, opTimeout)
	defer cancel()
	n.binds.Delete(ctx, n.bindKey(account))
}

// heartbeat renews this node's binds every Heartbeat.
func (n *Node) heartbeat() {
	defer n.wg.Done()
	t := time.NewTicker(Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-n.ctx.Done():
			return
		case <-t.C:
		}
		n.mu.Lock()
		accounts := make([]string, 0, len(n.workers))
		for a := range n.workers {
			accounts = append(accounts, a)
		}
		n.mu.Unlock()
		for _, a := range accounts {
			n.putBind(a)
		}
	}
}

// Binds is the routing table: for each account bound somewhere, the
// nodes holding a receiving session of it (as their last heartbeat said).
func (n *Node) Binds(ctx context.Context) (map[string][]string, error) {
	out := map[string][]string{}
	lister, err := n.binds.ListKeys(ctx)
	if errors.Is(err, jetstream.ErrNoKeysFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for k := range lister.Keys() {
		e, err := n.binds.Get(ctx, k)
		if err != nil {
			continue // expired or deleted meanwhile
		}
		var b bind
		if json.Unmarshal(e.Value(), &b) != nil {
			continue
		}
		out[b.Account] = append(out[b.Account], b.Node)
	}
	return out, nil
}
