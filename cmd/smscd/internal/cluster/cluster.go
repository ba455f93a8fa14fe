// Package cluster is smscd's cluster mode on NATS JetStream
// (docs/scale-out.md): a submit to an owned address is acknowledged once
// JetStream has replicated it; the node holding a bind of the owning
// account pulls it from the account's durable consumer and acknowledges it
// to JetStream only after the client acknowledged the delivery, so a node
// that dies leaves its unacknowledged messages to be redelivered through
// whichever node the account binds to next. Receipts travel the same way
// to the submitter's account. Message states are records in a key-value
// bucket keyed by message id; the accounts bound on each node are keys in
// another bucket that expire unless the node's heartbeat renews them.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/engine"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
)

// Engine is what the cluster needs from the engine (engine.Engine).
type Engine interface {
	Deliver(r *store.Record, receipt bool, done func(engine.Result)) bool
	Finish(r *store.Record, s model.State, code int, detail string) bool
	SimulatedOutcome(r *store.Record) bool
	Backoff(n int) time.Duration
}

// Heartbeat is how often a node renews its binds in the routing table;
// a bind not renewed for BindTTL disappears. Variables for the tests.
var (
	Heartbeat = time.Second
	BindTTL   = 4 * time.Second
)

// opTimeout bounds one JetStream request (a publish's acknowledgement, a
// key-value read or write).
const opTimeout = 5 * time.Second

// Node is one smscd node's connection to the cluster.
type Node struct {
	name    string
	cfg     config.Config
	eng     Engine
	logf    func(string, ...any)
	nc      *nats.Conn
	js      jetstream.JetStream
	stream  jetstream.Stream
	state   jetstream.KeyValue
	binds   jetstream.KeyValue
	ackWait time.Duration // the consumers': the client's ack_wait and a margin
	number  int           // this node's number (nodeid.go)

	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	pulls   sync.WaitGroup // the pull loops (worker.go)
	inHand  sync.WaitGroup // messages pulled and not yet settled
	heldMu  sync.Mutex
	held    map[uint64]jetstream.Msg // the same messages, for Close to give back
	heldSeq uint64

	mu      sync.Mutex
	workers map[string]*worker // accounts with a receiving session here
	closed  bool               // Close began: no new workers

	stats Stats
}

// Open connects to NATS, creates (or joins) the stream and buckets, and
// starts the heartbeat. eng is set with SetEngine before the first bind.
func Open(cfg config.Config, logf func(string, ...any)) (*Node, error) {
	c := cfg.Cluster
	nc, err := nats.Connect(strings.Join(c.URLs(), ","), nats.Name("smscd-"+c.Node),
		nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond), nats.RetryOnFailedConnect(true), // NATS may start with us: setup waits
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { logf("cluster: NATS disconnected: %v", err) }),
		nats.ReconnectHandler(func(nc *nats.Conn) { logf("cluster: NATS reconnected to %s", nc.ConnectedUrl()) }))
	if err != nil {
		return nil, fmt.Errorf("cluster: NATS %s: %w", c.NATS, err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(16384), jetstream.WithPublishAsyncTimeout(opTimeout))
	if err != nil {
		nc.Close()
		return nil, err
	}
	n := &Node{name: c.Node, cfg: cfg, logf: logf, nc: nc, js: js, workers: map[string]*worker{}, held: map[uint64]jetstream.Msg{},
		ackWait: cfg.Retry.AckWait.Duration + 5*time.Second}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	if err := n.setup(); err != nil {
		nc.Close()
		return nil, fmt.Errorf("cluster: %w", err)
	}
	n.wg.Add(1)
	go n.heartbeat()
	return n, nil
}

// setup creates the stream and the buckets, or takes them as they are.
// Several nodes starting at once may race: each retries for 30 s, as does
// a node started with the NATS servers, before JetStream has elected its
// leaders.
func (n *Node) setup() error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := n.setupOnce()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("JetStream not ready after 30 s (NATS servers up, with JetStream, %d of them for %d replicas?): %w",
				n.cfg.Cluster.Replicas, n.cfg.Cluster.Replicas, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func (n *Node) setupOnce() error {
	ctx, cancel := context.WithTimeout(n.ctx, opTimeout)
	defer cancel()
	r := n.cfg.Cluster.Replicas
	var err error
	// Work-queue retention: a delivery or receipt is removed once its
	// consumer acknowledges it; one consumer per account and kind, so
	// their filters never overlap.
	n.stream, err = n.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: streamName,
		Subjects:  []string{"smsc.deliver.*", "smsc.receipt.*"},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage, Replicas: r,
		Duplicates: 2 * time.Minute})
	if err != nil {
		return fmt.Errorf("stream %s: %w", streamName, err)
	}
	if n.state, err = n.stateKV(ctx, r); err != nil {
		return fmt.Errorf("bucket %s: %w", stateBucket, err)
	}
	n.binds, err = n.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: bindsBucket,
		History: 1, TTL: BindTTL, Storage: jetstream.MemoryStorage, Replicas: r})
	if err != nil {
		return fmt.Errorf("bucket %s: %w", bindsBucket, err)
	}
	if n.number, err = n.claimNumber(ctx); err != nil {
		return fmt.Errorf("node number: %w", err)
	}
	return nil
}

