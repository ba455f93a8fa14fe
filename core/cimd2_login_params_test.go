package core

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// A login without user identity (010) or password (011) is answered 51
// with 900:2 by the library; the host never sees it, and a complete login
// on the same connection or another one is still handled.
func TestCIMD2LoginWithoutMandatoryParameters(t *testing.T) {
	var logins atomic.Int32
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		accept := c2AcceptLogins(s)
		return CIMD2Handlers{OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
			logins.Add(1)
			accept(e)
		}}
	}, "")
	c := dialCIMD2(t, addr)
	for i, params := range [][]string{
		{"011:secret"},              // no user identity
		{"010:cimduser"},            // no password
		{},                          // neither
		{"010:", "011:secret"},      // an empty identity
		{"012:1", "019:5", "044:1"}, // other parameters only
	} {
		num := 2*i + 1
		c.write(c2Packet(1, num, params...))
		g := c.expectOp(51, num)
		require.Equal(t, "2", g.param(900), "%v", params)
	}
	require.Zero(t, logins.Load(), "no login reached the host")

	c.write(c2Packet(1, 11, "010:cimduser", "011:"))
	g := c.expectOp(51, 11)
	require.Empty(t, g.param(900), "an empty password is the host's to judge")
	require.Equal(t, int32(1), logins.Load())

	other := dialCIMD2(t, addr)
	other.login()
	other.send("<STX>40:003<TAB><ETX>")
	other.expectOp(90, 3)
}
