package core

import (
	"bytes"
	"errors"
	"math/rand"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// The hostile-client suite: for each protocol, clients that send garbage,
// bad lengths and checksums, frames without an end, octets one at a time,
// that never read, that flood connections, and that start long messages
// they never finish. After each case the server must serve a well-behaved
// client, hold no connection of the hostile ones, and be back within
// bounds of memory and open files. The per-protocol detail of each answer
// is tested elsewhere (smpp_robust_test.go, ucp_robust_test.go, ...); this
// suite is about the server surviving them all, one after the other.

// hostileServer is one server under attack and how to check it serves.
type hostileServer struct {
	srv  *server
	addr string
	good func(t *testing.T) // a well-behaved client is served
	// deliver floods client id with deliveries (for clients that never read).
	deliver func(id int32) Code
	ids     chan int32   // ClientIDs of the logins, in order
	parts   atomic.Int32 // submits (parts) the host received
}

// Short timers so that every hostile case ends within a second or two.
const hostileExt = "pdu-timeout=1;bind-timeout=2;write-timeout=1;send-queue-bytes=65536;" +
	"reassembly-timeout=1;reassembly-max-messages=64;max-connections=100"

func hostileSMPP(t *testing.T) *hostileServer {
	h := &hostileServer{ids: make(chan int32, 256)}
	s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				h.ids <- e.ClientID
			},
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				h.parts.Add(1)
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "m", false)
			},
		}
	}, hostileExt)
	h.srv, h.addr = &s.server, addr
	h.deliver = func(id int32) Code {
		_, code := s.SmppSendDeliverMessage(id, 0, "1", 0, 0, "2", 0, 0, string(bytes.Repeat([]byte("x"), 160)),
			sms.Et7BitText, "", 0, "", "")
		return code
	}
	h.good = func(t *testing.T) {
		c := dialRaw(t, addr)
		c.write(pduHex(0x09, 0, 1, bindBody("good", "pw", 0x34)))
		require.Equal(t, uint32(0x80000009), c.read(5*time.Second).cmd)
		<-h.ids
		c.write(pduHex(0x04, 0, 2, submitBodyA))
		p := c.read(5 * time.Second)
		require.Equal(t, [2]uint32{0x80000004, 0}, [2]uint32{p.cmd, p.status})
		c.nc.Close()
	}
	return h
}

func hostileUCP(t *testing.T) *hostileServer {
	h := &hostileServer{ids: make(chan int32, 256)}
	s, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
		return UCPHandlers{
			OnUcpLoginReceived: func(e *UcpLoginReceivedEventArgs) {
				s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
				h.ids <- e.ClientID
			},
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				h.parts.Add(1)
				s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
		}
	}, hostileExt)
	h.srv, h.addr = &s.server, addr
	h.deliver = func(id int32) Code {
		_, code := s.UcpSendDeliverMessage(id, 0, "1", "2", string(bytes.Repeat([]byte("x"), 160)), sms.Et7BitText, "", 0, time.Time{}, "")
		return code
	}
	h.good = func(t *testing.T) {
		c := dialUCP(t, addr)
		c.login()
		<-h.ids
		c.sendOp(1, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "hi", "")...)
		f := c.readFrame(5 * time.Second)
		require.Equal(t, [2]any{ucp.Result, 1}, [2]any{f.Kind, f.TRN})
		c.nc.Close()
	}
	return h
}

func hostileCIMD2(t *testing.T) *hostileServer {
	h := &hostileServer{ids: make(chan int32, 256)}
	s, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{
			OnCimd2LoginReceived: func(e *Cimd2LoginReceivedEventArgs) {
				s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
				h.ids <- e.ClientID
			},
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				h.parts.Add(1)
				s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
		}
	}, hostileExt)
	h.srv, h.addr = &s.server, addr
	h.deliver = func(id int32) Code {
		_, code := s.Cimd2SendDeliverMessage(id, 0, "1", "2", string(bytes.Repeat([]byte("x"), 160)), sms.Et7BitText, "", 0, time.Time{}, "")
		return code
	}
	h.good = func(t *testing.T) {
		c := dialCIMD2(t, addr)
		c.login()
		<-h.ids
		c.write(c2Packet(3, 3, "021:4412345", "033:hi"))
		c.expectOp(53, 3)
		c.nc.Close()
	}
	return h
}

