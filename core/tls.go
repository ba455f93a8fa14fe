package core

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// TLS on the listening port (docs/api.md, "TLS"): with tls-cert and
// tls-key every connection starts with a TLS handshake, implicit TLS as
// SMPP over TLS is deployed (port 3550 by convention), UCP and CIMD2 alike.
// The handshake runs on the connection's goroutine after the PROXY header
// and before OnTcpConnected; a connection whose handshake fails is closed
// without any event, like one with a bad PROXY header: the host never saw
// it connected. The framereader and the out-queue then read and write
// through the *tls.Conn (it is no syscall.Conn, so they use its Read and
// Write).

// tlsConfig is the TLS part of Config, parsed by parse; nil store = plain TCP.
type tlsConfig struct {
	store            *certStore
	clientCAs        *x509.CertPool
	clientAuth       tls.ClientAuthType
	minVersion       uint16
	handshakeTimeout time.Duration
	conf             *tls.Config // built once by parse, shared by the connections
}

const defaultTLSHandshakeTimeout = 10 * time.Second

// certReloadInterval: GetCertificate looks at the files' size and mtime at
// most this often, so a renewed certificate is served within seconds and a
// busy listener does not stat twice per handshake.
const certReloadInterval = 2 * time.Second

// parse reads tls-cert, tls-key, tls-client-ca, tls-client-auth,
// tls-min-version and tls-handshake-timeout. Any TLS key without both
// tls-cert and tls-key is refused, as are unreadable files, a pair that
// does not match, a client CA without client-auth and the reverse: a CA
// named with client-auth=none would silently check nobody, and
// request/require without a CA would report names no one vouched for.
func (tc *tlsConfig) parse(p Params, proto string) error {
	get := func(k string) string { v, _ := p.Get(proto, k); return strings.TrimSpace(v) }
	cert, key, ca := get("tls-cert"), get("tls-key"), get("tls-client-ca")
	auth, minv := strings.ToLower(get("tls-client-auth")), get("tls-min-version")
	hto, err := p.Seconds(proto, "tls-handshake-timeout", defaultTLSHandshakeTimeout)
	if err != nil || hto <= 0 {
		return ErrInvalidArgument
	}
	_, hasTO := p.Get(proto, "tls-handshake-timeout")
	if cert == "" && key == "" {
		if ca != "" || auth != "" || minv != "" || hasTO {
			return ErrInvalidArgument
		}
		return nil
	}
	if cert == "" || key == "" {
		return ErrInvalidArgument
	}
	tc.handshakeTimeout = hto
	switch minv {
	case "", "1.2":
		tc.minVersion = tls.VersionTLS12
	case "1.3":
		tc.minVersion = tls.VersionTLS13
	default:
		return ErrInvalidArgument
	}
	switch auth {
	case "", "none":
		tc.clientAuth = tls.NoClientCert
	case "request":
		tc.clientAuth = tls.VerifyClientCertIfGiven
	case "require":
		tc.clientAuth = tls.RequireAndVerifyClientCert
	default:
		return ErrInvalidArgument
	}
	if (ca != "") != (tc.clientAuth != tls.NoClientCert) {
		return ErrInvalidArgument
	}
	if ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return ErrInvalidArgument
		}
		tc.clientCAs = x509.NewCertPool()
		if !tc.clientCAs.AppendCertsFromPEM(pem) {
			return ErrInvalidArgument
		}
	}
	tc.store = &certStore{certFile: cert, keyFile: key}
	if err := tc.store.load(); err != nil {
		return ErrInvalidArgument
	}
	tc.conf = &tls.Config{
		GetCertificate: tc.store.get,
		MinVersion:     tc.minVersion,
		ClientAuth:     tc.clientAuth,
		ClientCAs:      tc.clientCAs,
	}
	return nil
}

// certStore holds the served key pair and re-reads it when its files
// change: a renewed certificate takes effect without a restart. A new pair
// that does not load (half written, not matching) keeps the old one in
// service and is logged; the next change is tried again.
type certStore struct {
	certFile, keyFile string
	log               func() *slog.Logger // the server's logger, set at initialize

	mu        sync.Mutex
	cert      *tls.Certificate
	stamp     [2]fileStamp // of the files when last loaded or tried
	lastCheck time.Time
}

type fileStamp struct {
	size  int64
	mtime time.Time
}

func statStamp(path string) fileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{size: -1}
	}
	return fileStamp{size: fi.Size(), mtime: fi.ModTime()}
}

// load reads the pair for the first time (at InitializeServer).
func (cs *certStore) load() error {
	st := [2]fileStamp{statStamp(cs.certFile), statStamp(cs.keyFile)}
	c, err := tls.LoadX509KeyPair(cs.certFile, cs.keyFile)
	if err != nil {
		return err
	}
	cs.cert, cs.stamp, cs.lastCheck = &c, st, time.Now()
	return nil
}

