package core

import (
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// Session fuzzing: whatever octets a client sends after connecting, the
// server answers or closes that connection and goes on serving others. The
// codecs have fuzz targets of their own (codec/...); these drive the whole
// session (framing, login state, reassembly, default answers) over TCP.
// `make fuzz` runs them for a while; `go test` runs their seeds.

// fuzzServers are started once per process: a fuzz input must cost a
// connection, not a server.
var fuzzServers struct {
	once             sync.Once
	smpp, ucp, cimd2 string
	smppS            *SMPPServer
	ucpS             *UCPServer
	cimd2S           *CIMD2Server
}

func startFuzzServers(t testing.TB) {
	fuzzServers.once.Do(func() {
		s := NewSMPPServer()
		s.SetHandlers(SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "m", false)
			},
		})
		u := NewUCPServer()
		u.SetHandlers(UCPHandlers{
			OnUcpLoginReceived: ucpAcceptAll(u),
			OnUcpSubmitMessageReceived: func(e *UcpSubmitMessageReceivedEventArgs) {
				u.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
		})
		c := NewCIMD2Server()
		c.SetHandlers(CIMD2Handlers{
			OnCimd2LoginReceived: c2AcceptLogins(c),
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				c.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			},
		})
		// Short timers, so that inputs which leave a frame open end soon.
		ext := "pdu-timeout=1;bind-timeout=2;response-timeout=1;max-pdu-size=8192"
		if s.SmppInitializeServer("127.0.0.1", 0, ext) != OK || u.UcpInitializeServer("127.0.0.1", 0, ext+";ucp.time-zone=UTC") != OK ||
			c.Cimd2InitializeServer("127.0.0.1", 0, ext+";time-zone=UTC") != OK {
			panic("fuzz servers did not start")
		}
		fuzzServers.smppS, fuzzServers.ucpS, fuzzServers.cimd2S = s, u, c
		fuzzServers.smpp = "127.0.0.1:" + strconv.Itoa(s.LocalPort())
		fuzzServers.ucp = "127.0.0.1:" + strconv.Itoa(u.LocalPort())
		fuzzServers.cimd2 = "127.0.0.1:" + strconv.Itoa(c.LocalPort())
	})
}

// sendAndDrain writes in, closes the writing half and reads what the
// server answers until it closes or 300 ms pass.
func sendAndDrain(t *testing.T, addr string, in []byte) {
	nc, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v (the server stopped accepting)", addr, err)
	}
	defer nc.Close()
	_ = nc.SetDeadline(time.Now().Add(300 * time.Millisecond))
	_, _ = nc.Write(in)
	_ = nc.(*net.TCPConn).CloseWrite()
	_, _ = io.Copy(io.Discard, nc)
}

// requireServed checks a well-behaved client still gets its answers.
func requireServed(t *testing.T, proto string) {
	t.Helper()
	switch proto {
	case "smpp":
		c := dialRaw(t, fuzzServers.smpp)
		c.write(pduHex(0x09, 0, 1, bindBody("ok", "pw", 0x34)))
		if p := c.read(5 * time.Second); p.cmd != 0x80000009 || p.status != 0 {
			t.Fatalf("bind after the input: %+v", p)
		}
		c.nc.Close()
	case "ucp":
		c := dialUCP(t, fuzzServers.ucp)
		c.login()
		c.sendOp(1, ucp.Operation, 51, ucpSubmit51Fields("4412345", "1234", "hi", "")...)
		if f := c.readFrame(5 * time.Second); f.Kind != ucp.Result || f.TRN != 1 {
			t.Fatalf("submit after the input: %s", f.Text)
		}
		c.nc.Close()
	case "cimd2":
		c := dialCIMD2(t, fuzzServers.cimd2)
		c.login()
		c.write(c2Packet(3, 3, "021:4412345", "033:hi"))
		c.expectOp(53, 3)
		c.nc.Close()
	}
}

func fuzzSession(f *testing.F, proto string, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		startFuzzServers(t)
		addr := map[string]string{"smpp": fuzzServers.smpp, "ucp": fuzzServers.ucp, "cimd2": fuzzServers.cimd2}[proto]
		sendAndDrain(t, addr, in)
		requireServed(t, proto)
	})
}

func FuzzSMPPSession(f *testing.F) {
	bind := pduHex(0x09, 0, 1, bindBody("a", "b", 0x34))
	fuzzSession(f, "smpp",
		bind,
		append(append([]byte{}, bind...), pduHex(0x04, 0, 2, submitBodyA)...),
		append(append([]byte{}, bind...), pduHex(0x21, 0, 3, "00 01 01 3100 02 01 01 01 3200 01 01 01 3300 00 00 00 00 00 00 00 00 00 01 41")...),
		pduHex(0x15, 0, 7, ""),
		[]byte{0, 0, 0, 16, 0, 0, 0, 4},
		[]byte{0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
	)
}

func FuzzUCPSession(f *testing.F) {
	fuzzSession(f, "ucp",
		[]byte("\x02"+ucpKannelLogin+"\x03"),
		[]byte("\x02"+ucpKannelLogin+"\x03\x02"+ucpKannelText51+"\x03"),
		[]byte("\x02"+ucpKannelLogin+"\x03\x02"+ucpKannelBinary51+"\x03"),
		[]byte("\x02"+ucpSpecCallInput01+"\x03"),
		[]byte("\x0200/00010/O/31/\x03"),
		[]byte("\x02\x02\x02\x03"),
	)
}

func FuzzCIMD2Session(f *testing.F) {
	login := c2("<STX>01:001<TAB>010:cimduser<TAB>011:secret<TAB>C2<ETX>")
	fuzzSession(f, "cimd2",
		login,
		append(append([]byte{}, login...), c2Packet(3, 3, "021:4412345", "033:hi")...),
		append(append([]byte{}, login...), c2Packet(3, 5, "021:1", "032:050003070201", "033:abc")...),
		c2Packet(40, 3),
		c2("<STX>99:xyz<ETX>"),
		[]byte("\x02\x02\x03\x03"),
	)
}