// hostileCase is one kind of bad client, given the protocol's login and a
// frame that starts and never ends.
type hostileCase struct {
	name string
	run  func(t *testing.T, h *hostileServer, p hostileProto)
}

// hostileProto is what the cases need of a protocol.
type hostileProto struct {
	login    []byte // a valid login
	badFrame []byte // a frame with a bad length or checksum
	unended  []byte // the start of a frame that never ends
	part1    func(ref int) []byte
}

func hostileProtos(t *testing.T) map[string]hostileProto {
	return map[string]hostileProto{
		"smpp": {
			login:    pduHex(0x09, 0, 1, bindBody("evil", "pw", 0x34)),
			badFrame: []byte{0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9},
			unended:  []byte{0, 0, 0, 200, 0, 0, 0, 4, 0, 0, 0, 0},
			part1: func(ref int) []byte {
				udh := "050003" + strconv.FormatInt(int64(0x100+ref%256), 16)[1:] + "0201"
				// esm_class 0x40 (UDHI), data_coding 0, sm_length 156: part 1 of 2.
				body := "00 01 01 3100 01 01 3200 40 00 00 00 00 00 00 00 00 9c " + udh + bytesHex(150)
				return pduHex(0x04, 0, uint32(10+ref), body)
			},
		},
		"ucp": {
			login:    []byte("\x02" + ucpKannelLogin + "\x03"),
			badFrame: []byte("\x0201/00020/O/31/x/00\x03"),
			unended:  []byte("\x0201/00099/O/51/4412345/"),
			part1: func(ref int) []byte {
				xser := "0106050003" + strconv.FormatInt(int64(0x100+ref%256), 16)[1:] + "0201"
				f := ucpSubmit51Fields("4412345", "1234", string(bytes.Repeat([]byte("y"), 100)), xser)
				return ucpFrame(t, ref%100, ucp.Operation, 51, f...)
			},
		},
		"cimd2": {
			login:    c2("<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>"),
			badFrame: c2("<STX>03:003<TAB>021:1<TAB>033:x<TAB>00<ETX>"),
			unended:  c2("<STX>03:003<TAB>021:4412345<TAB>033:never"),
			part1: func(ref int) []byte {
				udh := "050003" + strconv.FormatInt(int64(0x100+ref%256), 16)[1:] + "0201"
				return c2Packet(3, 1+2*(ref%127+1)%256, "021:4412345", "032:"+udh, "033:"+string(bytes.Repeat([]byte("z"), 100)))
			},
		},
	}
}

func bytesHex(n int) string { return string(bytes.Repeat([]byte("41"), n)) }

