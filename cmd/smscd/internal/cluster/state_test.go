package cluster

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
)

// query sends query_sm for id and returns its status and message_state.
func query(t *testing.T, s *testclient.SMPP, id string) (uint32, byte) {
	s.Send(testclient.CmdQuery, 0, 0, append(append(testclient.CStr(id), 1, 1), testclient.CStr("123")...))
	p := s.Next()
	require.Equal(t, uint32(testclient.CmdQuery|testclient.CmdResp), p.Cmd)
	if p.Status != 0 {
		return p.Status, 0
	}
	rest := p.Body[len(id)+1:] // message_id, final_date, message_state, error_code
	return 0, rest[strings.IndexByte(string(rest), 0)+1]
}

// cancel sends cancel_sm for id and returns its status.
func cancel(t *testing.T, s *testclient.SMPP, id string) uint32 {
	var b []byte
	b = append(b, testclient.CStr("")...)
	b = append(b, testclient.CStr(id)...)
	b = append(b, 1, 1)
	b = append(b, testclient.CStr("123")...)
	b = append(b, 1, 1)
	b = append(b, testclient.CStr("46701")...)
	s.Send(testclient.CmdCancel, 0, 0, b)
	p := s.Next()
	require.Equal(t, uint32(testclient.CmdCancel|testclient.CmdResp), p.Cmd)
	return p.Status
}

// A message waiting in JetStream for an owner not bound anywhere is
// cancelled through node 1 and queried through node 2 (the state bucket,
// compare-and-set); when the owner binds on node 3 it gets the next
// message, not the cancelled one. A second cancel fails: it is final.
func TestClusterCancelAndQueryOnAnyNode(t *testing.T) {
	_, urls := natsCluster(t, 3)
	n1 := startNode(t, urls, "n1")
	n2 := startNode(t, urls, "n2")
	n3 := startNode(t, urls, "n3")

	s1 := testclient.DialSMPP(t, n1.smpp)
	require.Zero(t, s1.Bind(testclient.CmdBindTX, "sender", "pw"))
	s2 := testclient.DialSMPP(t, n2.smpp)
	require.Zero(t, s2.Bind(testclient.CmdBindTX, "sender", "pw"))

	st, cancelled := s1.Submit("123", "46701", "cancel me", 0)
	require.Zero(t, st)
	st, state := query(t, s2, cancelled)
	require.Zero(t, st)
	require.Equal(t, byte(6), state, "ACCEPTED on node 2")
	require.Zero(t, cancel(t, s1, cancelled))
	st, state = query(t, s2, cancelled)
	require.Zero(t, st)
	require.Equal(t, byte(4), state, "DELETED on node 2")
	require.Equal(t, uint32(0x11), cancel(t, s2, cancelled), "ESME_RCANCELFAIL: final")
	msg, err := n3.eng.Message(t.Context(), cancelled)
	require.NoError(t, err)
	require.Equal(t, model.StateDeleted, msg.State)

	st, kept := s1.Submit("123", "46701", "keep me", 0)
	require.Zero(t, st)
	owner := testclient.DialSMPP(t, n3.smpp)
	require.Zero(t, owner.Bind(testclient.CmdBindRX, "owner", "pw"))
	d := owner.NextDeliver(0)
	require.Equal(t, "keep me", d.Text)
	require.Eventually(t, func() bool {
		m, err := n1.eng.Message(t.Context(), kept)
		return err == nil && m.State == model.StateDelivered
	}, 5*time.Second, 50*time.Millisecond)
	_, err = owner.Read(time.Second)
	require.Error(t, err, "the cancelled message must not come")
}

