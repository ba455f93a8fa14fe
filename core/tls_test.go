package core

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/ucp"
	"github.com/smscserver/libsmscserver/internal/testpki"
	"github.com/stretchr/testify/require"
)

// TLS over loopback (docs/api.md, "TLS"). Every key and certificate is
// made here at run time (ECDSA P-256); none is checked in.

type testPKI struct {
	dir               string
	ca                *testpki.CA
	pool              *x509.CertPool
	caFile            string
	certFile, keyFile string
}

func newTestPKI(t testing.TB) *testPKI {
	t.Helper()
	ca, err := testpki.NewCA(pkix.Name{CommonName: "test CA", Organization: []string{"libsmscserver tests"}})
	require.NoError(t, err)
	p := &testPKI{dir: t.TempDir(), ca: ca, pool: ca.Pool()}
	p.caFile = filepath.Join(p.dir, "ca.pem")
	require.NoError(t, ca.WriteCert(p.caFile))
	p.certFile, p.keyFile = filepath.Join(p.dir, "server.pem"), filepath.Join(p.dir, "server.key")
	p.writeServer(t, 100)
	return p
}

// issue makes a leaf signed by the CA: a server's for 127.0.0.1 or a client's.
func (p *testPKI) issue(t testing.TB, serial int64, subject pkix.Name, client bool) testpki.Leaf {
	t.Helper()
	l, err := p.ca.Issue(serial, subject, client)
	require.NoError(t, err)
	return l
}

// writeServer (re)writes the server's pair with the given serial, each file
// replaced at once (renamed into place) so a reload never sees half of one.
func (p *testPKI) writeServer(t testing.TB, serial int64) {
	t.Helper()
	l := p.issue(t, serial, pkix.Name{CommonName: "127.0.0.1"}, false)
	require.NoError(t, l.Write(p.certFile+".tmp", p.keyFile+".tmp"))
	require.NoError(t, os.Rename(p.keyFile+".tmp", p.keyFile))
	require.NoError(t, os.Rename(p.certFile+".tmp", p.certFile))
}

func (p *testPKI) clientCert(t testing.TB, cn string) tls.Certificate {
	return p.issue(t, 7, pkix.Name{CommonName: cn, Organization: []string{"Operator A"}}, true).TLSCertificate()
}

func (p *testPKI) ext(extra string) string {
	s := "tls-cert=" + p.certFile + ";tls-key=" + p.keyFile
	if extra != "" {
		s += ";" + extra
	}
	return s
}

func (p *testPKI) dial(t testing.TB, addr string, conf *tls.Config) (*tls.Conn, error) {
	t.Helper()
	if conf == nil {
		conf = &tls.Config{}
	}
	conf.RootCAs = p.pool
	d := &net.Dialer{Timeout: 5 * time.Second}
	tc, err := tls.DialWithDialer(d, "tcp", addr, conf)
	if err == nil {
		t.Cleanup(func() { tc.Close() })
	}
	return tc, err
}

func tlsRaw(t testing.TB, tc *tls.Conn) *rawClient { return &rawClient{t: t, nc: tc} }

func TestTLSSMPPBindSubmit(t *testing.T) {
	p := newTestPKI(t)
	for _, v := range []struct {
		name string
		max  uint16
	}{{"TLS1.3", tls.VersionTLS13}, {"TLS1.2", tls.VersionTLS12}} {
		t.Run(v.name, func(t *testing.T) {
			ps := startProxySMPP(t, p.ext(""))
			tc, err := p.dial(t, ps.addr, &tls.Config{MaxVersion: v.max})
			require.NoError(t, err)
			c := tlsRaw(t, tc)
			e := recv(t, ps.conn, 5*time.Second, "connected")
			require.Equal(t, "127.0.0.1", e.RemoteHost)
			kv := ParseParams(e.ExtendedParameters)
			ver, _ := kv.Get("", "tls.version")
			require.Equal(t, v.name, ver)
			cs, _ := kv.Get("", "tls.cipher")
			require.Equal(t, tls.CipherSuiteName(tc.ConnectionState().CipherSuite), cs)
			_, has := kv.Get("", "tls.peer-subject")
			require.False(t, has)
			c.write(bindPDU)
			bound(t, c)
			c.write(pduHex(cmdSubmitSM, 0, 2, submitBodyA))
			// Answered by the library (ESME_RSYSERR: this host has no
			// submit handler), so the submit crossed TLS both ways.
			r := c.read(5 * time.Second)
			require.Equal(t, [2]uint32{cmdSubmitSM | respBit, 2}, [2]uint32{r.cmd, r.seq})
		})
	}
}

