package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDefaultsAcceptEveryone(t *testing.T) {
	c, err := Load(nil)
	require.NoError(t, err)
	require.True(t, c.Open())
	require.Equal(t, 2775, c.SMPPPort)
	require.Equal(t, "", c.Store)
}

// A file sets accounts and options; a flag on the command line wins over the file.
func TestFileAndFlags(t *testing.T) {
	f := filepath.Join(t.TempDir(), "smscd.toml")
	require.NoError(t, os.WriteFile(f, []byte(`
smpp_port = 3000
store = "x.db"
[receipts]
delay = "1s"
delivered = 3
rejected = 1
[[accounts]]
system_id = "app"
password = "pw"
bind_modes = ["transceiver"]
protocols = ["smpp"]
max_binds = 2
throughput = 10
addresses = ["4477*", "12345"]
`), 0o600))
	c, err := Load([]string{"-config", f, "-smpp-port", "3001", "-account", "u:p:ucp,cimd2::1:5:99*"})
	require.NoError(t, err)
	require.Equal(t, 3001, c.SMPPPort)
	require.Equal(t, "x.db", c.Store)
	require.Equal(t, time.Second, c.Receipts.Delay.Duration)
	require.Equal(t, 1.0, c.Receipts.Rejected)
	require.False(t, c.Open())
	require.Len(t, c.Accounts, 2)
	require.Equal(t, []string{"4477*", "12345"}, c.Accounts[0].Addresses)
	require.Equal(t, Account{SystemID: "u", Password: "p", Protocols: []string{"ucp", "cimd2"}, MaxBinds: 1, Throughput: 5, Addresses: []string{"99*"}}, c.Accounts[1])
}

func TestBadConfigRefused(t *testing.T) {
	f := filepath.Join(t.TempDir(), "smscd.toml")
	require.NoError(t, os.WriteFile(f, []byte("smpp_prot = 1\n"), 0o600))
	_, err := Load([]string{"-config", f})
	require.ErrorContains(t, err, "unknown keys")
	_, err = Load([]string{"-account", "a:b:smtp"})
	require.Error(t, err)
	_, err = Load([]string{"-msgid", "oct"})
	require.Error(t, err)
}

// The example file checked in next to main.go loads and says what its
// comments say.
func TestExampleFileLoads(t *testing.T) {
	c, err := Load([]string{"-config", "../../smscd.example.toml"})
	require.NoError(t, err)
	require.False(t, c.Open())
	require.Len(t, c.Accounts, 3)
	require.Equal(t, "smscd.db", c.Store)
	require.Equal(t, 200, c.Accounts[0].Throughput)
	require.Equal(t, 2*time.Second, c.Receipts.Delay.Duration)
}
