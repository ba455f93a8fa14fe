package metrics

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/core"
)

// smppServer starts an SMPP server on a free loopback port that accepts
// every bind and submit.
func smppServer(t *testing.T) (*core.SMPPServer, string) {
	t.Helper()
	s := core.NewSMPPServer()
	s.SetHandlers(core.SMPPHandlers{
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *core.SmppSubmitMessageReceivedEventArgs) {
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "m"+strconv.Itoa(int(e.SequenceNumber)), false)
		},
	})
	require.Equal(t, core.OK, s.SmppInitializeServer("127.0.0.1", 0, ""))
	t.Cleanup(func() { s.Destroy(true, 5*time.Second) })
	return s, "127.0.0.1:" + strconv.Itoa(s.LocalPort())
}

func pdu(cmd, seq uint32, body string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(body, " ", ""))
	if err != nil {
		panic(err)
	}
	out := make([]byte, 16, 16+len(b))
	binary.BigEndian.PutUint32(out[0:], uint32(16+len(b)))
	binary.BigEndian.PutUint32(out[4:], cmd)
	binary.BigEndian.PutUint32(out[12:], seq)
	return append(out, b...)
}

// readPDU returns the command_id of the next PDU.
func readPDU(t *testing.T, nc net.Conn, r *bufio.Reader) uint32 {
	t.Helper()
	_ = nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	var h [16]byte
	_, err := io.ReadFull(r, h[:])
	require.NoError(t, err)
	_, err = r.Discard(int(binary.BigEndian.Uint32(h[:])) - 16)
	require.NoError(t, err)
	return binary.BigEndian.Uint32(h[4:])
}

// scrape fetches url and parses the exposition.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	require.NoError(t, err)
	return fams
}

// value finds the sample of family name whose labels are exactly labels.
func value(t *testing.T, fams map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	t.Helper()
	f, ok := fams[name]
	require.True(t, ok, "no metric family %s", name)
next:
	for _, m := range f.Metric {
		if len(m.Label) != len(labels) {
			continue
		}
		for _, l := range m.Label {
			if labels[l.GetName()] != l.GetValue() {
				continue next
			}
		}
		return m
	}
	t.Fatalf("%s has no sample %v", name, labels)
	return nil
}

func num(m *dto.Metric) float64 {
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	}
	return -1
}

func TestHandlerExposesServerStatistics(t *testing.T) {
	s, addr := smppServer(t)
	u := core.NewUCPServer()
	require.Equal(t, core.OK, u.UcpInitializeServer("127.0.0.1", 0, ""))
	t.Cleanup(func() { u.Destroy(true, 5*time.Second) })
	c2 := core.NewCIMD2Server()
	require.Equal(t, core.OK, c2.Cimd2InitializeServer("127.0.0.1", 0, ""))
	t.Cleanup(func() { c2.Destroy(true, 5*time.Second) })

	web := httptest.NewServer(Handler(s, u, c2))
	defer web.Close()

	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer nc.Close()
	r := bufio.NewReader(nc)
	// bind_transceiver "sys"/"pw", then 5 submits and one unknown command.
	_, err = nc.Write(pdu(0x09, 1, hex.EncodeToString([]byte("sys"))+"00"+hex.EncodeToString([]byte("pw"))+"00"+"00"+"34"+"000000"))
	require.NoError(t, err)
	require.Equal(t, uint32(0x80000009), readPDU(t, nc, r))
	const n = 5
	for i := 0; i < n; i++ {
		_, err = nc.Write(pdu(0x04, uint32(2+i), "00 05 00 416c70686100 01 01 3100 00 00 00 00 00 00 00 00 00 02 6869"))
		require.NoError(t, err)
		require.Equal(t, uint32(0x80000004), readPDU(t, nc, r))
	}
	_, err = nc.Write(pdu(0x1234, 99, ""))
	require.NoError(t, err)
	require.Equal(t, uint32(0x80000000), readPDU(t, nc, r))

	for round := 0; round < 2; round++ { // a second scrape counts nothing twice
		fams := scrape(t, web.URL)
		smpp := map[string]string{"protocol": "smpp"}
		require.Equal(t, 1.0, num(value(t, fams, "smscd_connections", smpp)))
		require.Equal(t, 1.0, num(value(t, fams, "smscd_connections_accepted_total", smpp)))
		require.Equal(t, 1.0, num(value(t, fams, "smscd_logins", smpp)))
		require.Equal(t, 1.0, num(value(t, fams, "smscd_logins_total", map[string]string{"protocol": "smpp", "result": "accepted"})))
		require.Equal(t, float64(n), num(value(t, fams, "smscd_pdus_total",
			map[string]string{"protocol": "smpp", "direction": "in", "kind": "submit_sm"})))
		require.Equal(t, float64(n), num(value(t, fams, "smscd_pdus_total",
			map[string]string{"protocol": "smpp", "direction": "out", "kind": "submit_sm_resp"})))
		require.Equal(t, 1.0, num(value(t, fams, "smscd_pdus_total",
			map[string]string{"protocol": "smpp", "direction": "out", "kind": "generic_nack"})))
		require.Equal(t, 1.0, num(value(t, fams, "smscd_error_responses_total", smpp)))
		h := value(t, fams, "smscd_response_latency_seconds", map[string]string{"protocol": "smpp", "request": "submit"}).Histogram
		require.NotNil(t, h)
		require.Equal(t, uint64(n), h.GetSampleCount())
		require.Greater(t, h.GetSampleSum(), 0.0)
		// The library's 16 bounds (100 µs .. 10 s), then +Inf holding all.
		require.Len(t, h.Bucket, len(core.LatencyBounds())+1)
		require.Equal(t, 10.0, h.Bucket[len(h.Bucket)-2].GetUpperBound())
		require.Equal(t, uint64(n), h.Bucket[len(h.Bucket)-1].GetCumulativeCount())
		for i := 1; i < len(h.Bucket); i++ {
			require.GreaterOrEqual(t, h.Bucket[i].GetCumulativeCount(), h.Bucket[i-1].GetCumulativeCount())
		}
		// The other protocols are there, at zero.
		require.Equal(t, 0.0, num(value(t, fams, "smscd_connections", map[string]string{"protocol": "ucp"})))
		require.Equal(t, 0.0, num(value(t, fams, "smscd_pdus_total",
			map[string]string{"protocol": "cimd2", "direction": "in", "kind": "submit"})))
		_, ok := fams["go_goroutines"]
		require.True(t, ok, "the Go runtime's metrics")
	}
}

// Two servers of one protocol add up into one series.
func TestCollectorAddsServersOfOneProtocol(t *testing.T) {
	a, addrA := smppServer(t)
	b, addrB := smppServer(t)
	web := httptest.NewServer(Handler(a, b))
	defer web.Close()
	for _, addr := range []string{addrA, addrB, addrB} {
		nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
		require.NoError(t, err)
		defer nc.Close()
		_, err = nc.Write(pdu(0x15, 1, "")) // enquire_link
		require.NoError(t, err)
		require.Equal(t, uint32(0x80000015), readPDU(t, nc, bufio.NewReader(nc)))
	}
	fams := scrape(t, web.URL)
	require.Equal(t, 3.0, num(value(t, fams, "smscd_connections_accepted_total", map[string]string{"protocol": "smpp"})))
	require.Equal(t, 3.0, num(value(t, fams, "smscd_pdus_total",
		map[string]string{"protocol": "smpp", "direction": "out", "kind": "enquire_link_resp"})))
}