// A host's close ends the TLS session in order: the client reads the
// close_notify as end of stream (io.EOF), not a truncation.
func TestTLSHostCloseSendsCloseNotify(t *testing.T) {
	p := newTestPKI(t)
	ps := startProxySMPP(t, p.ext(""))
	tc, err := p.dial(t, ps.addr, nil)
	require.NoError(t, err)
	c := tlsRaw(t, tc)
	e := recv(t, ps.conn, 5*time.Second, "connected")
	c.write(bindPDU)
	bound(t, c)
	require.Equal(t, OK, ps.s.TcpCloseConnection(e.ClientID))
	_ = tc.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = tc.Read(make([]byte, 1))
	require.ErrorIs(t, err, io.EOF)
	d := recv(t, ps.disc, 5*time.Second, "disconnected")
	require.Equal(t, ReasonLocal, d.Reason)
}

func TestTLSPlainServerReportsNoParams(t *testing.T) {
	ps := startProxySMPP(t, "")
	c := dialRaw(t, ps.addr)
	e := recv(t, ps.conn, 5*time.Second, "connected")
	require.Equal(t, "", e.ExtendedParameters)
	c.write(bindPDU)
	bound(t, c)
}

func TestTLSUCPAndCIMD2(t *testing.T) {
	p := newTestPKI(t)
	t.Run("UCP", func(t *testing.T) {
		got := make(chan *UcpSubmitMessageReceivedEventArgs, 1)
		_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
			return UCPHandlers{
				OnUcpLoginReceived: ucpAcceptAll(s),
				OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
					got <- e
					s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", ucpReasmBase, 0, "")
				},
			}
		}, p.ext(""))
		tc, err := p.dial(t, addr, nil)
		require.NoError(t, err)
		c := &ucpClient{rawClient: tlsRaw(t, tc)}
		c.login()
		c.sendOp(5, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "hi", "")...)
		f := c.readFrame(5 * time.Second)
		require.Equal(t, 5, f.TRN)
		require.Equal(t, "hi", recv(t, got, 5*time.Second, "submit").Content)
	})
	t.Run("CIMD2", func(t *testing.T) {
		conn := make(chan *TcpConnectedEventArgs, 1)
		_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
			return CIMD2Handlers{
				OnTcpConnected:       func(e *TcpConnectedEventArgs) { conn <- e; s.TcpAcceptConnection(e.ClientID) },
				OnCimd2LoginReceived: c2AcceptLogins(s),
				OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
					s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, c2Stamp, 0, "")
				},
			}
		}, p.ext("tls-min-version=1.3"))
		tc, err := p.dial(t, addr, nil)
		require.NoError(t, err)
		c := &c2Client{t: t, nc: tc, r: bufio.NewReader(tc)}
		require.Contains(t, recv(t, conn, 5*time.Second, "connected").ExtendedParameters, "tls.version=TLS1.3;")
		c.login()
		c.send("<STX>03:003<TAB>021:4412345<TAB>023:1234<TAB>056:14<TAB>055:0<TAB>044:0<TAB>033:Hello _Oa_XX(_XXe_XX>_a\"<TAB>4B<ETX>")
		c.expect("<STX>53:003<TAB>021:4412345<TAB>060:261121232018<TAB>B3<ETX>")
	})
}

