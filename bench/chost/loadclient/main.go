// Command loadclient is an external SMPP load client for the C benchmark
// host (bench/chost): it binds -conns transceivers, keeps -window submit_sm
// outstanding on each until -n submits were answered in all or -duration
// passed, and prints one JSON line:
//
//	{"conns":16,"window":64,"sent":200000,"acked":200000,"errors":0,"lost":0,
//	 "elapsed_s":1.52,"rate":131578,"p50_us":7400,"p99_us":15800,"max_us":23000}
//
// rate = acked / elapsed_s, elapsed from the first timed submit to the last
// answer. Latency is per submit: from queuing it for writing to parsing its
// submit_sm_resp. errors = answers with a non-zero status and generic_nacks;
// lost = submits without an answer when -drain ran out. Every wait is
// bounded: the run ends within -setup + -duration + -drain.
//
// One goroutine per connection writes and reads (writes are batched until
// the window is full, then it reads), so the client stays cheap next to the
// server it measures on the same machine.
//
//	go run ./bench/chost/loadclient -addr 127.0.0.1:2775 -conns 16 -window 64 -n 200000
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"sync"
	"time"
)

const (
	cmdBindTransceiver = 0x00000009
	cmdSubmitSM        = 0x00000004
	cmdDeliverSM       = 0x00000005
	cmdEnquireLink     = 0x00000015
	cmdGenericNack     = 0x80000000
	respBit            = 0x80000000
)

type result struct {
	Conns    int     `json:"conns"`
	Window   int     `json:"window"`
	Sent     int64   `json:"sent"`
	Acked    int64   `json:"acked"`
	Errors   int64   `json:"errors"`
	Lost     int64   `json:"lost"`
	Elapsed  float64 `json:"elapsed_s"`
	Rate     float64 `json:"rate"`
	P50us    int64   `json:"p50_us"`
	P99us    int64   `json:"p99_us"`
	MaxUs    int64   `json:"max_us"`
	ErrorMsg string  `json:"error,omitempty"`
}

type connStats struct {
	sent, acked, errors int64
	lat                 []time.Duration
	last                time.Time
	err                 error
}

func main() {
	addr := flag.String("addr", "127.0.0.1:2775", "SMSC address")
	conns := flag.Int("conns", 1, "connections")
	window := flag.Int("window", 1, "outstanding submits per connection")
	total := flag.Int("n", 100000, "submits to send in all (timed phase)")
	warmup := flag.Int("warmup", 200, "untimed submits per connection before the timed phase")
	duration := flag.Duration("duration", 20*time.Second, "longest timed phase")
	drain := flag.Duration("drain", 5*time.Second, "longest wait for outstanding answers after the timed phase")
	setup := flag.Duration("setup", 10*time.Second, "longest wait for connecting and binding")
	flag.Parse()
	if *conns < 1 || *window < 1 || *window > 1<<15 || *total < 1 {
		fail(result{Conns: *conns, Window: *window}, errors.New("need conns >= 1, 1 <= window <= 32768, n >= 1"))
	}

	// Connect and bind everything first, then start all at once.
	cs := make([]*client, *conns)
	for i := range cs {
		c, err := dial(*addr, i, *setup)
		if err != nil {
			fail(result{Conns: *conns, Window: *window}, err)
		}
		if err := c.run(*warmup, 1, time.Now().Add(*setup), time.Now().Add(*setup)); err != nil {
			fail(result{Conns: *conns, Window: *window}, fmt.Errorf("warm-up: %w", err))
		}
		cs[i] = c
	}
	per := (*total + *conns - 1) / *conns
	stats := make([]*connStats, *conns)
	var wg sync.WaitGroup
	start := time.Now()
	stop, end := start.Add(*duration), start.Add(*duration+*drain)
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.st = &connStats{lat: make([]time.Duration, 0, per)}
			c.st.err = c.run(per, *window, stop, end)
			stats[i] = c.st
		}()
	}
	wg.Wait()

	r := result{Conns: *conns, Window: *window}
	var all []time.Duration
	last := start
	for _, s := range stats {
		r.Sent += s.sent
		r.Acked += s.acked
		r.Errors += s.errors
		all = append(all, s.lat...)
		if s.last.After(last) {
			last = s.last
		}
		if s.err != nil && r.ErrorMsg == "" {
			r.ErrorMsg = s.err.Error()
		}
	}
	r.Lost = r.Sent - int64(len(all))
	r.Elapsed = last.Sub(start).Seconds()
	if r.Elapsed > 0 {
		r.Rate = float64(r.Acked) / r.Elapsed
	}
	if len(all) > 0 {
		slices.Sort(all)
		r.P50us = all[len(all)/2].Microseconds()
		r.P99us = all[(len(all)*99)/100].Microseconds()
		r.MaxUs = all[len(all)-1].Microseconds()
	}
	for _, c := range cs {
		c.nc.Close()
	}
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	if r.ErrorMsg != "" || r.Errors > 0 || r.Lost > 0 {
		os.Exit(1)
	}
}

func fail(r result, err error) {
	r.ErrorMsg = err.Error()
	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	os.Exit(1)
}

type client struct {
	nc    net.Conn
	r     *bufio.Reader
	w     *bufio.Writer
	seq   uint32
	sent  [1 << 16]time.Time // by sequence number & 0xFFFF; window <= 32768
	st    *connStats
	body  []byte
	rbody []byte
	hdr   [16]byte
}

