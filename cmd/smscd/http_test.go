package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/config"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/engine"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
	tc "github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
)

// The HTTP API on the real engine: an MO injected over HTTP reaches the
// account bound over SMPP, the session is listed, and deleting it closes
// the client's connection.
func TestHTTPInjectListDisconnect(t *testing.T) {
	cfg := config.Default()
	cfg.SMPPPort, cfg.UCPPort, cfg.CIMD2Port, cfg.KeepAlive = 0, -1, -1, 0
	cfg.Accounts = []config.Account{{SystemID: "shop", Password: "pw", Addresses: []string{"4670*"}}}
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), true)
	require.NoError(t, err)
	eng := engine.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), func(string, ...any) {})
	require.NoError(t, eng.Start())
	defer func() { eng.Stop(2 * time.Second); st.Close() }()
	srv := httptest.NewServer(newMux(eng, nil, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	port, _, _ := eng.Ports()

	c := tc.DialSMPP(t, "127.0.0.1:"+strconv.Itoa(port))
	require.Equal(t, uint32(0), c.Bind(tc.CmdBindTRX, "shop", "pw"))

	res, err := http.Post(srv.URL+"/api/v1/mo", "application/json", strings.NewReader(`{"from":"4600","to":"4670123","text":"hello shop"}`))
	require.NoError(t, err)
	var msg model.Message
	require.NoError(t, json.NewDecoder(res.Body).Decode(&msg))
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode)
	d := c.NextDeliver(0)
	require.Equal(t, "hello shop", d.Text)
	require.Equal(t, "4600", d.From)
	require.Equal(t, "4670123", d.To)
	require.Eventually(t, func() bool {
		m, err := eng.Message(t.Context(), msg.ID)
		return err == nil && m.State == model.StateDelivered
	}, 3*time.Second, 20*time.Millisecond)

	res, err = http.Get(srv.URL + "/api/v1/messages/" + msg.ID)
	require.NoError(t, err)
	var got model.Message
	require.NoError(t, json.NewDecoder(res.Body).Decode(&got))
	res.Body.Close()
	require.Equal(t, model.StateDelivered, got.State)
	require.Equal(t, "shop", got.TargetAccount)

	res, err = http.Get(srv.URL + "/api/v1/sessions")
	require.NoError(t, err)
	var list struct{ Sessions []model.Session }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&list))
	res.Body.Close()
	sessions := list.Sessions
	require.Len(t, sessions, 1)
	require.Equal(t, "shop", sessions[0].Account)
	require.Equal(t, "transceiver", sessions[0].BindMode)

	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/v1/sessions/"+sessions[0].ID, nil)
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Less(t, res.StatusCode, 300)
	_, err = c.Read(3 * time.Second)
	require.ErrorIs(t, err, io.EOF, "the client sees its connection closed")
}

// /metrics on the real engine counts what a client did: its bind and its
// submits appear in the Prometheus exposition with the protocol's kinds.
func TestHTTPMetricsCountAClientsSubmits(t *testing.T) {
	cfg := config.Default()
	cfg.SMPPPort, cfg.UCPPort, cfg.CIMD2Port, cfg.KeepAlive = 0, -1, 0, 0
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), true)
	require.NoError(t, err)
	eng := engine.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), func(string, ...any) {})
	require.NoError(t, eng.Start())
	defer func() { eng.Stop(2 * time.Second); st.Close() }()
	srv := httptest.NewServer(newMux(eng, metricsHandler(eng), slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	port, _, _ := eng.Ports()

	c := tc.DialSMPP(t, "127.0.0.1:"+strconv.Itoa(port))
	require.Equal(t, uint32(0), c.Bind(tc.CmdBindTRX, "anyone", "pw"))
	const n = 7
	for i := 0; i < n; i++ {
		status, _ := c.Submit("4600", "4670123", "count me", 0)
		require.Equal(t, uint32(0), status)
	}

	res, err := http.Get(srv.URL + "/metrics")
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	text := string(body)
	require.Contains(t, text, `smscd_pdus_total{direction="in",kind="submit_sm",protocol="smpp"} `+strconv.Itoa(n)+"\n")
	require.Contains(t, text, `smscd_pdus_total{direction="out",kind="submit_sm_resp",protocol="smpp"} `+strconv.Itoa(n)+"\n")
	require.Contains(t, text, `smscd_logins{protocol="smpp"} 1`+"\n")
	require.Contains(t, text, `smscd_connections{protocol="cimd2"} 0`+"\n", "the CIMD2 server is on and reported")
	require.NotContains(t, text, `protocol="ucp"`, "the UCP server is off and left out")
}
