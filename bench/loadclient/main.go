// Command loadclient is the benchmark's windowed load client for SMPP
// (submit_sm), UCP/EMI (operation 51) and CIMD2 (operation 03).
//
// It opens -conns connections, logs each in (bind_transceiver, UCP 60,
// CIMD2 01), sends an untimed warm-up, then keeps -window submits
// outstanding per connection until -n submits have been answered in total
// or -duration has passed, whichever comes first. It answers what the
// server sends on its own (deliver_sm, enquire_link, UCP 52/53, CIMD2
// 20/23/40) and prints exactly one JSON line:
//
//	{"proto":"smpp","conns":16,"window":64,"sent":50000,"acked":50000,"errors":0,
//	 "lost":0,"delivers":0,"elapsed_s":0.21,"rate":238095,"p50_us":3900,"p99_us":9100,...}
//
// rate is acked / elapsed_s (elapsed from the start of the timed phase to
// the last answer); latency is per submit, from the moment it is queued for
// writing to the moment its answer is parsed. errors counts negative
// answers and generic_nack; lost counts submits unanswered when the drain
// time ran out. A connection or login failure prints the line with "error"
// set and exits 1. Every wait is bounded: the whole run ends within
// -duration + -drain + -setup-timeout.
//
// One goroutine per connection both writes and reads (no locks, no
// channel hand-offs per submit), so the client costs as little CPU as the
// protocol allows: it shares the machine with the server it measures.
//
//	loadclient -addr 127.0.0.1:2775 -conns 16 -window 64 -n 200000 -duration 3s
//	loadclient -proto ucp -addr 127.0.0.1:3000 -window 64
//
// With -tls every connection is TLS (1.3 at least, the handshake part of
// the untimed setup), checking the server's certificate against -tls-ca
// when given and not at all otherwise (the benchmark's hosts use
// throw-away self-signed certificates).
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"slices"
	"sync"
	"time"
)

// result is the JSON line.
type result struct {
	Label     string  `json:"label,omitempty"`
	Proto     string  `json:"proto"`
	Addr      string  `json:"addr"`
	TLS       bool    `json:"tls,omitempty"`
	Conns     int     `json:"conns"`
	Window    int     `json:"window"`
	N         int     `json:"n"`
	Duration  float64 `json:"duration_s"`
	Sent      int64   `json:"sent"`
	Acked     int64   `json:"acked"`
	Errors    int64   `json:"errors"`
	Lost      int64   `json:"lost"`
	Delivers  int64   `json:"delivers"`
	Elapsed   float64 `json:"elapsed_s"`
	Rate      float64 `json:"rate"`
	P50us     float64 `json:"p50_us"`
	P90us     float64 `json:"p90_us"`
	P99us     float64 `json:"p99_us"`
	MaxUs     float64 `json:"max_us"`
	MeanUs    float64 `json:"mean_us"`
	WarmupS   float64 `json:"warmup_s"`
	FirstErr  string  `json:"first_status,omitempty"`
	Error     string  `json:"error,omitempty"`
	CPUUserS  float64 `json:"client_cpu_user_s"`
	CPUSysS   float64 `json:"client_cpu_sys_s"`
	GoVersion string  `json:"-"`
}

type options struct {
	addr, proto        string
	conns, window      int
	n, warmup          int
	duration, drain    time.Duration
	setup              time.Duration
	systemID, password string
	dest               string // every submit's destination address
	receipts           bool
	tls                bool
	tlsCA              string // PEM file; "" = no verification
	tlsConf            *tls.Config
}

