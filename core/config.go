package core

import (
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/codec/multipart"
)

// Config holds the server options read from InitializeServer's
// ExtendedParameters (docs/api.md, "ExtendedParameters"). Zero values mean "use
// the default".
type Config struct {
	MaxConnections    int           // max-connections: further TCP connections are closed at once (0 = unlimited)
	BindTimeout       time.Duration // bind-timeout: close a connection that has not logged in by then
	AcceptTimeout     time.Duration // accept-timeout: close a connection OnTcpConnected neither accepted nor closed
	ResponseTimeout   time.Duration // response-timeout: answer a request the host left unanswered with an error
	MaxPDUSize        int           // max-pdu-size: larger frames get an error reply and a close
	ReassemblyTimeout time.Duration // reassembly-timeout: drop incomplete multipart messages after this
	ReassemblyLimit   int           // reassembly-max-messages: pending multipart messages per connection
	WriteTimeout      time.Duration // write-timeout: close a peer that does not read for this long
	SendQueueLimit    int           // send-queue-bytes: output buffered per connection before sends fail
	SystemID          string        // system-id: the SMSC's name in bind responses made by the library
	// throttle-scope=connection: ThrottleRate counts each connection's
	// messages apart instead of the server's total (throttle-scope=server).
	ThrottlePerConnection bool
	// unbind-close-timeout (SMPP): close a connection the client keeps
	// after the host's unbind_resp (0 = never: the host closes it).
	UnbindCloseTimeout time.Duration

	// PROXY protocol (proxyproto.go): proxy-protocol, proxy-trusted,
	// proxy-header-timeout.
	proxy proxyConfig

	// Limits against hostile clients (docs/api.md, "ExtendedParameters").
	PDUTimeout  time.Duration // pdu-timeout: close when a frame begun this long ago is not complete (0 = off)
	IdleTimeout time.Duration // idle-timeout: close a logged-in client silent this long (0 = off)
	// reassembly-max-bytes: the octets every connection's reassembly of
	// long messages may hold together, server-wide (0 = no such limit).
	ReassemblyBudget int64
	reasmBudget      *multipart.Budget // the one budget of this Initialize's connections

	// TLS (tls.go): tls-cert, tls-key, tls-client-ca, tls-client-auth,
	// tls-min-version, tls-handshake-timeout.
	tls tlsConfig

	// Accounting of the server's own requests (outstanding.go) and
	// connection limits per address; docs/api.md, "ExtendedParameters".
	Window              int           // window: deliveries and status reports in flight per connection
	WindowFail          bool          // window-full=fail: a Send call on a full window fails at once
	DeliverTimeout      time.Duration // deliver-timeout: report a request unanswered after this (0 = never)
	MaxConnectionsPerIP int           // max-connections-per-ip: further connections from one address are closed (0 = unlimited)
	TracePasswords      bool          // trace-passwords=true: trace events show login passwords unmasked
}

// Defaults an SMSC engineer would expect; Kannel's own timers are of the
// same order (wait-ack 60 s, enquire-link 30 s).
func defaultConfig() Config {
	return Config{
		BindTimeout:       60 * time.Second,
		AcceptTimeout:     30 * time.Second,
		ResponseTimeout:   30 * time.Second,
		MaxPDUSize:        64 << 10,
		ReassemblyTimeout: 5 * time.Minute,
		ReassemblyLimit:   1024,
		WriteTimeout:      60 * time.Second,
		SendQueueLimit:    8 << 20,
		SystemID:          "smscserver",
		PDUTimeout:        30 * time.Second,
		ReassemblyBudget:  64 << 20,
	}
}