// get is tls.Config.GetCertificate: the current pair, reloaded first when
// the files changed since the last look (at most every certReloadInterval).
func (cs *certStore) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	now := time.Now()
	if now.Sub(cs.lastCheck) < certReloadInterval {
		return cs.cert, nil
	}
	cs.lastCheck = now
	st := [2]fileStamp{statStamp(cs.certFile), statStamp(cs.keyFile)}
	if st == cs.stamp {
		return cs.cert, nil
	}
	cs.stamp = st
	c, err := tls.LoadX509KeyPair(cs.certFile, cs.keyFile)
	if err != nil {
		if cs.log != nil {
			cs.log().Error("TLS: the changed certificate or key does not load; the previous pair stays in service",
				"cert", cs.certFile, "key", cs.keyFile, "err", err)
		}
		return cs.cert, nil
	}
	cs.cert = &c
	if cs.log != nil {
		args := []any{"cert", cs.certFile}
		if len(c.Certificate) > 0 {
			if leaf, err := x509.ParseCertificate(c.Certificate[0]); err == nil {
				args = append(args, "serial", leaf.SerialNumber.String(), "not_after", leaf.NotAfter)
			}
		}
		cs.log().Info("TLS: certificate reloaded", args...)
	}
	return cs.cert, nil
}

// prefixConn is the socket under the TLS layer. It gives that layer the
// bytes a PROXY header's reader took past the header (the start of the
// ClientHello) before the socket's own, and bounds the close_notify that
// tls.Conn.Close writes (with a deadline of its own, 5 s) to
// closeNotifyWait.
type prefixConn struct {
	net.Conn
	early   []byte
	closing atomic.Bool
}

// closeNotifyWait: how long a closing TLS connection may wait for room in
// the socket to write its close_notify alert. A peer that reads gets it at
// once; one that does not loses nothing it would have read.
const closeNotifyWait = time.Second

func (pc *prefixConn) SetWriteDeadline(t time.Time) error {
	if pc.closing.Load() {
		if lim := time.Now().Add(closeNotifyWait); t.IsZero() || t.After(lim) {
			t = lim
		}
	}
	return pc.Conn.SetWriteDeadline(t)
}

// closeTLS ends a TLS connection: a close_notify alert when the handshake
// is done (so the client reads an orderly end, not a truncation), then the
// socket. It runs on a goroutine of its own, because close is called from
// the host's threads (tcpCloseConnection, Destroy), which must not wait on
// a peer's socket.
func (c *conn) closeTLS() {
	c.prefix.closing.Store(true)
	go c.nc.Close()
}

func (pc *prefixConn) Read(b []byte) (int, error) {
	if len(pc.early) > 0 {
		n := copy(b, pc.early)
		pc.early = pc.early[n:]
		return n, nil
	}
	return pc.Conn.Read(b)
}

// handshakeTLS runs the server handshake within tls-handshake-timeout. It
// returns false when the connection was dropped (closed, logged, no event).
func (c *conn) handshakeTLS() bool {
	tc := c.nc.(*tls.Conn)
	c.prefix.early, c.early = c.early, nil
	tcpAddr := c.tcp.RemoteAddr().String()
	_ = c.tcp.SetDeadline(time.Now().Add(c.cfg.tls.handshakeTimeout))
	err := tc.Handshake()
	_ = c.tcp.SetDeadline(time.Time{})
	if c.isClosed() { // Destroy or tcpCloseAllConnections meanwhile
		c.close(ReasonLocal, "closed by host")
		return false
	}
	if err != nil {
		reason, why := ReasonLocal, "TLS handshake failed: "+err.Error()
		if errors.Is(err, os.ErrDeadlineExceeded) {
			why = "no TLS handshake within tls-handshake-timeout"
		} else if r, text := networkReason(err, "TLS handshake"); r > 0 {
			reason, why = r, text // a reset or other network error: its errno
		}
		c.srv.logger().Warn("TLS: connection closed before OnTcpConnected: "+why,
			"remote", tcpAddr, "client", c.remoteAddr)
		// The raw socket: a close_notify after a failed handshake would
		// only wait on a peer that is not speaking TLS.
		c.tcp.Close()
		c.close(reason, why)
		return false
	}
	c.tlsParams = tlsStateParams(tc.ConnectionState())
	return true
}

// tlsStateParams is the ExtendedParameters of OnTcpConnected for a TLS
// connection: tls.version, tls.cipher and, when the client sent a
// certificate (verified against tls-client-ca), tls.peer-subject and
// tls.peer-issuer as RFC 4514 strings.
func tlsStateParams(st tls.ConnectionState) string {
	var pb ParamsBuilder
	pb.Add("tls.version", strings.ReplaceAll(tls.VersionName(st.Version), " ", ""))
	pb.Add("tls.cipher", tls.CipherSuiteName(st.CipherSuite))
	if len(st.PeerCertificates) > 0 {
		leaf := st.PeerCertificates[0]
		pb.Add("tls.peer-subject", paramSafeDN(leaf.Subject.String()))
		pb.Add("tls.peer-issuer", paramSafeDN(leaf.Issuer.String()))
		pb.Add("tls.peer-serial", leaf.SerialNumber.String())
	}
	return pb.String()
}

// paramSafeDN keeps a distinguished name inside one ExtendedParameters
// value: RFC 4514 escapes a ';' in a name as "\;", which would split the
// pair, so it is written in RFC 4514's hex form "\3B" instead (the same
// name to any RFC 4514 parser).
func paramSafeDN(s string) string {
	if !strings.Contains(s, ";") {
		return s
	}
	var b bytes.Buffer
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == ';':
			b.WriteString(`\3B`)
			i++
		case s[i] == ';':
			b.WriteString(`\3B`)
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
