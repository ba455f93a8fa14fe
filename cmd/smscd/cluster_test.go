package main

import (
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/stretchr/testify/require"

	tc "github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
)

// The real binary in cluster mode, with the flags deploy/ uses
// (-cluster-nats, -node, -cluster-replicas): submits acknowledged by node
// a, killed with SIGKILL at once, are delivered by node b when their owner
// binds there, each once. One embedded NATS server with JetStream
// (replicas 1); the three-server cluster and its failures are
// internal/cluster's tests.
func TestClusterModeBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	require.NoError(t, err)
	go ns.Start()
	require.True(t, ns.ReadyForConnections(10*time.Second))
	t.Cleanup(ns.Shutdown)

	bin := buildSmscd(t)
	args := func(node string) []string {
		return []string{"-cluster-nats", ns.ClientURL(), "-node", node, "-cluster-replicas", "1",
			"-account", "sender:pw", "-account", "owner:pw:::::555*", "-ack-wait", "1s", "-quiet"}
	}
	a, addrA := runSmscd(t, bin, args("a")...)
	_, addrB := runSmscd(t, bin, args("b")...)

	tx := tc.DialSMPP(t, addrA)
	require.Equal(t, uint32(0), tx.Bind(tc.CmdBindTX, "sender", "pw"))
	const n = 50
	want := map[string]bool{}
	for i := range n {
		text := fmt.Sprintf("message %d", i)
		st, id := tx.Submit("1000", fmt.Sprintf("555%04d", i), text, 0)
		require.Equal(t, uint32(0), st)
		require.NotEmpty(t, id)
		want[text] = true
	}
	require.NoError(t, a.Process.Signal(syscall.SIGKILL))
	a.Wait()

	rx := tc.DialSMPP(t, addrB)
	require.Equal(t, uint32(0), rx.Bind(tc.CmdBindRX, "owner", "pw"))
	got := map[string]bool{}
	for range n {
		d := rx.NextDeliver(0)
		require.False(t, got[d.Text], "delivered twice: %s", d.Text)
		got[d.Text] = true
	}
	require.Equal(t, want, got)
	// Nothing more comes: each was acknowledged to JetStream once answered.
	_, err = rx.Read(2 * time.Second)
	var ne net.Error
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "want silence after the %d messages, got %v", n, err)
}