// stateKV opens the state bucket, creating it when missing, with direct
// gets off. A direct get may be answered by any replica, and one that
// lags answers "no such key" for a message just stored: the delivering
// node must read what the stream's leader has (a read costs the leader's
// time, not a wrong answer). The nats.go client creates buckets with
// direct gets on and fixes the choice per handle when it binds, so the
// stream is changed first and bound after, checking it stayed so (two
// nodes creating the bucket at once may race).
func (n *Node) stateKV(ctx context.Context, replicas int) (jetstream.KeyValue, error) {
	for try := 0; try < 5; try++ {
		kv, err := n.js.KeyValue(ctx, stateBucket)
		if errors.Is(err, jetstream.ErrBucketNotFound) {
			_, err = n.js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: stateBucket,
				History: 1, TTL: n.cfg.Retention.Duration, Storage: jetstream.FileStorage, Replicas: replicas})
			if err != nil && !errors.Is(err, jetstream.ErrBucketExists) {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		s, err := n.js.Stream(ctx, "KV_"+stateBucket)
		if err != nil {
			return nil, err
		}
		if cfg := s.CachedInfo().Config; cfg.AllowDirect {
			cfg.AllowDirect = false
			if _, err := n.js.UpdateStream(ctx, cfg); err != nil {
				return nil, err
			}
			continue // bind again: this handle reads directly
		}
		return kv, nil
	}
	return nil, errors.New("direct gets stay on")
}

// SetEngine gives the node the engine it delivers through.
func (n *Node) SetEngine(e Engine) { n.eng = e }

// Close stops pulling, waits a second at most for the messages in hand to
// be settled, gives back to JetStream the ones still in hand (deliveries
// the stopped engine's clients never answered), so another node gets them
// at once rather than after the AckWait, and closes the connection,
// flushing what is queued.
func (n *Node) Close() {
	n.mu.Lock()
	n.closed = true
	for acc, w := range n.workers {
		w.stop()
		delete(n.workers, acc)
	}
	n.mu.Unlock()
	settled := make(chan struct{})
	go func() { n.pulls.Wait(); n.inHand.Wait(); close(settled) }()
	select {
	case <-settled:
	case <-time.After(time.Second):
	}
	n.heldMu.Lock()
	for k, m := range n.held {
		m.Nak()
		delete(n.held, k)
	}
	n.heldMu.Unlock()
	n.cancel()
	n.pulls.Wait()
	n.wg.Wait()
	n.nc.Drain()
}

// Kill drops the NATS connection at once, as a crash would: nothing in
// hand is acknowledged or stored after it. For the failure tests.
func (n *Node) Kill() {
	n.nc.Close()
	n.cancel()
}

// Stats counts what the node did, for the tests and the logs.
type Stats struct {
	mu                          sync.Mutex
	Delivered, Redelivered      int // deliveries acknowledged by a client; of them, ones JetStream had handed out before
	Receipts                    int // receipts acknowledged by a client
	Retried, PublishErrors, Nak int
	NotFound                    int // a message's record not found (read again later)
}

// Snapshot is a copy of the counters.
func (n *Node) Snapshot() (delivered, redelivered, receipts int) {
	n.stats.mu.Lock()
	defer n.stats.mu.Unlock()
	return n.stats.Delivered, n.stats.Redelivered, n.stats.Receipts
}

func (n *Node) count(f func(s *Stats)) {
	n.stats.mu.Lock()
	f(&n.stats)
	n.stats.mu.Unlock()
}

