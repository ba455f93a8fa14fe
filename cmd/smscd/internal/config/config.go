// Package config is smscd's configuration: every option can come from a
// TOML file (-config) and from a command-line flag, a flag given on the
// command line winning over the file. With neither, smscd behaves as it
// always has: everyone may bind, every submit is acknowledged, and receipts
// report delivery after a short delay.
package config

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the whole configuration. The TOML keys are the field tags.
type Config struct {
	Host       string `toml:"host"`
	SMPPPort   int    `toml:"smpp_port"`
	UCPPort    int    `toml:"ucp_port"`   // -1 = off
	CIMD2Port  int    `toml:"cimd2_port"` // -1 = off
	HTTP       string `toml:"http"`       // "" = no HTTP API
	URLFile    string `toml:"url_file"`   // write the HTTP URL and smpp=HOST:PORT here once listening
	KeepAlive  int    `toml:"keepalive"`  // seconds
	MsgID      string `toml:"msgid"`      // "hex" or "dec"
	Quiet      bool   `toml:"quiet"`
	LogMaxRate int64  `toml:"log_max_rate"`
	LogFormat  string `toml:"log_format"` // "text" or "json" for the per-message event lines
	Ext        string `toml:"ext"`        // ExtendedParameters for the SMPP server
	UCPExt     string `toml:"ucp_ext"`    // ... for the UCP server
	CIMD2Ext   string `toml:"cimd2_ext"`  // ... for the CIMD2 server

	Store  string `toml:"store"` // bbolt file; "" = memory only (lost on restart)
	NoSync bool   `toml:"store_nosync"`
	// Final messages with nothing left to do are deleted once older than
	// Retention or beyond the newest MaxMessages (0 = no limit).
	Retention   Duration  `toml:"retention"`
	MaxMessages int       `toml:"max_messages"`
	Retry       Retry     `toml:"retry"`
	Receipts    Receipts  `toml:"receipts"`
	Accounts    []Account `toml:"accounts"`
	// OpenAccess lets a client whose system_id matches no account bind
	// anyway (as today's smscd does). It is true when no account is
	// configured and false otherwise unless set.
	OpenAccess *bool `toml:"open_access"`
	// Cluster turns on cluster mode when NATS is set (docs/scale-out.md).
	Cluster Cluster `toml:"cluster"`
}

// Cluster is cluster mode: the messages, the table of bound accounts and
// the message states live in NATS JetStream instead of the bbolt store.
type Cluster struct {
	NATS     string `toml:"nats"`     // comma-separated nats:// URLs; "" = single node
	Node     string `toml:"node"`     // this node's name, unique in the cluster
	Replicas int    `toml:"replicas"` // JetStream replicas of the streams and buckets
}

// On reports whether cluster mode is on.
func (c Cluster) On() bool { return c.NATS != "" }

