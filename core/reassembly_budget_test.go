package core

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// reassembly-max-bytes bounds what all connections' reassembly holds
// together. With 700 octets one pending part of 134 octets (plus its
// bookkeeping, about 353) fits and a second connection's does not: that
// part is refused the protocol's way, and accepted again once the first
// message completed. The scenario runs for each protocol; part(client,
// ref, seq) sends one part and reports whether it was accepted.
func budgetScenario(t *testing.T, part func(client, ref, seq int) bool, completed func() int) {
	t.Helper()
	require.True(t, part(0, 1, 1), "A: part 1 fits")
	require.False(t, part(1, 2, 1), "B: part 1 is over the server-wide budget")
	require.True(t, part(0, 1, 2), "A: part 2 completes its message")
	require.Equal(t, 1, completed())
	require.True(t, part(1, 2, 1), "B: part 1 again, after A's message left the budget")
	require.True(t, part(1, 2, 2), "B: part 2")
	require.Equal(t, 1, completed())
}

var budgetPayload = bytes.Repeat([]byte{0xA5}, 134) // with the 6-octet UDH: one full SMS

func TestUCPReassemblyBudgetRefusesWithNACK(t *testing.T) {
	done := make(chan *UcpSubmitMessageCompletedEventArgs, 8)
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
			OnUcpSubmitMessageCompleted: func(e *UcpSubmitMessageCompletedEventArgs) { done <- e }}
	}, "reassembly-max-bytes=700")
	cs := []*ucpClient{dialUCP(t, addr), dialUCP(t, addr)}
	for _, c := range cs {
		c.login()
	}
	trn := 0
	budgetScenario(t, func(client, ref, seq int) bool {
		trn++
		f := make([]string, ucp.Fields5x)
		f[ucp.F5xAdC], f[ucp.F5xOAdC], f[ucp.F5xMT], f[ucp.F5xNB] = "4412345", "1234", "4", "1120"
		f[ucp.F5xMsg] = strings.ToUpper(fmt.Sprintf("%x", budgetPayload))
		f[ucp.F5xXSer] = fmt.Sprintf("0106050003%02X02%02X", ref, seq)
		cs[client].sendOp(trn, ucp.Operation, 51, f...)
		r := cs[client].readFrame(5 * time.Second)
		if string(r.Fields[0]) == "N" {
			require.Equal(t, "04", string(r.Fields[1]), "refused with EC 04")
			return false
		}
		return true
	}, func() int { recv(t, done, 5*time.Second, "Completed"); return 1 })
}

func TestCIMD2ReassemblyBudgetRefusesWithCongestion(t *testing.T) {
	done := make(chan *Cimd2SubmitMessageCompletedEventArgs, 8)
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{OnCimd2LoginReceived: c2AcceptLogins(s),
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
			OnCimd2SubmitMessageCompleted: func(e *Cimd2SubmitMessageCompletedEventArgs) { done <- e }}
	}, "reassembly-max-bytes=700")
	cs := []*c2Client{dialCIMD2(t, addr), dialCIMD2(t, addr)}
	for _, c := range cs {
		c.login()
	}
	num := 1
	budgetScenario(t, func(client, ref, seq int) bool {
		num += 2
		cs[client].write(c2Packet(3, num, "021:4412345", "023:1234", fmt.Sprintf("032:050003%02X02%02X", ref, seq),
			"034:"+strings.ToUpper(fmt.Sprintf("%x", budgetPayload))))
		g := cs[client].expectOp(53, num)
		if code := g.param(900); code != "" {
			require.Equal(t, "10", code, "refused with 900:10")
			return false
		}
		return true
	}, func() int { recv(t, done, 5*time.Second, "Completed"); return 1 })
}

func TestSMPPReassemblyBudgetRefusesWithThrottled(t *testing.T) {
	ts, addr := newTestSMSC(t, "reassembly-max-bytes=700")
	cs := []*rawClient{bindRaw(t, addr, cmdBindTransceiver), bindRaw(t, addr, cmdBindTransceiver)}
	seqNo := uint32(10)
	budgetScenario(t, func(client, ref, seq int) bool {
		seqNo++
		sm := &smpp.SM{SourceAddr: []byte("1234"), DestinationAddr: []byte("4412345"), EsmClass: 0x40, DataCoding: 4,
			ShortMessage: append([]byte{5, 0, 3, byte(ref), 2, byte(seq)}, budgetPayload...)}
		cs[client].write(submitPDU(seqNo, sm))
		p := cs[client].read(5 * time.Second)
		require.Equal(t, seqNo, p.seq)
		if p.status != 0 {
			require.Equal(t, uint32(0x58), p.status, "refused with ESME_RTHROTTLED")
			return false
		}
		return true
	}, func() int { recv(t, ts.completed, 5*time.Second, "Completed"); return 1 })
	// A single-part message never touches the budget.
	seqNo++
	cs[0].write(submitPDU(seqNo, &smpp.SM{SourceAddr: []byte("1"), DestinationAddr: []byte("2"), ShortMessage: []byte("hi")}))
	require.Zero(t, cs[0].read(5*time.Second).status)
}