// waitAck waits for an asynchronous publish's acknowledgement.
func waitAck(ctx context.Context, f jetstream.PubAckFuture) error {
	select {
	case <-f.Ok():
		return nil
	case err := <-f.Err():
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// publish publishes data to subj (with a message id for JetStream's
// duplicate window when msgID is set) and returns once acknowledged.
func (n *Node) publish(ctx context.Context, subj string, data []byte, msgID string) error {
	var opts []jetstream.PublishOpt
	if msgID != "" {
		opts = append(opts, jetstream.WithMsgID(msgID))
	}
	f, err := n.js.PublishMsgAsync(&nats.Msg{Subject: subj, Data: data}, opts...)
	if err != nil {
		return err
	}
	return waitAck(ctx, f)
}

// Submit stores a new message: its record in the state bucket, then its
// id on the owning account's delivery subject. It is asynchronous (the
// publishes of concurrent submits are pipelined on the connection); done
// runs once JetStream acknowledged both, with the error otherwise.
func (n *Node) Submit(r *store.Record, done func(error)) {
	r.Due = time.Time{}
	val, id, subj := r.Encode(), r.ID, deliverSubject(r.TargetAccount)
	if r.TargetAccount == "" { // nobody owns it: only its receipt is to come
		subj = receiptSubject(r.Account)
	}
	// The record first, so whoever pulls the id finds it.
	f, err := n.js.PublishMsgAsync(&nats.Msg{Subject: "$KV." + stateBucket + "." + id, Data: val})
	if err != nil {
		done(err)
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(n.ctx, 2*opTimeout)
		defer cancel()
		err := waitAck(ctx, f)
		if err == nil {
			err = n.publish(ctx, subj, []byte(id), id)
		}
		if err != nil {
			n.count(func(s *Stats) { s.PublishErrors++ })
		}
		done(err)
	}()
}

// Receipt stores r (final, a receipt owed) and queues its receipt for the
// submitter's account.
func (n *Node) Receipt(r *store.Record, done func(error)) {
	val, id, subj := r.Encode(), r.ID, receiptSubject(r.Account)
	go func() {
		ctx, cancel := context.WithTimeout(n.ctx, 2*opTimeout)
		defer cancel()
		_, err := n.state.Put(ctx, id, val)
		if err == nil {
			err = n.publish(ctx, subj, []byte(id), "r"+id)
		}
		done(err)
	}()
}

// Get reads a message's record, with its simulated outcome applied when
// it is due (as the local store does on a read).
func (n *Node) Get(id string) (*store.Record, error) {
	r, _, err := n.getRev(id)
	if err == nil && n.due(r) {
		r.SetState(r.Outcome, r.OutcomeAt.UTC(), "simulated") // as read; the change itself is settle's
	}
	return r, err
}

// due reports whether r is a message nobody owns whose simulated outcome
// has come but is not yet stored.
func (n *Node) due(r *store.Record) bool {
	return !r.State.Final() && r.TargetAccount == "" && r.Outcome != "" && !time.Now().Before(r.OutcomeAt)
}

// settle applies the simulated outcome of a message nobody owns once its
// time has come (for a change of the record: its receipt becomes owed),
// reporting whether it did. Get shows the same without storing it.
func (n *Node) settle(r *store.Record) bool {
	if !n.due(r) {
		return false
	}
	n.eng.SimulatedOutcome(r)
	return true
}

func (n *Node) getRev(id string) (*store.Record, uint64, error) {
	ctx, cancel := context.WithTimeout(n.ctx, opTimeout)
	defer cancel()
	e, err := n.state.Get(ctx, id)
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrInvalidKey) {
		return nil, 0, model.ErrNotFound
	}
	if err != nil {
		return nil, 0, err
	}
	r, err := store.Decode(e.Value())
	return r, e.Revision(), err
}

// Update changes a record with compare-and-set on its revision, reading
// it again when someone else changed it meanwhile. fn reports false to
// leave it as it is.
// A change that makes the message final with a receipt owed (cancel_sm)
// queues the receipt for the submitter's account before it returns.
func (n *Node) Update(id string, fn func(*store.Record) bool) (*store.Record, error) {
	wasFinal := false
	r, err := n.updateFrom(id, nil, 0, func(r *store.Record) bool { wasFinal = r.State.Final(); return fn(r) })
	if err == nil && !wasFinal && r.State.Final() && r.ReceiptDue {
		err = n.queueReceipt(r)
	}
	return r, err
}

// queueReceipt publishes r's id for its submitter's receipt consumer; the
// message id makes a second publish within two minutes a no-op, and a
// later one finds the receipt sent (ReceiptDue false) and is dropped.
func (n *Node) queueReceipt(r *store.Record) error {
	ctx, cancel := context.WithTimeout(n.ctx, opTimeout)
	defer cancel()
	return n.publish(ctx, receiptSubject(r.Account), []byte(r.ID), "r"+r.ID)
}

// updateFrom is Update starting from r at revision rev when r is not nil
// (a record just read, not shared with anyone): one read less when nobody
// changed it meanwhile.
func (n *Node) updateFrom(id string, r *store.Record, rev uint64, fn func(*store.Record) bool) (*store.Record, error) {
	for try := 0; ; try++ {
		if r == nil || try > 0 {
			var err error
			if r, rev, err = n.getRev(id); err != nil {
				return nil, err
			}
		}
		settled := n.settle(r)
		if !fn(r) && !settled {
			return r, nil
		}
		ctx, cancel := context.WithTimeout(n.ctx, opTimeout)
		_, err := n.state.Update(ctx, id, r.Encode(), rev)
		cancel()
		if err == nil {
			return r, nil
		}
		if try >= 10 || !isWrongRevision(err) {
			return nil, err
		}
	}
}

func isWrongRevision(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence
}
