package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	tc "github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
)

// Without -store the messages live in memory: over a real SMPP session
// every acknowledged submit is listed by the HTTP API (paged), a receipt
// still comes through the scheduler, no file is written to the temporary
// directory, and a restart starts empty.
func TestWithoutStoreKeepsMessagesInMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildSmscd(t)
	dir, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp) // the child's: it must not put a store there
	urlFile := filepath.Join(dir, "url")
	args := []string{"-http", "127.0.0.1:0", "-url-file", urlFile, "-quiet", "-receipt-delay", "50ms"}
	cmd, addr := runSmscd(t, bin, args...)
	c := tc.DialSMPP(t, addr)
	require.Equal(t, uint32(0), c.Bind(tc.CmdBindTRX, "app", "pw"))

	const n = 250
	acked := map[string]bool{}
	for i := range n {
		st, id := c.Submit("1000", "2000", fmt.Sprintf("m%d", i), 0)
		require.Equal(t, uint32(0), st)
		acked[id] = true
	}
	st, withReceipt := c.Submit("1000", "2000", "receipt please", 1)
	require.Equal(t, uint32(0), st)
	d := c.NextDeliver(0)
	require.Equal(t, withReceipt, tc.ReceiptID(d.Text), "receipt for the submit: %q", d.Text)
	acked[withReceipt] = true

	require.Equal(t, acked, listAll(t, readURL(t, urlFile)))
	entries, err := os.ReadDir(tmp)
	require.NoError(t, err)
	require.Empty(t, entries, "nothing written to TMPDIR")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, cmd.Wait(), "clean exit")
	os.Remove(urlFile)
	runSmscd(t, bin, args...)
	require.Empty(t, listAll(t, readURL(t, urlFile)), "a restart keeps nothing")
}

// readURL waits for the HTTP API's address in urlFile.
func readURL(t *testing.T, urlFile string) string {
	var base string
	require.Eventually(t, func() bool {
		b, err := os.ReadFile(urlFile)
		base, _, _ = strings.Cut(string(b), "\n")
		return err == nil && strings.HasPrefix(base, "http://")
	}, 10*time.Second, 20*time.Millisecond)
	return base
}

// listAll pages through the HTTP API's message list, 100 at a time.
func listAll(t *testing.T, base string) map[string]bool {
	ids := map[string]bool{}
	before := ""
	for range 100 {
		res, err := http.Get(base + "/api/v1/messages?limit=100" + before)
		require.NoError(t, err)
		var page struct {
			Messages   []struct{ ID string }
			NextBefore string `json:"next_before"`
		}
		require.NoError(t, json.NewDecoder(res.Body).Decode(&page))
		res.Body.Close()
		for _, m := range page.Messages {
			require.False(t, ids[m.ID], "listed twice: %s", m.ID)
			ids[m.ID] = true
		}
		if page.NextBefore == "" || len(page.Messages) == 0 {
			break
		}
		before = "&before=" + page.NextBefore
	}
	return ids
}