// A message nobody owns gets its simulated outcome on the node that took
// it; its receipt goes through the cluster to the submitter's receiver
// bound on another node.
func TestClusterSimulatedReceiptFindsTheSubmitter(t *testing.T) {
	_, urls := natsCluster(t, 3)
	n1 := startNode(t, urls, "n1")
	n2 := startNode(t, urls, "n2")

	rx := testclient.DialSMPP(t, n2.smpp)
	require.Zero(t, rx.Bind(testclient.CmdBindRX, "sender", "pw"))
	tx := testclient.DialSMPP(t, n1.smpp)
	require.Zero(t, tx.Bind(testclient.CmdBindTX, "sender", "pw"))
	st, id := tx.Submit("123", "999", "nobody owns this", 1)
	require.Zero(t, st)

	r := rx.NextDeliver(0)
	require.Equal(t, byte(0x04), r.EsmClass)
	require.Equal(t, id, testclient.ReceiptID(r.Text))
	require.Contains(t, r.Text, "stat:DELIVRD")
	// Kept in the cluster, not in the node's store: it owed a receipt.
	require.Zero(t, n1.st.Count())
	msg, err := n2.eng.Message(t.Context(), id)
	require.NoError(t, err)
	require.Equal(t, model.StateDelivered, msg.State)
}

// The node that took a message nobody owns, with a receipt asked for, dies
// before the simulated outcome is due: the receipt still reaches the
// submitter when it binds on another node.
func TestClusterSimulatedReceiptSurvivesTheNode(t *testing.T) {
	_, urls := natsCluster(t, 3)
	later := func(c *config.Config) { c.Receipts.Delay.Duration = 1500 * time.Millisecond }
	n1 := startNode(t, urls, "n1", later)
	n2 := startNode(t, urls, "n2", later)

	tx := testclient.DialSMPP(t, n1.smpp)
	require.Zero(t, tx.Bind(testclient.CmdBindTRX, "sender", "pw"))
	st, id := tx.Submit("123", "999", "nobody owns this", 1)
	require.Zero(t, st)
	n1.kill()

	rx := testclient.DialSMPP(t, n2.smpp)
	require.Zero(t, rx.Bind(testclient.CmdBindRX, "sender", "pw"))
	p, err := rx.Read(15 * time.Second)
	require.NoError(t, err)
	require.Equal(t, uint32(testclient.CmdDeliver), p.Cmd)
	r := testclient.ParseDeliver(p)
	require.Equal(t, id, testclient.ReceiptID(r.Text))
	require.Contains(t, r.Text, "stat:DELIVRD")
}

// cancel_sm of a message waiting in JetStream, with a receipt asked for,
// sends the DELETED receipt at once, though the owner is bound nowhere.
func TestClusterCancelSendsTheReceipt(t *testing.T) {
	_, urls := natsCluster(t, 3)
	n1 := startNode(t, urls, "n1")
	s := testclient.DialSMPP(t, n1.smpp)
	require.Zero(t, s.Bind(testclient.CmdBindTRX, "sender", "pw"))
	st, id := s.Submit("123", "46701", "cancel me", 1)
	require.Zero(t, st)
	require.Zero(t, cancel(t, s, id))
	r := s.NextDeliver(0)
	require.Equal(t, byte(0x04), r.EsmClass)
	require.Equal(t, id, testclient.ReceiptID(r.Text))
	require.Contains(t, r.Text, "stat:DELETED")
}