// URLs are the NATS server URLs.
func (c Cluster) URLs() []string {
	var out []string
	for _, u := range strings.Split(c.NATS, ",") {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// Retry is the delivery back-off for messages to owned addresses.
type Retry struct {
	First    Duration `toml:"first"`    // first retry after a failed attempt
	Max      Duration `toml:"max"`      // the back-off doubles up to this
	Validity Duration `toml:"validity"` // default validity period when the submit gives none
	AckWait  Duration `toml:"ack_wait"` // how long an attempt may stay unanswered before it is retried
}

// Receipts are the simulated outcomes of messages to addresses nobody owns.
// Ratios are weights (they need not add up to 1); an outcome is picked per
// message. Delay is how long after the submit the outcome happens.
type Receipts struct {
	Delay         Duration `toml:"delay"`
	DelayMax      Duration `toml:"delay_max"` // when above Delay, each outcome's delay is drawn between the two
	Delivered     float64  `toml:"delivered"`
	Undeliverable float64  `toml:"undeliverable"`
	Expired       float64  `toml:"expired"`
	Rejected      float64  `toml:"rejected"`
	Intermediate  Duration `toml:"intermediate"` // an intermediate (enroute/buffered) report this long after the submit, when asked for; 0 = none
}

// Account is one client account.
type Account struct {
	SystemID   string   `toml:"system_id"`
	Password   string   `toml:"password"`   // "" = any password
	BindModes  []string `toml:"bind_modes"` // transmitter, receiver, transceiver; empty = all. UCP and CIMD2 sessions are transceivers.
	Protocols  []string `toml:"protocols"`  // smpp, ucp, cimd2; empty = all
	MaxBinds   int      `toml:"max_binds"`  // 0 = unlimited
	Throughput int      `toml:"throughput"` // submits per second over all the account's sessions; 0 = unlimited
	Addresses  []string `toml:"addresses"`  // owned numbers; a trailing '*' makes a prefix
}

// Duration is a time.Duration written "200ms", "5s" in TOML.
type Duration struct{ time.Duration }

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	d.Duration = v
	return err
}
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Default is the configuration without a file or flags.
func Default() Config {
	return Config{
		Host: "127.0.0.1", SMPPPort: 2775, UCPPort: 2776, CIMD2Port: 2777, KeepAlive: 30, MsgID: "hex",
		LogMaxRate: 2000, LogFormat: "text", Retention: Duration{7 * 24 * time.Hour}, MaxMessages: 1000000,
		Retry: Retry{First: Duration{time.Second}, Max: Duration{5 * time.Minute}, Validity: Duration{48 * time.Hour},
			AckWait: Duration{30 * time.Second}},
		Receipts: Receipts{Delay: Duration{200 * time.Millisecond}, Delivered: 1},
		Cluster:  Cluster{Replicas: 3},
	}
}

// Load reads args (without the program name): the flags, and the file named
// by -config when given. Flags set on the command line override the file.
func Load(args []string) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet("smscd", flag.ContinueOnError)
	file := fs.String("config", "", "TOML configuration file (see docs/smscd.md)")
	register(fs)
	var accounts accountFlags
	fs.Var(&accounts, "account", "an account: system_id:password[:protocols[:bind_modes[:max_binds[:throughput[:addresses]]]]], lists comma-separated; repeatable")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if *file != "" {
		b, err := os.ReadFile(*file)
		if err != nil {
			return c, err
		}
		md, err := toml.Decode(string(b), &c)
		if err != nil {
			return c, fmt.Errorf("%s: %w", *file, err)
		}
		if u := md.Undecoded(); len(u) > 0 {
			return c, fmt.Errorf("%s: unknown keys %v", *file, u)
		}
	}
	// Flags given explicitly win over the file.
	fs.Visit(func(fl *flag.Flag) { apply(fl, &c) })
	c.Accounts = append(c.Accounts, accounts...)
	return c, c.Validate()
}

// Validate checks what Load cannot leave to the servers.
func (c *Config) Validate() error {
	if c.MsgID != "hex" && c.MsgID != "dec" {
		return fmt.Errorf("msgid must be hex or dec")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log_format must be text or json")
	}
	r := c.Receipts
	if r.Delivered < 0 || r.Undeliverable < 0 || r.Expired < 0 || r.Rejected < 0 || r.Delivered+r.Undeliverable+r.Expired+r.Rejected == 0 {
		return fmt.Errorf("receipt ratios must be non-negative and not all zero")
	}
	if c.Retry.First.Duration <= 0 || c.Retry.Max.Duration < c.Retry.First.Duration || c.Retry.Validity.Duration <= 0 || c.Retry.AckWait.Duration <= 0 {
		return fmt.Errorf("retry: first > 0, max >= first, validity > 0 and ack_wait > 0")
	}
	if c.Retention.Duration <= 0 || c.MaxMessages < 0 {
		return fmt.Errorf("retention must be > 0 and max_messages >= 0")
	}
	if c.Cluster.On() {
		if c.Cluster.Node == "" || strings.ContainsAny(c.Cluster.Node, ".*> \t") {
			return fmt.Errorf("cluster: node must be set (a name without '.', '*', '>' or spaces)")
		}
		if c.Cluster.Replicas < 1 || c.Cluster.Replicas > 5 {
			return fmt.Errorf("cluster: replicas must be 1 to 5")
		}
	}
	seen := map[string]bool{}
	for _, a := range c.Accounts {
		if a.SystemID == "" || seen[a.SystemID] {
			return fmt.Errorf("account %q: system_id empty or repeated", a.SystemID)
		}
		seen[a.SystemID] = true
		for _, m := range a.BindModes {
			if m != "transmitter" && m != "receiver" && m != "transceiver" {
				return fmt.Errorf("account %q: bind mode %q", a.SystemID, m)
			}
		}
		for _, p := range a.Protocols {
			if p != "smpp" && p != "ucp" && p != "cimd2" {
				return fmt.Errorf("account %q: protocol %q", a.SystemID, p)
			}
		}
		if a.MaxBinds < 0 || a.Throughput < 0 {
			return fmt.Errorf("account %q: max_binds and throughput must be >= 0", a.SystemID)
		}
	}
	return nil
}