// parseConfig applies the known server keys of p over the defaults.
func parseConfig(p Params, proto string) (Config, error) {
	c := defaultConfig()
	var err error
	get := func(key string, def int64) int64 {
		v, _, e := p.Int(proto, key, def)
		if e != nil {
			err = e
		}
		return v
	}
	dur := func(key string, def time.Duration) time.Duration {
		v, e := p.Seconds(proto, key, def)
		if e != nil {
			err = e
		}
		return v
	}
	c.MaxConnections = int(get("max-connections", 0))
	c.BindTimeout = dur("bind-timeout", c.BindTimeout)
	c.AcceptTimeout = dur("accept-timeout", c.AcceptTimeout)
	c.ResponseTimeout = dur("response-timeout", c.ResponseTimeout)
	c.MaxPDUSize = int(get("max-pdu-size", int64(c.MaxPDUSize)))
	c.ReassemblyTimeout = dur("reassembly-timeout", c.ReassemblyTimeout)
	c.ReassemblyLimit = int(get("reassembly-max-messages", int64(c.ReassemblyLimit)))
	c.WriteTimeout = dur("write-timeout", c.WriteTimeout)
	c.SendQueueLimit = int(get("send-queue-bytes", int64(c.SendQueueLimit)))
	if proto == "smpp" {
		c.UnbindCloseTimeout = dur("unbind-close-timeout", 0)
	}
	c.PDUTimeout = dur("pdu-timeout", c.PDUTimeout)
	c.IdleTimeout = dur("idle-timeout", 0)
	c.ReassemblyBudget = get("reassembly-max-bytes", c.ReassemblyBudget)
	if v, ok := p.Get(proto, "system-id"); ok {
		c.SystemID = v
	}
	if v, ok := p.Get(proto, "throttle-scope"); ok && v != "" {
		switch strings.ToLower(v) {
		case "server":
		case "connection":
			c.ThrottlePerConnection = true
		default:
			err = ErrInvalidArgument
		}
	}
	// PROXY protocol keys (proxyproto.go).
	if e := c.proxy.parse(p, proto); e != nil {
		err = e
	}

	if e := c.parseAccounting(p, proto); e != nil {
		err = e
	}
	// TLS keys (tls.go); last, so that a bad value elsewhere does not
	// cost reading the files.
	if err == nil {
		if e := c.tls.parse(p, proto); e != nil {
			err = e
		}
	}

	if err != nil {
		return c, err
	}
	if c.MaxPDUSize < 64 || c.MaxPDUSize > 16<<20 || c.MaxConnections < 0 ||
		c.ReassemblyLimit < 0 || c.SendQueueLimit < 0 || c.ReassemblyBudget < 0 {
		return c, ErrInvalidArgument
	}
	c.reasmBudget = multipart.NewBudget(c.ReassemblyBudget)
	return c, nil
}

// maxWindow is the most requests a protocol can have in flight: UCP has
// 100 TRNs and CIMD2 128 server packet numbers, less the keep-alive's and
// the number just used, which requestNumbers never reuses at once.
func maxWindow(proto string) int64 {
	switch proto {
	case "ucp":
		return 98
	case "cimd2":
		return 126
	}
	return 1 << 20 // SMPP numbers are 31 bits: only memory bounds it
}

// defaultWindow is the window without a window key: SMPP's 100, the top
// of the common ESME practice (Kannel, cloudhopper: 10..100); for UCP and
// CIMD2 every number the protocol has.
func defaultWindow(proto string) int64 {
	return min(100, maxWindow(proto))
}

// parseAccounting reads window, window-full, deliver-timeout,
// max-connections-per-ip and trace-passwords.
func (c *Config) parseAccounting(p Params, proto string) error {
	w, _, err := p.Int(proto, "window", defaultWindow(proto))
	if err != nil || w < 1 || w > maxWindow(proto) {
		return ErrInvalidArgument
	}
	c.Window = int(w)
	switch v, _ := p.Get(proto, "window-full"); strings.ToLower(v) {
	case "", "wait":
	case "fail":
		c.WindowFail = true
	default:
		return ErrInvalidArgument
	}
	// deliver-timeout defaults to response-timeout: one key sets both.
	if c.DeliverTimeout, err = p.Seconds(proto, "deliver-timeout", c.ResponseTimeout); err != nil || c.DeliverTimeout < 0 {
		return ErrInvalidArgument
	}
	n, _, err := p.Int(proto, "max-connections-per-ip", 0)
	if err != nil || n < 0 {
		return ErrInvalidArgument
	}
	c.MaxConnectionsPerIP = int(n)
	switch v, _ := p.Get(proto, "trace-passwords"); strings.ToLower(v) {
	case "", "false", "0", "no":
	case "true", "1", "yes":
		c.TracePasswords = true
	default:
		return ErrInvalidArgument
	}
	return nil
}