func main() {
	var o options
	var label string
	flag.StringVar(&o.addr, "addr", "127.0.0.1:2775", "server host:port")
	flag.StringVar(&o.proto, "proto", "smpp", "smpp (submit_sm), ucp (operation 51) or cimd2 (operation 03)")
	flag.IntVar(&o.conns, "conns", 1, "connections")
	flag.IntVar(&o.window, "window", 1, "submits outstanding per connection (UCP at most 99, CIMD2 at most 127)")
	flag.IntVar(&o.n, "n", 50000, "timed submits in total (count bound)")
	flag.DurationVar(&o.duration, "duration", 3*time.Second, "timed phase at most this long (time bound)")
	flag.DurationVar(&o.drain, "drain", 2*time.Second, "after the timed phase, wait at most this long for outstanding answers")
	flag.IntVar(&o.warmup, "warmup", 2000, "untimed submits in total before the timed phase")
	flag.DurationVar(&o.setup, "setup-timeout", 20*time.Second, "connect + login + warm-up at most this long")
	flag.StringVar(&o.systemID, "system-id", "bench", "system_id / UCP OAdC / CIMD2 user")
	flag.StringVar(&o.password, "password", "bench", "password")
	flag.StringVar(&o.dest, "dest", "447700900123", "destination address of every submit (an address the server routes to an account makes it deliver each one)")
	flag.BoolVar(&o.receipts, "receipts", false, "ask for delivery receipts (registered_delivery 1, UCP NRq, CIMD2 056)")
	flag.BoolVar(&o.tls, "tls", false, "connect with TLS (1.3 at least)")
	flag.StringVar(&o.tlsCA, "tls-ca", "", "with -tls: PEM file of the CA that signed the server's certificate (default: no verification)")
	flag.StringVar(&label, "label", "", "copied into the JSON line")
	flag.Parse()

	r := run(o)
	r.Label = label
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	if r.Error != "" {
		os.Exit(1)
	}
}

// conn is one connection's state; only its own goroutine touches it until
// it is done.
type conn struct {
	o     *options
	p     protocol
	nc    net.Conn
	br    *bufio.Reader
	bw    *bufio.Writer
	slots []slot
	next  uint32 // counter for choosing keys
	out   int    // outstanding submits

	sent, acked, errs, lost, delivers int64
	firstStatus                       string
	lat                               []int64 // ns, timed phase only
	last                              time.Time
	timed                             bool
}

type slot struct {
	key  uint32
	t    time.Time
	used bool
}

// protocol is what differs between SMPP, UCP and CIMD2.
type protocol interface {
	// slots is the number of distinct keys in flight the protocol allows
	// (0: use a power of two ≥ 4*window).
	slots(window int) int
	// key maps the running counter to the wire key of the next submit and
	// its slot index.
	key(counter uint32, nslots int) (key uint32, slot int)
	login(c *conn) error
	appendSubmit(dst []byte, key uint32) []byte
	// readFrame reads one frame. kind says what it is; for frameAnswer key
	// and ok tell which submit it answers and whether positively. A reply
	// the client must send (deliver_sm_resp, ...) is appended to c.bw.
	readFrame(c *conn) (kind frameKind, key uint32, ok bool, status string, err error)
	// slotOf maps a wire key back to its slot.
	slotOf(key uint32, nslots int) int
}

type frameKind int

const (
	frameOther   frameKind = iota // ignored
	frameAnswer                   // answer to a submit
	frameDeliver                  // server request the client answered
)

