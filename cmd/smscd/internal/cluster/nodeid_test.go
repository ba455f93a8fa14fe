package cluster

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/stretchr/testify/require"
)

// Each node name gets its own number, and a node that comes back under its
// name gets the number it had: message ids never collide across nodes.
func TestNodeNumbersAreUniqueAndKept(t *testing.T) {
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	require.NoError(t, err)
	go ns.Start()
	require.True(t, ns.ReadyForConnections(10*time.Second))
	t.Cleanup(ns.Shutdown)

	open := func(name string) string {
		c := clusterConfig(ns.ClientURL(), name)
		c.Cluster.Replicas = 1
		n, err := Open(c, func(string, ...any) {})
		require.NoError(t, err)
		defer n.Close()
		return n.IDSuffix()
	}
	a, b, c := open("a"), open("b"), open("c")
	require.Len(t, a, 3)
	require.NotEqual(t, a, b)
	require.NotEqual(t, b, c)
	require.NotEqual(t, a, c)
	require.Equal(t, b, open("b"), "b comes back with its number")
}