func dial(addr string, i int, timeout time.Duration) (*client, error) {
	nc, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	c := &client{nc: nc, r: bufio.NewReaderSize(nc, 64<<10), w: bufio.NewWriterSize(nc, 64<<10)}
	c.body = submitBody("447700900001", "447700900002", "benchmark message")
	bind := appendCStr(nil, fmt.Sprintf("load%d", i))
	bind = appendCStr(bind, "pw")
	bind = appendCStr(bind, "")
	bind = append(bind, 0x34, 0, 0, 0)
	_ = nc.SetDeadline(time.Now().Add(timeout))
	c.seq++
	c.writePDU(cmdBindTransceiver, c.seq, bind)
	if err := c.w.Flush(); err != nil {
		return nil, err
	}
	for {
		cmd, status, seq, _, err := c.readPDU()
		if err != nil {
			return nil, fmt.Errorf("bind: %w", err)
		}
		if cmd == cmdBindTransceiver|respBit && seq == c.seq {
			if status != 0 {
				return nil, fmt.Errorf("bind refused with status 0x%X", status)
			}
			break
		}
	}
	_ = nc.SetDeadline(time.Time{})
	return c, nil
}

// run sends n submits keeping up to window outstanding; it stops sending
// at stop and waits for answers until end. Timed when c.st is set.
func (c *client) run(n, window int, stop, end time.Time) error {
	_ = c.nc.SetReadDeadline(end)
	sent, answered, out := 0, 0, 0
	for answered < sent || (sent < n && time.Now().Before(stop)) {
		for out < window && sent < n && time.Now().Before(stop) {
			c.seq++
			if c.seq > 0x7FFFFFFF {
				c.seq = 1
			}
			c.sent[c.seq&0xFFFF] = time.Now()
			c.writePDU(cmdSubmitSM, c.seq, c.body)
			sent++
			out++
			if c.st != nil {
				c.st.sent++
			}
		}
		if err := c.w.Flush(); err != nil {
			return err
		}
		if out == 0 {
			break
		}
		// Block for one PDU, then take every complete one already
		// buffered, so that the next write carries a batch of submits.
		for first := true; first || c.complete(); first = false {
			cmd, status, seq, _, err := c.readPDU()
			if err != nil {
				if errors.Is(err, os.ErrDeadlineExceeded) {
					return fmt.Errorf("%d submits unanswered at the deadline", out)
				}
				return err
			}
			switch cmd {
			case cmdSubmitSM | respBit, cmdGenericNack:
				now := time.Now()
				out--
				answered++
				if c.st != nil {
					if status == 0 && cmd != cmdGenericNack {
						c.st.acked++
					} else {
						c.st.errors++
					}
					c.st.lat = append(c.st.lat, now.Sub(c.sent[seq&0xFFFF]))
					c.st.last = now
				}
			case cmdDeliverSM:
				c.writePDU(cmdDeliverSM|respBit, seq, []byte{0})
			case cmdEnquireLink:
				c.writePDU(cmdEnquireLink|respBit, seq, nil)
			}
		}
	}
	return nil
}

// complete reports a whole PDU waiting in the read buffer.
func (c *client) complete() bool {
	if c.r.Buffered() < 16 {
		return false
	}
	h, err := c.r.Peek(4)
	return err == nil && c.r.Buffered() >= int(binary.BigEndian.Uint32(h))
}

func (c *client) writePDU(cmd, seq uint32, body []byte) {
	binary.BigEndian.PutUint32(c.hdr[0:], uint32(16+len(body)))
	binary.BigEndian.PutUint32(c.hdr[4:], cmd)
	binary.BigEndian.PutUint32(c.hdr[8:], 0)
	binary.BigEndian.PutUint32(c.hdr[12:], seq)
	c.w.Write(c.hdr[:])
	c.w.Write(body)
}

// readPDU reads one PDU; body is valid until the next call.
func (c *client) readPDU() (cmd, status, seq uint32, body []byte, err error) {
	var h [16]byte
	if _, err = io.ReadFull(c.r, h[:]); err != nil {
		return
	}
	n := binary.BigEndian.Uint32(h[0:])
	cmd = binary.BigEndian.Uint32(h[4:])
	status = binary.BigEndian.Uint32(h[8:])
	seq = binary.BigEndian.Uint32(h[12:])
	if n < 16 || n > 1<<20 {
		err = fmt.Errorf("bad command_length %d", n)
		return
	}
	if n == 16 {
		return
	}
	if cap(c.rbody) < int(n-16) {
		c.rbody = make([]byte, n-16)
	}
	body = c.rbody[:n-16]
	_, err = io.ReadFull(c.r, body)
	return
}

func appendCStr(b []byte, s string) []byte { return append(append(b, s...), 0) }

// submitBody is a submit_sm body: international numbers, GSM text, no
// receipt asked.
func submitBody(src, dst, text string) []byte {
	b := appendCStr(nil, "")       // service_type
	b = append(b, 1, 1)            // source TON, NPI
	b = appendCStr(b, src)         //
	b = append(b, 1, 1)            // destination TON, NPI
	b = appendCStr(b, dst)         //
	b = append(b, 0, 0, 0)         // esm_class, protocol_id, priority_flag
	b = appendCStr(b, "")          // schedule_delivery_time
	b = appendCStr(b, "")          // validity_period
	b = append(b, 0, 0, 0, 0)      // registered_delivery, replace_if_present, data_coding, sm_default_msg_id
	b = append(b, byte(len(text))) // sm_length
	return append(b, text...)
}
