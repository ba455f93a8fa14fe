// Command loadclient is the load generator of the .NET benchmark: one SMPP
// transceiver over loopback TCP that keeps -window submit_sm outstanding and
// reports submits/s once -n are answered. Raw sockets, batched writes: the
// client must cost less than the server it measures.
//
// With -self it first starts an SMPP server of its own on the Go core
// (pumped dispatch, one dispatcher goroutine locked to its OS thread,
// answering every submit at once) and loads that: the baseline the .NET
// host is compared with. It then also reports the dispatcher thread's CPU
// time per event (from /proc/self/task/<tid>/schedstat).
//
//	loadclient -addr 127.0.0.1:PORT -window 64 -n 200000
//	loadclient -self -window 64 -n 200000
//
// Output: one line "submits=N window=W seconds=S rate=R [cpu_ns_per_event=C]".
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/smscserver/libsmscserver/core"
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

func bindBody() []byte {
	var b []byte
	b = append(b, cstr("bench")...)
	b = append(b, cstr("x")...)
	b = append(b, cstr("")...)
	return append(b, 0x34, 0, 0, 0)
}

// submitBody: src "Alpha" (5/0), dst "447700900123" (1/1), "Hello world".
func submitBody() []byte {
	b, _ := hex.DecodeString(strings.ReplaceAll("00 05 00 416c70686100 01 01 34343737303039303031323300 00 00 00 00 00 00 00 00 00 0b 48656c6c6f20776f726c64", " ", ""))
	return b
}

// schedNS is the CPU time of one thread, in ns.
func schedNS(tid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/schedstat", tid))
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	n, _ := strconv.ParseInt(f[0], 10, 64)
	return n
}

type selfServer struct {
	srv *core.SMPPServer
	tid chan int
}

// startSelf runs the baseline server: the same work the .NET host does,
// minus the C ABI and Mono.
func startSelf() (*selfServer, string) {
	s := &selfServer{srv: core.NewSMPPServer(), tid: make(chan int, 1)}
	s.srv.SetDispatchMode(core.DispatchPumped)
	ids := []string{"a1", "b2"}
	s.srv.SetHandlers(core.SMPPHandlers{
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			s.srv.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *core.SmppSubmitMessageReceivedEventArgs) {
			s.srv.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, ids[e.SequenceNumber&1], false)
		},
	})
	if c := s.srv.SmppInitializeServer("127.0.0.1", 0, ""); c != core.OK {
		fmt.Fprintln(os.Stderr, "loadclient: init:", core.ErrorText(c))
		os.Exit(1)
	}
	go func() {
		runtime.LockOSThread()
		s.tid <- syscall.Gettid()
		for {
			if _, c := s.srv.DispatchEvents(500*time.Millisecond, 256); c == core.ErrServerDestroyed {
				return
			}
		}
	}()
	return s, "127.0.0.1:" + strconv.Itoa(s.srv.LocalPort())
}

func main() {
	addr := flag.String("addr", "", "SMPP server host:port")
	window := flag.Int("window", 64, "submits outstanding")
	n := flag.Int("n", 100000, "submits to measure")
	warm := flag.Int("warmup", 5000, "submits before measuring")
	self := flag.Bool("self", false, "load a Go-core server started in this process (baseline)")
	flag.Parse()

	var ss *selfServer
	if *self {
		ss, *addr = startSelf()
	}
	nc, err := net.Dial("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadclient:", err)
		os.Exit(1)
	}
	defer nc.Close()
	if tc, ok := nc.(*net.TCPConn); ok {
		tc.SetNoDelay(true)
	}
	br := bufio.NewReaderSize(nc, 64<<10)
	var hdr [16]byte
	readPDU := func(buf []byte) (uint32, error) {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return 0, err
		}
		l := binary.BigEndian.Uint32(hdr[:])
		if l < 16 || int(l-16) > len(buf) {
			return 0, fmt.Errorf("bad length %d", l)
		}
		if _, err := io.ReadFull(br, buf[:l-16]); err != nil {
			return 0, err
		}
		return binary.BigEndian.Uint32(hdr[8:]), nil
	}
	buf := make([]byte, 64<<10)
	if _, err := nc.Write(pdu(0x09, 0, 1, bindBody())); err != nil {
		fmt.Fprintln(os.Stderr, "loadclient:", err)
		os.Exit(1)
	}
	if st, err := readPDU(buf); err != nil || st != 0 {
		fmt.Fprintln(os.Stderr, "loadclient: bind failed", st, err)
		os.Exit(1)
	}

	run := func(count int) (time.Duration, error) {
		submit := pdu(0x04, 0, 0, submitBody())
		credits := make(chan struct{}, *window)
		for i := 0; i < *window; i++ {
			credits <- struct{}{}
		}
		errc := make(chan error, 1)
		start := time.Now()
		go func() {
			bw := bufio.NewWriterSize(nc, 64<<10)
			for i := 0; i < count; i++ {
				<-credits
				binary.BigEndian.PutUint32(submit[12:], uint32(i+2))
				bw.Write(submit)
				if len(credits) == 0 || i == count-1 {
					if err := bw.Flush(); err != nil {
						errc <- err
						return
					}
				}
			}
		}()
		for i := 0; i < count; i++ {
			st, err := readPDU(buf)
			if err != nil {
				return 0, err
			}
			if binary.BigEndian.Uint32(hdr[4:]) != 0x80000004 {
				i-- // not a submit_sm_resp (enquire_link...): ignore
				continue
			}
			if st != 0 {
				return 0, fmt.Errorf("submit_sm_resp status 0x%x", st)
			}
			credits <- struct{}{}
		}
		el := time.Since(start)
		select {
		case err := <-errc:
			return 0, err
		default:
		}
		return el, nil
	}
	if *warm > 0 {
		if _, err := run(*warm); err != nil {
			fmt.Fprintln(os.Stderr, "loadclient:", err)
			os.Exit(1)
		}
	}
	var tid int
	var cpu0 int64
	if ss != nil {
		tid = <-ss.tid
		cpu0 = schedNS(tid)
	}
	el, err := run(*n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadclient:", err)
		os.Exit(1)
	}
	line := fmt.Sprintf("submits=%d window=%d seconds=%.3f rate=%.0f", *n, *window, el.Seconds(), float64(*n)/el.Seconds())
	if ss != nil {
		line += fmt.Sprintf(" cpu_ns_per_event=%.0f", float64(schedNS(tid)-cpu0)/float64(*n))
		ss.srv.Destroy(true, 5*time.Second)
	}
	fmt.Println(line)
}
