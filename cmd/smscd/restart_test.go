package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
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
