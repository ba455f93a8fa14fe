package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
)

// An ESME bound to node 1 submits to an address owned by an ESME bound to
// node 3, which receives it; the receipt comes back to the first ESME on
// node 1, and query_sm on node 1 reads the state node 3 stored.
func TestClusterDeliversAcrossNodes(t *testing.T) {
	_, urls := natsCluster(t, 3)
	n1 := startNode(t, urls, "n1")
	startNode(t, urls, "n2")
	n3 := startNode(t, urls, "n3")

	sender := testclient.DialSMPP(t, n1.smpp)
	require.Zero(t, sender.Bind(testclient.CmdBindTRX, "sender", "pw"))
	owner := testclient.DialSMPP(t, n3.smpp)
	require.Zero(t, owner.Bind(testclient.CmdBindTRX, "owner", "pw"))

	// The routing table shows the owner's bind on n3 (seen from n1).
	require.Eventually(t, func() bool {
		b, err := n1.cl.Binds(context.Background())
		return err == nil && len(b["owner"]) == 1 && b["owner"][0] == "n3"
	}, 5*time.Second, 50*time.Millisecond)

	status, id := sender.Submit("123", "46701", "across the cluster", 1)
	require.Zero(t, status)
	require.NotEmpty(t, id)

	d := owner.NextDeliver(0)
	require.Equal(t, "across the cluster", d.Text)
	require.Equal(t, "123", d.From)
	require.Equal(t, "46701", d.To)

	r := sender.NextDeliver(0)
	require.Equal(t, byte(0x04), r.EsmClass, "a receipt")
	require.Equal(t, id, testclient.ReceiptID(r.Text))
	require.Contains(t, r.Text, "stat:DELIVRD")

	// query_sm on n1: message_state 2 (delivered).
	var b []byte
	b = append(b, testclient.CStr(id)...)
	b = append(b, 1, 1)
	b = append(b, testclient.CStr("123")...)
	seq := sender.Send(testclient.CmdQuery, 0, 0, b)
	p := sender.Next()
	require.Equal(t, uint32(testclient.CmdQuery|testclient.CmdResp), p.Cmd)
	require.Equal(t, seq, p.Seq)
	require.Zero(t, p.Status)
	require.Equal(t, byte(2), p.Body[len(p.Body)-2], "message_state delivered")
}
