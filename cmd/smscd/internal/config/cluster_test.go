package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Cluster mode is off by default; the [cluster] keys and the -cluster-nats,
// -node and -cluster-replicas flags turn it on, a flag winning over the file.
func TestClusterKeysAndFlags(t *testing.T) {
	c, err := Load(nil)
	require.NoError(t, err)
	require.False(t, c.Cluster.On())
	require.Equal(t, 3, c.Cluster.Replicas)

	f := filepath.Join(t.TempDir(), "smscd.toml")
	require.NoError(t, os.WriteFile(f, []byte(`
[cluster]
nats = "nats://127.0.0.1:4222, nats://127.0.0.1:4223"
node = "a"
replicas = 1
`), 0o600))
	c, err = Load([]string{"-config", f, "-node", "b"})
	require.NoError(t, err)
	require.True(t, c.Cluster.On())
	require.Equal(t, []string{"nats://127.0.0.1:4222", "nats://127.0.0.1:4223"}, c.Cluster.URLs())
	require.Equal(t, "b", c.Cluster.Node)
	require.Equal(t, 1, c.Cluster.Replicas)

	c, err = Load([]string{"-cluster-nats", "nats://127.0.0.1:1", "-node", "n1", "-cluster-replicas", "5"})
	require.NoError(t, err)
	require.Equal(t, 5, c.Cluster.Replicas)

	_, err = Load([]string{"-cluster-nats", "nats://127.0.0.1:1"}) // no node name
	require.ErrorContains(t, err, "node")
	_, err = Load([]string{"-cluster-nats", "nats://127.0.0.1:1", "-node", "a.b"})
	require.Error(t, err)
	_, err = Load([]string{"-cluster-nats", "nats://127.0.0.1:1", "-node", "a", "-cluster-replicas", "0"})
	require.Error(t, err)
}
