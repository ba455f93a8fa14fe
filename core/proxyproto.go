package core

import (
	"bufio"
	"errors"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/pires/go-proxyproto"
)

// The PROXY protocol (HAProxy's "The PROXY protocol", versions 1 and 2): a
// load balancer in front of the server prefixes each connection with a
// header naming the client it relays. With proxy-protocol=on or optional
// the connection's goroutine reads that header before OnTcpConnected, so
// the host, the trace events and everything else see the client's address
// instead of the proxy's (docs/api.md, "PROXY protocol").

type proxyMode uint8

const (
	proxyOff      proxyMode = iota
	proxyOn                 // every connection must start with a header
	proxyOptional           // a header is read when one is sent
)

// proxyConfig is the PROXY part of Config, parsed by parse.
type proxyConfig struct {
	mode    proxyMode
	trusted []netip.Prefix // proxy-trusted: the only sources whose header is believed
	timeout time.Duration  // proxy-header-timeout
}

// defaultProxyHeaderTimeout: a proxy sends its header as soon as it has
// connected (HAProxy does, before any client byte), so a few seconds is
// generous, and it bounds what a silent connection holds before the host
// hears of it.
const defaultProxyHeaderTimeout = 5 * time.Second

// proxyReadBuffer bounds a version 2 header with its TLVs; the parser
// peeks the whole header into this buffer. HAProxy's, even with its TLS
// TLVs, is a few hundred bytes.
const proxyReadBuffer = 4096

// parse reads proxy-protocol, proxy-trusted and proxy-header-timeout.
// Turning the protocol on without naming who may send headers is refused:
// a default list would either trust too much (any local process on
// loopback could claim any address) or close every connection of a proxy
// on another host, and neither shows up until traffic does.
func (pc *proxyConfig) parse(p Params, proto string) error {
	pc.timeout = defaultProxyHeaderTimeout
	if v, ok := p.Get(proto, "proxy-protocol"); ok && v != "" {
		switch strings.ToLower(v) {
		case "off":
		case "on":
			pc.mode = proxyOn
		case "optional":
			pc.mode = proxyOptional
		default:
			return ErrInvalidArgument
		}
	}
	if v, ok := p.Get(proto, "proxy-trusted"); ok {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			pfx, err := parseTrustedNet(f)
			if err != nil {
				return ErrInvalidArgument
			}
			pc.trusted = append(pc.trusted, pfx)
		}
	}
	d, err := p.Seconds(proto, "proxy-header-timeout", pc.timeout)
	if err != nil || d <= 0 {
		return ErrInvalidArgument
	}
	pc.timeout = d
	if pc.mode != proxyOff && len(pc.trusted) == 0 {
		return ErrInvalidArgument
	}
	return nil
}

// parseTrustedNet reads a CIDR ("10.0.0.0/8") or a single address.
func parseTrustedNet(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.WithZone("").Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// trusts reports whether a peer may send a header. IPv4 peers of a
// dual-stack listener arrive as ::ffff:a.b.c.d and match IPv4 networks.
func (pc *proxyConfig) trusts(addr net.Addr) bool {
	ta, ok := addr.(*net.TCPAddr)
	if !ok {
		return false
	}
	ip, ok := netip.AddrFromSlice(ta.IP)
	if !ok {
		return false
	}
	ip = ip.Unmap()
	for _, p := range pc.trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// readProxyHeader runs on the connection's goroutine before OnTcpConnected.
// It returns false when the connection was dropped: then it is closed, it
// was logged, and the host hears nothing of it (it never saw it connected).
//
// The header is parsed through a bufio.Reader, which may read past it (a
// client's bind in the same segment as the header). Those bytes are kept in
// c.early for the frame reader, which reads the socket's descriptor itself
// and so would never see what a wrapping reader buffered. Connections
// without the option are never wrapped, and after the header nothing is.
func (c *conn) readProxyHeader() bool {
	pc := &c.cfg.proxy
	tcpAddr := c.tcp.RemoteAddr().String()
	trusted := pc.trusts(c.tcp.RemoteAddr())
	if !trusted && pc.mode == proxyOn {
		c.dropBeforeConnected("source not in proxy-trusted", tcpAddr, nil)
		return false
	}
	_ = c.tcp.SetReadDeadline(time.Now().Add(pc.timeout))
	br := bufio.NewReaderSize(c.tcp, proxyReadBuffer)
	h, err := proxyproto.Read(br)
	// The frame reader starts with no deadline and arms its own.
	_ = c.tcp.SetReadDeadline(time.Time{})
	if c.isClosed() { // Destroy or tcpCloseAllConnections meanwhile
		c.close(ReasonLocal, "closed by host")
		return false
	}
	switch {
	case err == nil:
		if !trusted {
			c.dropBeforeConnected("PROXY header from a source not in proxy-trusted", tcpAddr, nil)
			return false
		}
		c.useProxyHeader(h)
	case errors.Is(err, proxyproto.ErrNoProxyProtocol):
		if pc.mode == proxyOn {
			c.dropBeforeConnected("no PROXY header", tcpAddr, nil)
			return false
		}
	case errors.Is(err, os.ErrDeadlineExceeded) && pc.mode == proxyOptional && br.Buffered() == 0:
		// Optional and not a byte yet: a direct client that is slow to
		// log in. It is served as it is; bind-timeout still applies.
	case errors.Is(err, os.ErrDeadlineExceeded):
		c.dropBeforeConnected("no complete PROXY header within proxy-header-timeout", tcpAddr, nil)
		return false
	default:
		c.dropBeforeConnected("malformed PROXY header", tcpAddr, err)
		return false
	}
	if n := br.Buffered(); n > 0 {
		rest, _ := br.Peek(n)
		c.early = append([]byte(nil), rest...)
	}
	return true
}

// useProxyHeader takes the client's address from a header. LOCAL (a
// proxy's own health check; v1's "PROXY UNKNOWN" reads as LOCAL) and
// anything but TCP over IPv4 or IPv6 keep the TCP connection's address,
// as the PROXY protocol specification asks of a receiver.
func (c *conn) useProxyHeader(h *proxyproto.Header) {
	if h.Command != proxyproto.PROXY {
		return
	}
	src, _, ok := h.TCPAddrs()
	if !ok || src.IP == nil {
		return
	}
	ip, ok := netip.AddrFromSlice(src.IP)
	if !ok {
		return
	}
	ap := netip.AddrPortFrom(ip.Unmap(), uint16(src.Port))
	c.remoteHost = ap.Addr().String()
	c.remotePort = src.Port
	c.remoteAddr = ap.String()
}

// dropBeforeConnected closes a connection the host never heard of.
func (c *conn) dropBeforeConnected(why, tcpAddr string, err error) {
	args := []any{"remote", tcpAddr}
	if err != nil {
		args = append(args, "err", err)
	}
	c.srv.logger().Warn("PROXY protocol: connection closed before OnTcpConnected: "+why, args...)
	c.close(ReasonLocal, why)
}