var hostileCases = []hostileCase{
	{"garbage", func(t *testing.T, h *hostileServer, p hostileProto) {
		junk := make([]byte, 64<<10)
		rand.New(rand.NewSource(1)).Read(junk)
		for i := 0; i < 4; i++ {
			require.True(t, hostileSend(t, h.addr, junk, 3*time.Second), "garbage closes the connection")
		}
	}},
	{"bad length or checksum", func(t *testing.T, h *hostileServer, p hostileProto) {
		hostileSend(t, h.addr, append(append([]byte{}, p.login...), p.badFrame...), time.Second)
	}},
	{"frame without an end", func(t *testing.T, h *hostileServer, p hostileProto) {
		require.True(t, hostileSend(t, h.addr, append(append([]byte{}, p.login...), p.unended...), 4*time.Second),
			"pdu-timeout closes a frame that never ends")
	}},
	{"slow writer", func(t *testing.T, h *hostileServer, p hostileProto) {
		nc, err := net.Dial("tcp", h.addr)
		require.NoError(t, err)
		defer nc.Close()
		deadline := time.Now().Add(4 * time.Second)
		for _, b := range p.unended { // one octet at a time, slower than pdu-timeout allows
			if _, err := nc.Write([]byte{b}); err != nil || time.Now().After(deadline) {
				return // closed by the server: that is the point
			}
			time.Sleep(150 * time.Millisecond)
		}
	}},
	{"never reads", func(t *testing.T, h *hostileServer, p hostileProto) {
		nc, err := net.Dial("tcp", h.addr)
		require.NoError(t, err)
		defer nc.Close()
		nc.(*net.TCPConn).SetReadBuffer(4096)
		_, err = nc.Write(p.login)
		require.NoError(t, err)
		id := recv(t, h.ids, 5*time.Second, "the login")
		// Deliver until the send queue refuses or the connection is closed
		// for write-timeout; bounded in count either way.
		for i := 0; i < 20000; i++ {
			if code := h.deliver(id); code != OK {
				break
			}
		}
		waitFor(t, 10*time.Second, func() bool { _, code := h.srv.liveConn(id); return code != OK }, "the non-reading client to be closed")
	}},
	{"connection flood", func(t *testing.T, h *hostileServer, p hostileProto) {
		conns := make([]net.Conn, 0, 150)
		for i := 0; i < 150; i++ {
			nc, err := net.Dial("tcp", h.addr)
			if err != nil {
				break
			}
			conns = append(conns, nc)
		}
		require.LessOrEqual(t, h.srv.ConnectionCount(), 100, "max-connections holds")
		for _, nc := range conns {
			nc.Close()
		}
	}},
	{"long messages never completed", func(t *testing.T, h *hostileServer, p hostileProto) {
		nc, err := net.Dial("tcp", h.addr)
		require.NoError(t, err)
		defer nc.Close()
		go drain(nc)
		_, err = nc.Write(p.login)
		require.NoError(t, err)
		<-h.ids
		before := h.parts.Load()
		for ref := 0; ref < 300; ref++ {
			if _, err := nc.Write(p.part1(ref)); err != nil {
				break
			}
		}
		// Each pending message holds a reassembly slot until the limit
		// (reassembly-max-messages=64) refuses the rest.
		waitFor(t, 5*time.Second, func() bool { return h.parts.Load()-before >= 64 }, "the parts to reach the host")
	}},
}

func drain(nc net.Conn) {
	buf := make([]byte, 4096)
	for {
		if _, err := nc.Read(buf); err != nil {
			return
		}
	}
}

// hostileSend writes in and waits (bounded) for the server to close; it
// reports whether the server did.
func hostileSend(t *testing.T, addr string, in []byte, wait time.Duration) bool {
	nc, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer nc.Close()
	_, _ = nc.Write(in)
	_ = nc.SetReadDeadline(time.Now().Add(wait))
	buf := make([]byte, 4096)
	for {
		if _, err := nc.Read(buf); err != nil {
			var ne net.Error
			return !(errors.As(err, &ne) && ne.Timeout())
		}
	}
}

// resources is what the process holds: open files and heap in use.
func resources() (fds int, heap uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	ents, _ := os.ReadDir("/proc/self/fd")
	return len(ents), m.HeapInuse
}

func TestHostileClientsLeaveTheServerServingAndWithinBounds(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc/self/fd to count open files")
	}
	protos := hostileProtos(t)
	for _, name := range []string{"smpp", "ucp", "cimd2"} {
		t.Run(name, func(t *testing.T) {
			h := map[string]func(*testing.T) *hostileServer{"smpp": hostileSMPP, "ucp": hostileUCP, "cimd2": hostileCIMD2}[name](t)
			h.good(t)
			waitFor(t, 5*time.Second, func() bool { return h.srv.ConnectionCount() == 0 }, "the first good client to leave")
			fds0, heap0 := resources()
			for _, c := range hostileCases {
				c.run(t, h, protos[name])
				waitFor(t, 10*time.Second, func() bool { return h.srv.ConnectionCount() == 0 }, c.name+": hostile connections closed")
				h.good(t)
				waitFor(t, 5*time.Second, func() bool { return h.srv.ConnectionCount() == 0 }, c.name+": the good client gone")
				// The sockets of closed connections are closed, and what
				// they held is given back: bounds, not exact figures,
				// since the runtime keeps some memory for reuse.
				waitFor(t, 5*time.Second, func() bool { fds, _ := resources(); return fds <= fds0+4 }, c.name+": open files back")
				_, heap := resources()
				require.Less(t, int64(heap)-int64(heap0), int64(32<<20), "%s: heap grew from %d to %d", c.name, heap0, heap)
			}
		})
	}
}