// A node stopped cleanly (SIGTERM) gives the deliveries it has in flight
// back to JetStream at once, with the retry back-off: the owner, bound
// again on another node, gets them well before the consumers' AckWait
// (6 s here) would have handed them out again.
func TestClusterCleanStopHandsBackAtOnce(t *testing.T) {
	_, urls := natsCluster(t, 3)
	n1 := startNode(t, urls, "n1")
	n2 := startNode(t, urls, "n2")

	owner := testclient.DialSMPP(t, n1.smpp)
	require.Zero(t, owner.Bind(testclient.CmdBindRX, "owner", "pw"))
	tx := testclient.DialSMPP(t, n2.smpp)
	require.Zero(t, tx.Bind(testclient.CmdBindTX, "sender", "pw"))
	want := map[string]bool{}
	for i := range 5 {
		text := "unanswered " + string(rune('a'+i))
		st, _ := tx.Submit("123", "46701", text, 0)
		require.Zero(t, st)
		want[text] = true
	}
	for range 5 { // received, never answered
		p := owner.Next()
		require.Equal(t, uint32(testclient.CmdDeliver), p.Cmd)
	}

	stopped := time.Now()
	n1.killed = true // stopped here, not by the cleanup
	n1.eng.Stop(time.Second)
	n1.cl.Close()

	again := testclient.DialSMPP(t, n2.smpp)
	require.Zero(t, again.Bind(testclient.CmdBindRX, "owner", "pw"))
	got := map[string]bool{}
	for range 5 {
		got[again.NextDeliver(0).Text] = true
	}
	require.Equal(t, want, got)
	t.Logf("the 5 unanswered deliveries reached the owner on n2 %v after n1 began to stop", time.Since(stopped).Round(time.Millisecond))
	require.Less(t, time.Since(stopped), 4*time.Second, "handed back at once, not after the AckWait")
}

// An owner that leaves a node with more deliveries waiting there than the
// node has in hand (64) gets all of them on the node it binds to next
// soon after, not an AckWait (6 s here) later: the node gives back what it
// had pulled but not yet sent as well as what the session left unanswered.
func TestClusterUnbindHandsBackAtOnce(t *testing.T) {
	_, urls := natsCluster(t, 3)
	n1 := startNode(t, urls, "n1")
	n2 := startNode(t, urls, "n2")

	tx := testclient.DialSMPP(t, n2.smpp)
	require.Zero(t, tx.Bind(testclient.CmdBindTX, "sender", "pw"))
	const total = 120
	for i := range total {
		tx.SubmitAsync("123", "46701", fmt.Sprintf("w%03d", i), 0)
	}
	for range total {
		p := tx.Next()
		require.Equal(t, uint32(testclient.CmdSubmit|testclient.CmdResp), p.Cmd)
		require.Zero(t, p.Status)
	}

	owner := testclient.DialSMPP(t, n1.smpp)
	require.Zero(t, owner.Bind(testclient.CmdBindRX, "owner", "pw"))
	for range 60 { // received, never answered
		p := owner.Next()
		require.Equal(t, uint32(testclient.CmdDeliver), p.Cmd)
	}
	time.Sleep(300 * time.Millisecond) // let the node pull ahead
	left := time.Now()
	owner.Conn.Close()

	again := testclient.DialSMPP(t, n2.smpp)
	require.Zero(t, again.Bind(testclient.CmdBindRX, "owner", "pw"))
	got := map[string]bool{}
	for len(got) < total {
		got[again.NextDeliver(0).Text] = true
	}
	t.Logf("all %d messages reached the owner on n2 %v after it left n1", total, time.Since(left).Round(time.Millisecond))
	require.Less(t, time.Since(left), 4*time.Second, "handed back at once, not after the AckWait")
}

// The HTTP API's inject on node 1 reaches the owner bound on node 2, and
// node 2 shows the message delivered.
func TestClusterInjectAcrossNodes(t *testing.T) {
	_, urls := natsCluster(t, 3)
	n1 := startNode(t, urls, "n1")
	n2 := startNode(t, urls, "n2")
	owner := testclient.DialSMPP(t, n2.smpp)
	require.Zero(t, owner.Bind(testclient.CmdBindRX, "owner", "pw"))

	m, err := n1.eng.Inject(t.Context(), model.InjectRequest{From: "5555", To: "46709", Text: "from the HTTP API"})
	require.NoError(t, err)
	require.Equal(t, "owner", m.TargetAccount)
	d := owner.NextDeliver(0)
	require.Equal(t, "from the HTTP API", d.Text)
	require.Equal(t, "5555", d.From)
	require.Eventually(t, func() bool {
		got, err := n2.eng.Message(t.Context(), m.ID)
		return err == nil && got.State == model.StateDelivered
	}, 5*time.Second, 50*time.Millisecond)
}
