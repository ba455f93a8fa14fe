package core

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// Hostile 51s and 01s get the NACK of the offending field and never reach
// the host; a well-behaved submit on the same connection is served after
// them (docs/protocols.md, "UCP / Field limits").
func TestUCPSubmitFieldLimits(t *testing.T) {
	var received atomic.Int32
	_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{OnUcpLoginReceived: ucpAcceptAll(s),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				received.Add(1)
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			}}
	}, "")
	c := dialUCP(t, addr)
	c.login()
	with := func(set func(f []string)) []string {
		f := ucpSubmit51Fields("4412345", "1234", "hi", "")
		set(f)
		return f
	}
	digits := func(n int) string { return strings.Repeat("7", n) }
	cases := []struct {
		name   string
		fields []string
		ec     string
	}{
		{"AdC of letters", with(func(f []string) { f[ucp.F5xAdC] = "ALICE" }), "06"},
		{"AdC of 2000 digits", with(func(f []string) { f[ucp.F5xAdC] = digits(2000) }), "06"},
		{"AdC of 21 digits", with(func(f []string) { f[ucp.F5xAdC] = digits(21) }), "06"},
		{"AdC empty", with(func(f []string) { f[ucp.F5xAdC] = "" }), "06"},
		{"OAdC of 500 digits", with(func(f []string) { f[ucp.F5xOAdC] = digits(500) }), "02"},
		{"OAdC of letters without OTOA 5039", with(func(f []string) { f[ucp.F5xOAdC] = "Alice" }), "02"},
		{"alphanumeric OAdC announcing 145 characters", with(func(f []string) {
			f[ucp.F5xOAdC], f[ucp.F5xOTOA] = "FF41361C1D06", "5039"
		}), "02"},
		{"alphanumeric OAdC shorter than announced", with(func(f []string) {
			f[ucp.F5xOAdC], f[ucp.F5xOTOA] = "0941", "5039"
		}), "02"},
		{"alphanumeric OAdC not hex", with(func(f []string) {
			f[ucp.F5xOAdC], f[ucp.F5xOTOA] = "09ZZ361C1D06", "5039"
		}), "02"},
		{"30,000-octet AMsg", with(func(f []string) { f[ucp.F5xMsg] = strings.Repeat("41", 30000) }), "24"},
		{"AMsg of 161 characters", with(func(f []string) { f[ucp.F5xMsg] = strings.Repeat("41", 161) }), "24"},
		{"NMsg of 161 digits", with(func(f []string) { f[ucp.F5xMT], f[ucp.F5xMsg] = "2", digits(161) }), "24"},
		{"TMsg of 141 octets", with(func(f []string) {
			f[ucp.F5xMT], f[ucp.F5xNB], f[ucp.F5xMsg] = "4", "1128", strings.Repeat("00", 141)
		}), "24"},
		{"TMsg of 135 octets after a 6-octet UDH", with(func(f []string) {
			f[ucp.F5xMT], f[ucp.F5xNB], f[ucp.F5xMsg] = "4", "1080", strings.Repeat("00", 135)
			f[ucp.F5xXSer] = "010605000301020" + "1"
		}), "24"},
		{"XSer of 402 characters", with(func(f []string) { f[ucp.F5xXSer] = "0CC8" + strings.Repeat("00", 199) }), "02"},
		{"AC of 33 characters", with(func(f []string) { f[ucp.F5xAC] = digits(33) }), "02"},
		{"nine extra fields", append(with(func([]string) {}), "", "", "", "", "", "", "", "", ""), "02"},
	}
	for i, tc := range cases {
		trn := i % 100
		c.sendOp(trn, ucp.Operation, 51, tc.fields...)
		r := c.readFrame(5 * time.Second)
		require.Equal(t, trn, r.TRN, tc.name)
		require.Equal(t, []string{"N", tc.ec, ""}, ucpFieldStrings(r), tc.name)
	}
	for i, tc := range []struct {
		name   string
		fields []string
		ec     string
	}{
		{"01 AdC of letters", []string{"BOB", "1234", "", "3", ucpHex("hi")}, "06"},
		{"01 OAdC of 500 digits", []string{"4412345", digits(500), "", "3", ucpHex("hi")}, "02"},
		{"01 AMsg of 161 characters", []string{"4412345", "1234", "", "3", strings.Repeat("41", 161)}, "24"},
		{"01 AC of 33 characters", []string{"4412345", "1234", digits(33), "3", ucpHex("hi")}, "02"},
	} {
		c.sendOp(50+i, ucp.Operation, 1, tc.fields...)
		r := c.readFrame(5 * time.Second)
		require.Equal(t, []string{"N", tc.ec, ""}, ucpFieldStrings(r), tc.name)
	}
	require.Zero(t, received.Load(), "nothing refused reached the host")

	// At the limits, and Kannel's own submits, all pass.
	c.sendText(ucpKannelText51)
	require.Equal(t, "A", string(c.readFrame(5 * time.Second).Fields[0]))
	c.sendText(ucpKannelAlpha51)
	require.Equal(t, "A", string(c.readFrame(5 * time.Second).Fields[0]))
	c.sendOp(60, ucp.Operation, 51, with(func(f []string) {
		f[ucp.F5xAdC], f[ucp.F5xOAdC], f[ucp.F5xMsg] = digits(20), digits(20), strings.Repeat("41", 160)
	})...)
	require.Equal(t, "A", string(c.readFrame(5 * time.Second).Fields[0]))
	c.sendOp(61, ucp.Operation, 51, with(func(f []string) {
		f[ucp.F5xMT], f[ucp.F5xNB], f[ucp.F5xMsg] = "4", "1072", strings.Repeat("00", 134)
		f[ucp.F5xXSer] = "01060500030102" + "01"
	})...)
	require.Equal(t, "A", string(c.readFrame(5 * time.Second).Fields[0]))
	c.sendText(ucpSpecCallInput01)
	require.Equal(t, "A", string(c.readFrame(5 * time.Second).Fields[0]))
	require.Equal(t, int32(5), received.Load())
}
