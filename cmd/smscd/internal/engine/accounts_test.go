package engine

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
)

func TestRoutingLongestPrefixWins(t *testing.T) {
	c := config.Default()
	c.Accounts = []config.Account{
		{SystemID: "wide", Addresses: []string{"44*"}},
		{SystemID: "narrow", Addresses: []string{"4477*"}},
		{SystemID: "one", Addresses: []string{"447700900123"}},
	}
	a := newAccounts(&c)
	require.Equal(t, "one", a.owner("+447700900123"))
	require.Equal(t, "narrow", a.owner("447700900124"))
	require.Equal(t, "wide", a.owner("4420"))
	require.Equal(t, "", a.owner("33123"))
}

func TestThroughputBucket(t *testing.T) {
	c := config.Default()
	c.Accounts = []config.Account{{SystemID: "a", Throughput: 2}}
	a := newAccounts(&c)
	now := time.Now()
	require.True(t, a.allow("a", now))
	require.True(t, a.allow("a", now))
	require.False(t, a.allow("a", now))
	require.True(t, a.allow("a", now.Add(600*time.Millisecond)))
}
