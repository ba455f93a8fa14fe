package cluster

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/engine"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
)

// freePort is a loopback port free at the time of asking (the cluster
// routes must be known before the servers start).
func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// natsCluster starts n embedded NATS servers with JetStream, routed to each
// other on loopback, and returns them and their client URLs joined by
// commas. They stop when the test ends.
func natsCluster(t testing.TB, n int) ([]*server.Server, string) {
	t.Helper()
	routePorts := make([]int, n)
	var routes []string
	for i := range routePorts {
		routePorts[i] = freePort(t)
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", routePorts[i]))
	}
	servers := make([]*server.Server, n)
	var urls []string
	for i := range servers {
		o := &server.Options{ServerName: "nats" + strconv.Itoa(i+1), Host: "127.0.0.1", Port: server.RANDOM_PORT,
			JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true,
			Cluster: server.ClusterOpts{Name: "smsc", Host: "127.0.0.1", Port: routePorts[i]},
			Routes:  server.RoutesFromStr(strings.Join(routes, ","))}
		s, err := server.NewServer(o)
		require.NoError(t, err)
		go s.Start()
		require.True(t, s.ReadyForConnections(10*time.Second), "nats%d not ready", i+1)
		servers[i] = s
		urls = append(urls, s.ClientURL())
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	}
	// JetStream is usable once the servers have elected a meta leader.
	deadline := time.Now().Add(20 * time.Second)
	for {
		leader := false
		for _, s := range servers {
			leader = leader || s.JetStreamIsLeader()
		}
		if leader {
			break
		}
		require.True(t, time.Now().Before(deadline), "no JetStream meta leader")
		time.Sleep(100 * time.Millisecond)
	}
	return servers, strings.Join(urls, ",")
}

// smscNode is one smscd node in the test process: an engine on its own
// local store, in cluster mode.
type smscNode struct {
	name   string
	eng    *engine.Engine
	st     *store.Store
	cl     *Node
	smpp   string
	killed bool
}

// clusterConfig: accounts "sender" (submits; owns nothing) and "owner"
// (owns 4670*), quick retries, ack_wait 1 s (the consumers' AckWait 6 s).
func clusterConfig(urls, node string) config.Config {
	c := config.Default()
	c.SMPPPort, c.UCPPort, c.CIMD2Port, c.KeepAlive = 0, -1, -1, 0
	c.Retry.First.Duration = 100 * time.Millisecond
	c.Retry.Max.Duration = time.Second
	c.Retry.AckWait.Duration = time.Second
	c.Receipts.Delay.Duration = 20 * time.Millisecond
	c.Accounts = []config.Account{{SystemID: "sender", Password: "pw"}, {SystemID: "owner", Password: "pw", Addresses: []string{"4670*"}}}
	c.Cluster = config.Cluster{NATS: urls, Node: node, Replicas: 3}
	return c
}

// startNode starts a node; each change edits its configuration first.
func startNode(t testing.TB, urls, name string, changes ...func(*config.Config)) *smscNode {
	t.Helper()
	c := clusterConfig(urls, name)
	for _, f := range changes {
		f(&c)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), name+".db"), true)
	require.NoError(t, err)
	var done atomic.Bool
	t.Cleanup(func() { done.Store(true) })
	logf := func(f string, a ...any) {
		if !done.Load() {
			t.Logf(name+": "+f, a...)
		}
	}
	cl, err := Open(c, logf)
	require.NoError(t, err)
	e := engine.New(c, st, slog.New(slog.NewTextHandler(io.Discard, nil)), func(string, ...any) {})
	cl.SetEngine(e)
	e.SetCluster(cl)
	require.NoError(t, e.Start())
	p, _, _ := e.Ports()
	n := &smscNode{name: name, eng: e, st: st, cl: cl, smpp: "127.0.0.1:" + strconv.Itoa(p)}
	t.Cleanup(func() {
		if !n.killed {
			e.Stop(time.Second)
			cl.Close()
		}
		st.Close()
	})
	return n
}

// kill stops the node as a crash would for the cluster: its NATS
// connection goes first, so nothing it has in hand is acknowledged or
// stored after; then its listeners and client connections close.
func (n *smscNode) kill() {
	n.killed = true
	n.cl.Kill()
	n.eng.Stop(0)
}