// Open reports whether unknown system_ids may bind.
func (c *Config) Open() bool {
	if c.OpenAccess != nil {
		return *c.OpenAccess
	}
	return len(c.Accounts) == 0
}

// register declares one flag per option on fs, with the defaults' values.
func register(fs *flag.FlagSet) {
	d := Default()
	fs.String("host", d.Host, "address to listen on (\"\" = all interfaces)")
	fs.Int("smpp-port", d.SMPPPort, "SMPP port")
	fs.Int("ucp-port", d.UCPPort, "UCP/EMI port (-1 = off)")
	fs.Int("cimd2-port", d.CIMD2Port, "CIMD2 port (-1 = off)")
	fs.String("http", d.HTTP, "HTTP API listen address, e.g. 127.0.0.1:8775 (\"\" = off)")
	fs.String("url-file", "", "once listening, write the HTTP base URL and smpp=HOST:PORT to this file (for scripts)")
	fs.Int("keepalive", d.KeepAlive, "seconds of silence before the server sends enquire_link (0 = off)")
	fs.String("msgid", d.MsgID, "message id format: hex or dec")
	fs.Bool("quiet", false, "log only a summary per second")
	fs.Int64("log-max-rate", d.LogMaxRate, "above this many events a second, log a summary per second instead (0 = never)")
	fs.String("log-format", d.LogFormat, "per-message event lines: text or json")
	fs.String("ext", "", "ExtendedParameters for SmppInitializeServer (docs/api.md; tls-cert=... for TLS)")
	fs.String("ucp-ext", "", "ExtendedParameters for UcpInitializeServer")
	fs.String("cimd2-ext", "", "ExtendedParameters for Cimd2InitializeServer")
	fs.String("store", "", "bbolt store file; \"\" = keep messages in memory only")
	fs.Bool("store-nosync", false, "do not fsync the store on every commit (faster, loses the last commits on a crash)")
	fs.Duration("retention", d.Retention.Duration, "delete final messages older than this")
	fs.Int("max-messages", d.MaxMessages, "keep at most this many messages, deleting the oldest final ones (0 = no limit)")
	fs.Duration("retry-first", d.Retry.First.Duration, "first delivery retry after a failure")
	fs.Duration("retry-max", d.Retry.Max.Duration, "longest delivery back-off")
	fs.Duration("validity", d.Retry.Validity.Duration, "validity period when a submit gives none")
	fs.Duration("ack-wait", d.Retry.AckWait.Duration, "an unanswered delivery attempt is retried after this")
	fs.Duration("receipt-delay", d.Receipts.Delay.Duration, "delay before the simulated outcome of a message nobody owns")
	fs.Duration("receipt-delay-max", 0, "when above -receipt-delay, each outcome's delay is drawn between the two")
	fs.Float64("receipt-delivered", d.Receipts.Delivered, "weight of the delivered outcome")
	fs.Float64("receipt-undeliverable", 0, "weight of the undeliverable outcome")
	fs.Float64("receipt-expired", 0, "weight of the expired outcome")
	fs.Float64("receipt-rejected", 0, "weight of the rejected outcome")
	fs.Duration("receipt-intermediate", 0, "send an intermediate report this long after the submit when asked for (0 = never)")
	fs.String("cluster-nats", "", "cluster mode: comma-separated nats:// URLs of the NATS JetStream cluster (docs/scale-out.md)")
	fs.String("node", "", "cluster mode: this node's name, unique in the cluster")
	fs.Int("cluster-replicas", d.Cluster.Replicas, "cluster mode: JetStream replicas of the message stream and buckets")
	fs.Bool("open-access", false, "let system_ids that match no account bind (default: true without accounts)")
}