func run(o options) (r result) {
	if o.dest == "" {
		o.dest = "447700900123"
	}
	r = result{Proto: o.proto, Addr: o.addr, TLS: o.tls, Conns: o.conns, Window: o.window, N: o.n, Duration: o.duration.Seconds()}
	if o.tls {
		conf, err := tlsConfig(o.addr, o.tlsCA)
		if err != nil {
			r.Error = err.Error()
			return
		}
		o.tlsConf = conf
	} else if o.tlsCA != "" {
		r.Error = "-tls-ca without -tls"
		return
	}
	var mk func() protocol
	switch o.proto {
	case "smpp":
		mk = func() protocol { return &smppProto{receipts: o.receipts} }
	case "ucp":
		if o.window > 99 {
			r.Error = "UCP allows at most 99 outstanding operations here (TRN 00..99)"
			return
		}
		mk = func() protocol { return &ucpProto{receipts: o.receipts} }
	case "cimd2":
		if o.window > 127 {
			r.Error = "CIMD2 allows at most 127 outstanding packets here (odd numbers 001..255)"
			return
		}
		mk = func() protocol { return &cimd2Proto{receipts: o.receipts} }
	default:
		r.Error = "unknown -proto " + o.proto
		return
	}
	if o.conns < 1 || o.window < 1 || o.n < 1 {
		r.Error = "-conns, -window and -n must be at least 1"
		return
	}
	ru0 := rusage()
	setupDeadline := time.Now().Add(o.setup)
	conns := make([]*conn, o.conns)
	var ready, done sync.WaitGroup
	start := make(chan time.Time, o.conns)
	errc := make(chan error, o.conns)
	tWarm := time.Now()
	for i := range conns {
		c := &conn{o: &o, p: mk()}
		conns[i] = c
		warm := share(o.warmup, o.conns, i)
		n := share(o.n, o.conns, i)
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			readyDone := sync.OnceFunc(ready.Done)
			defer readyDone()
			if err := c.setup(setupDeadline); err != nil {
				errc <- err
				return
			}
			if warm > 0 {
				if err := c.phase(warm, setupDeadline, setupDeadline); err != nil {
					errc <- fmt.Errorf("warm-up: %w", err)
					return
				}
			}
			readyDone()
			t0, ok := <-start
			if !ok {
				return
			}
			c.timed = true
			c.lat = make([]int64, 0, min(n, 1<<16))
			stopAt := t0.Add(o.duration)
			if err := c.phase(n, stopAt, stopAt.Add(o.drain)); err != nil {
				errc <- err
			}
		}()
	}
	ready.Wait()
	r.WarmupS = time.Since(tWarm).Seconds()
	select {
	case err := <-errc:
		close(start)
		done.Wait()
		closeAll(conns)
		r.Error = err.Error()
		return
	default:
	}
	t0 := time.Now()
	for range conns {
		start <- t0
	}
	done.Wait()
	closeAll(conns)
	select {
	case err := <-errc:
		r.Error = err.Error()
	default:
	}
	var lat []int64
	var last time.Time
	for _, c := range conns {
		r.Sent += c.sent
		r.Acked += c.acked
		r.Errors += c.errs
		r.Lost += c.lost
		r.Delivers += c.delivers
		if r.FirstErr == "" {
			r.FirstErr = c.firstStatus
		}
		lat = append(lat, c.lat...)
		if c.last.After(last) {
			last = c.last
		}
	}
	if last.After(t0) {
		r.Elapsed = last.Sub(t0).Seconds()
		r.Rate = float64(r.Acked) / r.Elapsed
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		pct := func(p float64) float64 {
			i := int(p*float64(len(lat))+0.5) - 1
			i = max(0, min(i, len(lat)-1))
			return float64(lat[i]) / 1e3
		}
		r.P50us, r.P90us, r.P99us = pct(0.50), pct(0.90), pct(0.99)
		r.MaxUs = float64(lat[len(lat)-1]) / 1e3
		var sum float64
		for _, v := range lat {
			sum += float64(v)
		}
		r.MeanUs = sum / float64(len(lat)) / 1e3
	}
	ru1 := rusage()
	r.CPUUserS, r.CPUSysS = ru1.user-ru0.user, ru1.sys-ru0.sys
	return r
}

// share splits total over n parts; part i gets its share.
func share(total, n, i int) int {
	s := total / n
	if i < total%n {
		s++
	}
	return s
}

func closeAll(conns []*conn) {
	for _, c := range conns {
		if c.nc != nil {
			c.nc.Close()
		}
	}
}

