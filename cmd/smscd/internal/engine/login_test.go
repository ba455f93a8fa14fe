package engine

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/codec/cimd2"
)

func accountsConfig() config.Config {
	c := testConfig()
	c.Accounts = []config.Account{
		{SystemID: "app", Password: "secret", MaxBinds: 1},
		{SystemID: "rxonly", Password: "pw", BindModes: []string{"receiver"}},
		{SystemID: "smpponly", Password: "pw", Protocols: []string{"smpp"}},
		{SystemID: "slow", Password: "pw", Throughput: 2},
		{SystemID: "ucponly", Password: "pw", Protocols: []string{"ucp"}},
	}
	return c
}

// Wrong password, unknown system_id, wrong bind mode and too many binds
// over SMPP: bind_resp carries ESME_RINVPASWD, ESME_RINVSYSID and
// ESME_RBINDFAIL.
func TestSMPPLoginRefusals(t *testing.T) {
	h := startEngine(t, accountsConfig())
	require.Equal(t, uint32(esmeRINVPASWD), dialSMPP(t, h.smpp).Bind(cmdBindTRX, "app", "wrong"))
	require.Equal(t, uint32(esmeRINVSYSID), dialSMPP(t, h.smpp).Bind(cmdBindTRX, "nobody", "x"))
	require.Equal(t, uint32(esmeRBINDFAIL), dialSMPP(t, h.smpp).Bind(cmdBindTX, "rxonly", "pw"))
	require.Equal(t, uint32(esmeRBINDFAIL), dialSMPP(t, h.smpp).Bind(cmdBindTRX, "ucponly", "pw"))
	require.Equal(t, uint32(0), dialSMPP(t, h.smpp).Bind(cmdBindRX, "rxonly", "pw"))
	first := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), first.Bind(cmdBindTRX, "app", "secret"))
	require.Equal(t, uint32(esmeRBINDFAIL), dialSMPP(t, h.smpp).Bind(cmdBindTRX, "app", "secret"))
	// The bind is given back when the first session ends.
	first.Conn.Close()
	require.Eventually(t, func() bool { return dialSMPP(t, h.smpp).Bind(cmdBindTRX, "app", "secret") == 0 }, 3e9, 5e7)
}

// Over UCP: an OT 60 refused with EC 07 (authentication) or 04 (not
// allowed: protocol, bind mode, too many binds).
func TestUCPLoginRefusals(t *testing.T) {
	h := startEngine(t, accountsConfig())
	ack, ec := dialUCP(t, h.ucp).login("app", "wrong")
	require.Equal(t, []string{"N", "07"}, []string{ack, ec})
	_, ec = dialUCP(t, h.ucp).login("nobody", "x")
	require.Equal(t, "07", ec)
	_, ec = dialUCP(t, h.ucp).login("smpponly", "pw")
	require.Equal(t, "04", ec)
	_, ec = dialUCP(t, h.ucp).login("rxonly", "pw") // UCP sessions are transceivers
	require.Equal(t, "04", ec)
	ack, _ = dialUCP(t, h.ucp).login("app", "secret")
	require.Equal(t, "A", ack)
	_, ec = dialUCP(t, h.ucp).login("app", "secret")
	require.Equal(t, "04", ec)
}

// Over CIMD2: 100 invalid login, 101 incorrect access type, 102 too many
// users with this login id.
func TestCIMD2LoginRefusals(t *testing.T) {
	h := startEngine(t, accountsConfig())
	require.Equal(t, "100", dialCIMD2(t, h.cimd2).login("app", "wrong"))
	require.Equal(t, "100", dialCIMD2(t, h.cimd2).login("nobody", "x"))
	require.Equal(t, "101", dialCIMD2(t, h.cimd2).login("smpponly", "pw"))
	require.Equal(t, "101", dialCIMD2(t, h.cimd2).login("rxonly", "pw"))
	require.Equal(t, "", dialCIMD2(t, h.cimd2).login("app", "secret"))
	require.Equal(t, "102", dialCIMD2(t, h.cimd2).login("app", "secret"))
}

// Over-limit throughput: an account allowed 2 submits a second gets its
// third refused at once with ESME_RTHROTTLED, UCP EC 04, CIMD2 error 10.
func TestThroughputRefusedPerProtocol(t *testing.T) {
	c := accountsConfig()
	c.Accounts[3].Protocols = nil
	h := startEngine(t, c)

	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "slow", "pw"))
	var statuses []uint32
	for range 3 {
		st, _ := s.Submit("1", "999", "x", 0)
		statuses = append(statuses, st)
	}
	require.Equal(t, []uint32{0, 0, esmeRTHROTTLED}, statuses)

	h2 := startEngine(t, c)
	u := dialUCP(t, h2.ucp)
	ack, _ := u.login("slow", "pw")
	require.Equal(t, "A", ack)
	var ucpAcks []string
	for range 3 {
		f := u.submit("1", "999", "x", false)
		ucpAcks = append(ucpAcks, f[0]+f[1])
	}
	require.Equal(t, "A", ucpAcks[0][:1])
	require.Equal(t, "A", ucpAcks[1][:1])
	require.Equal(t, "N04", ucpAcks[2])

	h3 := startEngine(t, c)
	m := dialCIMD2(t, h3.cimd2)
	require.Equal(t, "", m.login("slow", "pw"))
	var codes []string
	for range 3 {
		codes = append(codes, get(m.submit("1", "999", "x", false), cimd2.ParamErrorCode))
	}
	require.Equal(t, []string{"", "", "10"}, codes)
}