// apply copies the flag fl (set on the command line) into c.
func apply(fl *flag.Flag, c *Config) {
	g, ok := fl.Value.(flag.Getter)
	if !ok || fl.Name == "config" {
		return // -account is collected apart
	}
	v := g.Get()
	dur := func(d *Duration) { d.Duration = v.(time.Duration) }
	switch fl.Name {
	case "host":
		c.Host = v.(string)
	case "smpp-port":
		c.SMPPPort = v.(int)
	case "ucp-port":
		c.UCPPort = v.(int)
	case "cimd2-port":
		c.CIMD2Port = v.(int)
	case "http":
		c.HTTP = v.(string)
	case "url-file":
		c.URLFile = v.(string)
	case "keepalive":
		c.KeepAlive = v.(int)
	case "msgid":
		c.MsgID = v.(string)
	case "quiet":
		c.Quiet = v.(bool)
	case "log-max-rate":
		c.LogMaxRate = v.(int64)
	case "log-format":
		c.LogFormat = v.(string)
	case "ext":
		c.Ext = v.(string)
	case "ucp-ext":
		c.UCPExt = v.(string)
	case "cimd2-ext":
		c.CIMD2Ext = v.(string)
	case "store":
		c.Store = v.(string)
	case "store-nosync":
		c.NoSync = v.(bool)
	case "retention":
		dur(&c.Retention)
	case "max-messages":
		c.MaxMessages = v.(int)
	case "retry-first":
		dur(&c.Retry.First)
	case "retry-max":
		dur(&c.Retry.Max)
	case "validity":
		dur(&c.Retry.Validity)
	case "ack-wait":
		dur(&c.Retry.AckWait)
	case "receipt-delay":
		dur(&c.Receipts.Delay)
	case "receipt-delay-max":
		dur(&c.Receipts.DelayMax)
	case "receipt-delivered":
		c.Receipts.Delivered = v.(float64)
	case "receipt-undeliverable":
		c.Receipts.Undeliverable = v.(float64)
	case "receipt-expired":
		c.Receipts.Expired = v.(float64)
	case "receipt-rejected":
		c.Receipts.Rejected = v.(float64)
	case "receipt-intermediate":
		dur(&c.Receipts.Intermediate)
	case "cluster-nats":
		c.Cluster.NATS = v.(string)
	case "node":
		c.Cluster.Node = v.(string)
	case "cluster-replicas":
		c.Cluster.Replicas = v.(int)
	case "open-access":
		b := v.(bool)
		c.OpenAccess = &b
	}
}

// accountFlags collects -account values.
type accountFlags []Account

func (a *accountFlags) String() string { return "" }
func (a *accountFlags) Set(v string) error {
	p := strings.Split(v, ":")
	if len(p) < 2 {
		return fmt.Errorf("want system_id:password[...]")
	}
	acc := Account{SystemID: p[0], Password: p[1]}
	list := func(i int) []string {
		if len(p) <= i || p[i] == "" {
			return nil
		}
		return strings.Split(p[i], ",")
	}
	acc.Protocols, acc.BindModes, acc.Addresses = list(2), list(3), list(6)
	var err error
	if len(p) > 4 && p[4] != "" {
		if acc.MaxBinds, err = strconv.Atoi(p[4]); err != nil {
			return err
		}
	}
	if len(p) > 5 && p[5] != "" {
		if acc.Throughput, err = strconv.Atoi(p[5]); err != nil {
			return err
		}
	}
	*a = append(*a, acc)
	return nil
}