func TestTLSMinVersionRefusesOlderClient(t *testing.T) {
	p := newTestPKI(t)
	ps := startProxySMPP(t, p.ext("tls-min-version=1.3"))
	_, err := p.dial(t, ps.addr, &tls.Config{MaxVersion: tls.VersionTLS12})
	require.Error(t, err)
	ps.served13(t, p)
	requireHandshakeFailure(t, ps)
}

// requireHandshakeFailure: a failed handshake raises OnTcpDisconnected
// alone (no OnTcpConnected), its Reason -1 and its ReasonText naming TLS.
func requireHandshakeFailure(t *testing.T, ps *proxyServer) {
	t.Helper()
	d := recv(t, ps.disc, 5*time.Second, "OnTcpDisconnected of the failed handshake")
	require.Equal(t, ReasonLocal, d.Reason)
	require.Contains(t, d.ReasonText, "TLS")
}

// served13 checks that a good TLS client is served and that its
// OnTcpConnected is the next one: the dropped connection raised none.
func (ps *proxyServer) served13(t *testing.T, p *testPKI) {
	t.Helper()
	tc, err := p.dial(t, ps.addr, nil)
	require.NoError(t, err)
	c := tlsRaw(t, tc)
	e := recv(t, ps.conn, 5*time.Second, "connected")
	require.Contains(t, e.ExtendedParameters, "tls.version=TLS1.3")
	c.write(bindPDU)
	bound(t, c)
}

func TestTLSClientAuthRequire(t *testing.T) {
	p := newTestPKI(t)
	ps := startProxySMPP(t, p.ext("tls-client-ca="+p.caFile+";tls-client-auth=require"))

	// Without a certificate: TLS 1.3 lets the client finish its side, so
	// the refusal shows on its first read.
	tc, err := p.dial(t, ps.addr, nil)
	if err == nil {
		tc.Write(bindPDU)
		_ = tc.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = tc.Read(make([]byte, 1))
	}
	require.Error(t, err)
	require.NotErrorIs(t, err, os.ErrDeadlineExceeded)

	cert := p.clientCert(t, "esme;1")
	tc, err = p.dial(t, ps.addr, &tls.Config{Certificates: []tls.Certificate{cert}})
	require.NoError(t, err)
	c := tlsRaw(t, tc)
	e := recv(t, ps.conn, 5*time.Second, "connected")
	kv := ParseParams(e.ExtendedParameters)
	subj, _ := kv.Get("", "tls.peer-subject")
	require.Equal(t, `CN=esme\3B1,O=Operator A`, subj)
	iss, _ := kv.Get("", "tls.peer-issuer")
	require.Equal(t, "CN=test CA,O=libsmscserver tests", iss)
	serial, _ := kv.Get("", "tls.peer-serial")
	require.Equal(t, "7", serial)
	c.write(bindPDU)
	bound(t, c)
}

func TestTLSBadHandshakesEndOnlyTheirConnection(t *testing.T) {
	p := newTestPKI(t)
	ps := startProxySMPP(t, p.ext("tls-handshake-timeout=1"))

	garbage := dialRaw(t, ps.addr)
	garbage.write(bindPDU) // SMPP where a ClientHello belongs
	silent := dialRaw(t, ps.addr)

	ps.served13(t, p) // served while the silent one waits
	garbage.expectClosed(5 * time.Second)
	start := time.Now()
	silent.expectClosed(5 * time.Second)
	require.Less(t, time.Since(start), 4*time.Second)
	require.Empty(t, ps.conn, "no OnTcpConnected for a failed handshake")
	requireHandshakeFailure(t, ps) // the garbage
	requireHandshakeFailure(t, ps) // the silent one
	require.Empty(t, ps.disc)
}

