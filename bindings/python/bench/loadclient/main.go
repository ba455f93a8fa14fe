// Command loadclient is a windowed SMPP load client for the Python binding's
// benchmark: it binds, keeps -window submit_sm outstanding per connection and
// reports submits per second (responses received / elapsed time).
//
//	loadclient -addr 127.0.0.1:2775 -n 200000 -window 64
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

const (
	cmdBindTransceiver = 0x00000009
	cmdSubmitSM        = 0x00000004
	cmdSubmitSMResp    = 0x80000004
	cmdEnquireLink     = 0x00000015
	cmdDeliverSM       = 0x00000005
	respBit            = 0x80000000
)

func pdu(cmd, status, seq uint32, body []byte) []byte {
	b := make([]byte, 16+len(body))
	binary.BigEndian.PutUint32(b[0:], uint32(len(b)))
	binary.BigEndian.PutUint32(b[4:], cmd)
	binary.BigEndian.PutUint32(b[8:], status)
	binary.BigEndian.PutUint32(b[12:], seq)
	copy(b[16:], body)
	return b
}

func cstr(s string) []byte { return append([]byte(s), 0) }

func bindBody(systemID, password string) []byte {
	var b []byte
	b = append(b, cstr(systemID)...)
	b = append(b, cstr(password)...)
	b = append(b, cstr("")...)
	b = append(b, 0x34, 0, 0)
	return append(b, cstr("")...)
}

func submitBody() []byte {
	var b []byte
	b = append(b, cstr("")...)
	b = append(b, 5, 0)
	b = append(b, cstr("Alpha")...)
	b = append(b, 1, 1)
	b = append(b, cstr("447700900123")...)
	b = append(b, 0, 0, 0)
	b = append(b, cstr("")...)
	b = append(b, cstr("")...)
	b = append(b, 0, 0, 0, 0)
	msg := "Hello world"
	b = append(b, byte(len(msg)))
	return append(b, msg...)
}

type result struct {
	Submits   int64   `json:"submits"`
	Errors    int64   `json:"errors"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"submits_per_second"`
	Window    int     `json:"window"`
	Conns     int     `json:"conns"`
	MeanLatUs float64 `json:"mean_latency_us"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:2775", "SMSC address")
	n := flag.Int("n", 100000, "submits per connection after warm-up")
	warm := flag.Int("warmup", 5000, "submits per connection before timing starts")
	window := flag.Int("window", 64, "outstanding submits per connection")
	conns := flag.Int("conns", 1, "connections")
	asJSON := flag.Bool("json", false, "print one JSON line")
	flag.Parse()

	var ready, done sync.WaitGroup
	start := make(chan struct{})
	var submits, errs, latSum atomic.Int64
	var failed atomic.Value
	for c := 0; c < *conns; c++ {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			if err := run(*addr, *warm, *n, *window, &ready, start, &submits, &errs, &latSum); err != nil {
				failed.Store(err)
			}
		}()
	}
	ready.Wait()
	if err, _ := failed.Load().(error); err != nil {
		fmt.Fprintln(os.Stderr, "loadclient:", err)
		os.Exit(1)
	}
	t0 := time.Now()
	close(start)
	done.Wait()
	el := time.Since(t0).Seconds()
	if err, _ := failed.Load().(error); err != nil {
		fmt.Fprintln(os.Stderr, "loadclient:", err)
		os.Exit(1)
	}
	r := result{Submits: submits.Load(), Errors: errs.Load(), Seconds: el, PerSecond: float64(submits.Load()) / el,
		Window: *window, Conns: *conns}
	if r.Submits > 0 {
		r.MeanLatUs = float64(latSum.Load()) / float64(r.Submits) / 1e3
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	fmt.Printf("submits=%d errors=%d seconds=%.3f submits/s=%.0f window=%d conns=%d mean-latency=%.0fus\n",
		r.Submits, r.Errors, r.Seconds, r.PerSecond, r.Window, r.Conns, r.MeanLatUs)
}

// run binds one connection, runs the warm-up, signals ready, waits for start
// and then times n submits with `window` outstanding.
func run(addr string, warm, n, window int, ready *sync.WaitGroup, start <-chan struct{},
	submits, errs, latSum *atomic.Int64) error {
	readyOnce := sync.OnceFunc(ready.Done)
	defer readyOnce()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer nc.Close()
	br := bufio.NewReaderSize(nc, 64<<10)
	bw := bufio.NewWriterSize(nc, 64<<10)
	if _, err := nc.Write(pdu(cmdBindTransceiver, 0, 1, bindBody("bench", "bench"))); err != nil {
		return err
	}
	var hdr [16]byte
	buf := make([]byte, 64<<10)
	read := func() (cmd, status, seq uint32, err error) {
		if _, err = io.ReadFull(br, hdr[:]); err != nil {
			return
		}
		l := binary.BigEndian.Uint32(hdr[0:])
		if l < 16 || l > uint32(len(buf)) {
			return 0, 0, 0, fmt.Errorf("bad command_length %d", l)
		}
		if _, err = io.ReadFull(br, buf[:l-16]); err != nil {
			return
		}
		return binary.BigEndian.Uint32(hdr[4:]), binary.BigEndian.Uint32(hdr[8:]), binary.BigEndian.Uint32(hdr[12:]), nil
	}
	cmd, status, _, err := read()
	if err != nil {
		return err
	}
	if cmd != cmdBindTransceiver|respBit || status != 0 {
		return fmt.Errorf("bind failed: command 0x%x status 0x%x", cmd, status)
	}
	submit := pdu(cmdSubmitSM, 0, 0, submitBody())
	var seq uint32 = 1
	var wmu sync.Mutex // bw is shared by the sending goroutine and the reader's replies
	// phase sends `count` submits with `window` outstanding and waits for all answers.
	phase := func(count int, measure bool) error {
		credits := make(chan struct{}, window)
		for i := 0; i < window; i++ {
			credits <- struct{}{}
		}
		times := make(map[uint32]time.Time, window*2)
		var mu sync.Mutex
		werr := make(chan error, 1)
		go func() {
			for i := 0; i < count; i++ {
				<-credits
				seq++
				binary.BigEndian.PutUint32(submit[12:], seq)
				if measure {
					mu.Lock()
					times[seq] = time.Now()
					mu.Unlock()
				}
				wmu.Lock()
				bw.Write(submit)
				var err error
				if len(credits) == 0 || i == count-1 {
					err = bw.Flush()
				}
				wmu.Unlock()
				if err != nil {
					werr <- err
					return
				}
			}
			werr <- nil
		}()
		got := 0
		for got < count {
			cmd, status, s, err := read()
			if err != nil {
				return err
			}
			switch cmd {
			case cmdSubmitSMResp:
				got++
				if measure {
					mu.Lock()
					t, ok := times[s]
					delete(times, s)
					mu.Unlock()
					if ok {
						latSum.Add(int64(time.Since(t)))
					}
					submits.Add(1)
					if status != 0 {
						errs.Add(1)
					}
				}
				credits <- struct{}{}
			case cmdEnquireLink, cmdDeliverSM:
				var body []byte
				if cmd == cmdDeliverSM {
					body = []byte{0} // empty message_id
				}
				wmu.Lock()
				bw.Write(pdu(cmd|respBit, 0, s, body))
				bw.Flush()
				wmu.Unlock()
			}
		}
		return <-werr
	}
	if warm > 0 {
		if err := phase(warm, false); err != nil {
			return err
		}
	}
	readyOnce()
	<-start
	return phase(n, true)
}
