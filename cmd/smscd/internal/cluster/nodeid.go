package cluster

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"
)

// nodesBucket maps node numbers to node names ("7" -> "smscd-b"), with no
// expiry: a node keeps its number across restarts.
const nodesBucket = "smsc_nodes"

// maxNodes is how many node numbers there are: the id suffix is three
// decimal digits.
const maxNodes = 1000

// claimNumber finds this node's number, or claims the lowest free one with
// a create that fails when another node holds it: two nodes never share
// a number, so their message ids never collide.
func (n *Node) claimNumber(ctx context.Context) (int, error) {
	kv, err := n.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: nodesBucket,
		History: 1, Storage: jetstream.FileStorage, Replicas: n.cfg.Cluster.Replicas})
	if err != nil {
		return 0, err
	}
	for i := 1; i < maxNodes; i++ {
		k := strconv.Itoa(i)
		e, err := kv.Get(ctx, k)
		if err == nil {
			if string(e.Value()) == n.name {
				return i, nil
			}
			continue
		}
		if !errors.Is(err, jetstream.ErrKeyNotFound) {
			return 0, err
		}
		if _, err := kv.Create(ctx, k, []byte(n.name)); err == nil {
			return i, nil
		} else if !errors.Is(err, jetstream.ErrKeyExists) {
			return 0, err
		}
		i-- // created by another node meanwhile: read whose it is
	}
	return 0, fmt.Errorf("all %d node numbers are taken (bucket %s)", maxNodes-1, nodesBucket)
}

// IDSuffix is the node's number as three digits, appended to message ids.
func (n *Node) IDSuffix() string { return fmt.Sprintf("%03d", n.number) }