func TestTLSBehindProxyHeader(t *testing.T) {
	p := newTestPKI(t)
	ps := startProxySMPP(t, p.ext("proxy-protocol=on;proxy-trusted=127.0.0.1"))
	d := &net.Dialer{Timeout: 5 * time.Second}
	raw, err := d.Dial("tcp", ps.addr)
	require.NoError(t, err)
	t.Cleanup(func() { raw.Close() })
	_, err = raw.Write([]byte("PROXY TCP4 192.0.2.7 127.0.0.1 40000 2775\r\n"))
	require.NoError(t, err)
	tc := tls.Client(raw, &tls.Config{RootCAs: p.pool, ServerName: "127.0.0.1"})
	c := tlsRaw(t, tc)
	c.write(bindPDU)
	e := recv(t, ps.conn, 5*time.Second, "connected")
	require.Equal(t, "192.0.2.7", e.RemoteHost)
	require.Contains(t, e.ExtendedParameters, "tls.version=TLS1.3")
	bound(t, c)
}

func TestTLSCertificateReload(t *testing.T) {
	p := newTestPKI(t)
	ps := startProxySMPP(t, p.ext(""))
	serial := func() int64 {
		tc, err := p.dial(t, ps.addr, nil)
		require.NoError(t, err)
		<-ps.conn
		s := tc.ConnectionState().PeerCertificates[0].SerialNumber.Int64()
		tc.Close()
		return s
	}
	require.Equal(t, int64(100), serial())

	// A bad new pair (a key that does not match) keeps the old one.
	good, err := os.ReadFile(p.keyFile)
	require.NoError(t, err)
	other := p.issue(t, 5, pkix.Name{CommonName: "x"}, false)
	od, err := x509.MarshalECPrivateKey(other.Key)
	require.NoError(t, err)
	require.NoError(t, testpki.WritePEM(p.keyFile, "EC PRIVATE KEY", od))
	time.Sleep(certReloadInterval + 200*time.Millisecond)
	require.Equal(t, int64(100), serial())
	require.NoError(t, os.WriteFile(p.keyFile, good, 0o600))

	p.writeServer(t, 101)
	waitFor(t, 10*time.Second, func() bool { return serial() == 101 }, "the renewed certificate")
}

func TestTLSOptionErrors(t *testing.T) {
	p := newTestPKI(t)
	junk := filepath.Join(p.dir, "junk.pem")
	require.NoError(t, os.WriteFile(junk, []byte("not PEM"), 0o600))
	for _, ext := range []string{
		"tls-cert=" + p.certFile,
		"tls-key=" + p.keyFile,
		"tls-cert=" + p.certFile + ";tls-key=" + junk,
		"tls-cert=" + filepath.Join(p.dir, "missing.pem") + ";tls-key=" + p.keyFile,
		"tls-cert=" + p.caFile + ";tls-key=" + p.keyFile, // does not match the key
		p.ext("tls-min-version=1.1"),
		p.ext("tls-client-auth=require"),
		p.ext("tls-client-auth=maybe;tls-client-ca=" + p.caFile),
		p.ext("tls-client-ca=" + p.caFile),
		p.ext("tls-client-auth=request;tls-client-ca=" + junk),
		p.ext("tls-handshake-timeout=0"),
		"tls-min-version=1.3",
	} {
		s := NewSMPPServer()
		require.Equal(t, ErrInvalidArgument, s.SmppInitializeServer("127.0.0.1", 0, ext), ext)
		s.Destroy(true, time.Second)
	}
	for _, ext := range []string{
		p.ext("tls-client-auth=request;tls-client-ca=" + p.caFile),
		p.ext("tls-min-version=1.2;tls-handshake-timeout=2.5;tls-client-auth=none"),
	} {
		s := NewSMPPServer()
		require.Equal(t, OK, s.SmppInitializeServer("127.0.0.1", 0, ext), ext)
		s.Destroy(true, time.Second)
	}
	require.True(t, strings.HasPrefix(p.ext(""), "tls-cert="))
}
