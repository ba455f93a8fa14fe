package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	tc "github.com/smscserver/libsmscserver/cmd/smscd/internal/testclient"
)

// buildSmscd builds this command into a temporary directory.
func buildSmscd(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "smscd")
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go") // the toolchain running this test, PATH or not
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// runSmscd starts the binary on a free SMPP port and returns the process
// and the SMPP address read from its start-up lines.
func runSmscd(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-host", "127.0.0.1", "-smpp-port", "0", "-ucp-port", "-1", "-cimd2-port", "-1",
		"-keepalive", "0"}, args...)...)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	re := regexp.MustCompile(`SMPP listening on \S+ port (\d+)`)
	sc := bufio.NewScanner(out)
	addr := make(chan string, 1)
	go func() {
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- "127.0.0.1:" + m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return cmd, a
	case <-time.After(20 * time.Second):
		t.Fatal("smscd did not start")
	}
	return nil, ""
}

// The restart test: messages acknowledged before a kill -9 are all still
// there after a restart and are delivered once their owner binds; after
// a clean SIGTERM restart nothing is delivered twice.
func TestRestartKeepsAcknowledgedMessages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildSmscd(t)
	dbPath := filepath.Join(t.TempDir(), "smscd.db")
	args := []string{"-store", dbPath, "-account", "sender:pw", "-account", "owner:pw:::::555*",
		"-retry-first", "50ms", "-retry-max", "200ms", "-quiet"}

	cmd, addr := runSmscd(t, bin, args...)
	tx := tc.DialSMPP(t, addr)
	require.Equal(t, uint32(0), tx.Bind(tc.CmdBindTX, "sender", "pw"))
	const n = 50
	want := map[string]bool{}
	for i := range n {
		text := fmt.Sprintf("message %d", i)
		st, id := tx.Submit("1000", fmt.Sprintf("555%04d", i), text, 0)
		require.Equal(t, uint32(0), st)
		require.NotEmpty(t, id)
		want[text] = true
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	cmd.Wait()

	cmd, addr = runSmscd(t, bin, args...)
	rx := tc.DialSMPP(t, addr)
	require.Equal(t, uint32(0), rx.Bind(tc.CmdBindRX, "owner", "pw"))
	got := map[string]bool{}
	for range n {
		d := rx.NextDeliver(0)
		require.True(t, strings.HasPrefix(d.To, "555"), d.To)
		require.False(t, got[d.Text], "delivered twice: %s", d.Text)
		got[d.Text] = true
	}
	require.Equal(t, want, got)
	// Let the answers be stored, then stop cleanly.
	time.Sleep(300 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "clean exit")
	case <-time.After(15 * time.Second):
		t.Fatal("smscd did not stop on SIGTERM")
	}

	_, addr = runSmscd(t, bin, args...)
	rx = tc.DialSMPP(t, addr)
	require.Equal(t, uint32(0), rx.Bind(tc.CmdBindRX, "owner", "pw"))
	if p, err := rx.Read(time.Second); err == nil {
		t.Fatalf("delivered again after a clean restart: command 0x%X %q", p.Cmd, p.Body)
	}
}

// SIGTERM while submits are in flight: every submit the server has read
// gets an answer (an acknowledgement, or ESME_RSYSERR once shutting down)
// before the connection closes, and every acknowledged one is in the
// store after a restart, as the HTTP API lists it.
func TestSIGTERMAnswersEverySubmitInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildSmscd(t)
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "url")
	args := []string{"-store", filepath.Join(dir, "s.db"), "-http", "127.0.0.1:0", "-url-file", urlFile, "-quiet"}
	cmd, addr := runSmscd(t, bin, args...)
	c := tc.DialSMPP(t, addr)
	require.Equal(t, uint32(0), c.Bind(tc.CmdBindTX, "app", "pw"))
	// A window of 64 as a client would keep, so the server has read what
	// was sent (the library stops reading a client that has too many
	// requests pending); SIGTERM right after the last submit is written.
	const n, window = 1000, 64
	sent := 0
	for ; sent < window; sent++ {
		c.SubmitAsync("1000", "2000", fmt.Sprintf("m%d", sent), 0)
	}
	acked := map[string]bool{}
	answers := 0
	for {
		p, err := c.Read(10 * time.Second)
		if err != nil {
			// A connection closed with a late submit still unread ends
			// with a reset instead of an end of stream.
			if !errors.Is(err, io.EOF) {
				require.ErrorIs(t, err, syscall.ECONNRESET)
				require.GreaterOrEqual(t, answers, sent-window)
				t.Logf("connection reset: %d of %d answered", answers, sent)
				break
			}
			require.Equal(t, sent, answers, "every submit answered")
			break
		}
		if p.Cmd != tc.CmdSubmit|tc.CmdResp {
			continue
		}
		answers++
		if p.Status == 0 {
			acked[strings.TrimRight(string(p.Body), "\x00")] = true
		} else {
			require.Equal(t, uint32(0x08), p.Status, "ESME_RSYSERR while shutting down")
		}
		if sent < n {
			c.SubmitAsync("1000", "2000", fmt.Sprintf("m%d", sent), 0)
			if sent++; sent == n {
				require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
			}
		}
	}
	require.NoError(t, cmd.Wait(), "clean exit")
	t.Logf("%d of %d acknowledged before the shutdown", len(acked), sent)

	os.Remove(urlFile)
	runSmscd(t, bin, args...)
	var base string
	require.Eventually(t, func() bool {
		b, err := os.ReadFile(urlFile)
		base, _, _ = strings.Cut(string(b), "\n")
		return err == nil && strings.HasPrefix(base, "http://")
	}, 10*time.Second, 20*time.Millisecond)
	stored := map[string]bool{}
	before := ""
	for {
		res, err := http.Get(base + "/api/v1/messages?limit=500" + before)
		require.NoError(t, err)
		var page struct {
			Messages   []struct{ ID string }
			NextBefore string `json:"next_before"`
		}
		require.NoError(t, json.NewDecoder(res.Body).Decode(&page))
		res.Body.Close()
		for _, m := range page.Messages {
			stored[m.ID] = true
		}
		if page.NextBefore == "" || len(page.Messages) == 0 {
			break
		}
		before = "&before=" + page.NextBefore
	}
	for id := range acked {
		require.True(t, stored[id], "acknowledged %s is stored", id)
	}
}