func (c *conn) setup(deadline time.Time) error {
	d := net.Dialer{Deadline: deadline}
	var nc net.Conn
	var err error
	if c.o.tlsConf != nil {
		td := tls.Dialer{NetDialer: &d, Config: c.o.tlsConf}
		nc, err = td.Dial("tcp", c.o.addr) // returns after the handshake
	} else {
		nc, err = d.Dial("tcp", c.o.addr)
	}
	if err != nil {
		return err
	}
	c.nc = nc
	c.br = bufio.NewReaderSize(nc, 64<<10)
	c.bw = bufio.NewWriterSize(nc, 64<<10)
	n := c.p.slots(c.o.window)
	if n == 0 {
		n = 1024
		for n < 4*c.o.window {
			n *= 2
		}
	}
	c.slots = make([]slot, n)
	nc.SetDeadline(deadline)
	if err := c.p.login(c); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	return nil
}

var errTimeout = errors.New("timeout")

// phase sends count submits (fewer if stopAt passes first) keeping the
// window full, and waits until every one is answered or hardStop passes.
func (c *conn) phase(count int, stopAt, hardStop time.Time) error {
	c.nc.SetDeadline(hardStop)
	sent := 0
	for {
		now := time.Now()
		sending := now.Before(stopAt)
		for sending && c.out < c.o.window && sent < count {
			key, si := c.nextKey()
			if si < 0 {
				break // every slot busy (out-of-order answers): wait for one
			}
			c.slots[si] = slot{key: key, t: now, used: true}
			buf := c.bw.AvailableBuffer()
			c.bw.Write(c.p.appendSubmit(buf, key))
			c.out++
			sent++
			if c.timed {
				c.sent++
			}
		}
		if c.bw.Buffered() > 0 {
			if err := c.bw.Flush(); err != nil {
				return err
			}
		}
		if c.out == 0 && (sent >= count || !sending) {
			return nil
		}
		// Read one frame (blocking), then whatever is already buffered.
		for first := true; first || c.br.Buffered() > 0; first = false {
			kind, key, ok, status, err := c.p.readFrame(c)
			if err != nil {
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					if c.timed {
						c.lost += int64(c.out) // drain time over: the rest is lost
						return nil
					}
					return fmt.Errorf("%w: %d submits unanswered", errTimeout, c.out)
				}
				return err
			}
			switch kind {
			case frameDeliver:
				if c.timed {
					c.delivers++
				}
			case frameAnswer:
				si := c.p.slotOf(key, len(c.slots))
				if si < 0 || si >= len(c.slots) || !c.slots[si].used || c.slots[si].key != key {
					continue // not ours (or a duplicate)
				}
				s := &c.slots[si]
				s.used = false
				c.out--
				if c.timed {
					t := time.Now()
					c.lat = append(c.lat, int64(t.Sub(s.t)))
					c.last = t
					if ok {
						c.acked++
					} else {
						c.errs++
						if c.firstStatus == "" {
							c.firstStatus = status
						}
					}
				}
			}
		}
	}
}

// nextKey picks the next free key; slot -1 when none is free.
func (c *conn) nextKey() (uint32, int) {
	for range len(c.slots) {
		c.next++
		key, si := c.p.key(c.next, len(c.slots))
		if !c.slots[si].used {
			return key, si
		}
	}
	return 0, -1
}

// tlsConfig is the client's TLS configuration: TLS 1.3 at least, the
// server's certificate checked against the CA in caFile (for the host part
// of addr) or, without one, not checked.
func tlsConfig(addr, caFile string) (*tls.Config, error) {
	conf := &tls.Config{MinVersion: tls.VersionTLS13}
	if caFile == "" {
		conf.InsecureSkipVerify = true
		return conf, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("-tls-ca %s: no PEM certificate", caFile)
	}
	conf.RootCAs = pool
	if host, _, err := net.SplitHostPort(addr); err == nil {
		conf.ServerName = host
	}
	return conf, nil
}
