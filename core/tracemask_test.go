package core

import (
	"encoding/hex"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Login passwords are masked in Trace events unless trace-passwords=true.

func upperHexOf(s string) string { return strings.ToUpper(hex.EncodeToString([]byte(s))) }

func TestTraceMasksSMPPBindPassword(t *testing.T) {
	for _, show := range []bool{false, true} {
		ext := ""
		if show {
			ext = "trace-passwords=true"
		}
		traces := make(chan *SmppTraceProtocolEventArgs, 16)
		var srv *SMPPServer
		_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
			srv = s
			return SMPPHandlers{OnSmppLoginReceived: acceptAll(&srv),
				OnSmppTraceProtocol: func(e *SmppTraceProtocolEventArgs) { traces <- e }}
		}, ext)
		bindRaw(t, addr, cmdBindTransceiver)
		e := recv(t, traces, 5*time.Second, "trace of the bind")
		require.Equal(t, cmdBindTransceiver, e.Operation)
		want := strings.ToUpper(hex.EncodeToString(pduHex(cmdBindTransceiver, 0, 1, bindBody("esme1", "secret", 0x34))))
		if !show {
			want = strings.Replace(want, upperHexOf("secret"), upperHexOf("******"), 1)
		}
		require.Equal(t, want, e.PDU)
	}
}

func TestTraceMasksUCPLoginPassword(t *testing.T) {
	for _, show := range []bool{false, true} {
		ext := ""
		if show {
			ext = "trace-passwords=true"
		}
		traces := make(chan *UcpTraceProtocolEventArgs, 16)
		_, addr := startUCP(t, func(s *UCPServer) UCPHandlers {
			return UCPHandlers{OnUcpLoginReceived: ucpAcceptAll(s),
				OnUcpTraceProtocol: func(e *UcpTraceProtocolEventArgs) { traces <- e }}
		}, ext)
		c := dialUCP(t, addr)
		c.login()
		e := recv(t, traces, 5*time.Second, "trace of the login")
		login := "\x02" + ucpKannelLogin + "\x03"
		if !show {
			login = strings.Replace(login, "/736563726574/", "/************/", 1)
		}
		require.Equal(t, upperHexOf(login), e.PDU)
	}
	// NPWD too, in a 61.
	in := "\x0201/00058/O/61/emiuser/6/5/1/736563726574/6E6577///////XX\x03"
	require.Equal(t, "\x0201/00058/O/61/emiuser/6/5/1/************/******///////XX\x03", string(maskUCPLogin([]byte(in))))
	// Other operations, and results, stay as they are.
	for _, s := range []string{"\x0200/00019/R/60/A//6D\x03", "\x02" + ucpKannelText51 + "\x03"} {
		require.Equal(t, s, string(maskUCPLogin([]byte(s))))
	}
}

func TestTraceMasksCIMD2LoginPassword(t *testing.T) {
	for _, show := range []bool{false, true} {
		ext := ""
		if show {
			ext = "trace-passwords=true"
		}
		traces := make(chan *Cimd2TraceProtocolEventArgs, 16)
		_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
			return CIMD2Handlers{OnCimd2LoginReceived: c2AcceptLogins(s),
				OnCimd2TraceProtocol: func(e *Cimd2TraceProtocolEventArgs) { traces <- e }}
		}, ext)
		c := dialCIMD2(t, addr)
		c.login()
		e := recv(t, traces, 5*time.Second, "trace of the login")
		login := "\x0201:001\t010:cimduser\t011:secret\tC2\x03"
		if !show {
			login = strings.Replace(login, "011:secret", "011:******", 1)
		}
		require.Equal(t, upperHexOf(login), e.PDU)
	}
}

// max-connections-per-ip: a further connection from the same address is
// closed before OnTcpConnected; one freed makes room again.
func TestMaxConnectionsPerIP(t *testing.T) {
	var connected atomic.Int32
	disc := make(chan int32, 8)
	_, addr := startSMPP(t, SMPPHandlers{
		OnTcpConnected:    func(e *TcpConnectedEventArgs) { connected.Add(1); e.Decline() },
		OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { disc <- e.ClientID },
	}, "max-connections-per-ip=2")
	a, b := dialRaw(t, addr), dialRaw(t, addr)
	waitFor(t, 5*time.Second, func() bool { return connected.Load() == 2 }, "two connections")
	c := dialRaw(t, addr)
	c.expectClosed(5 * time.Second)
	require.Equal(t, int32(2), connected.Load(), "the third never reached OnTcpConnected")
	// Both first ones still work.
	for _, x := range []*rawClient{a, b} {
		x.write(pduHex(cmdEnquireLink, 0, 7, ""))
		require.Equal(t, cmdEnquireLink|0x80000000, x.read(5*time.Second).cmd)
	}
	a.nc.Close()
	recv(t, disc, 5*time.Second, "first connection gone")
	d := dialRaw(t, addr)
	waitFor(t, 5*time.Second, func() bool { return connected.Load() == 3 }, "a connection in the freed place")
	d.write(pduHex(cmdEnquireLink, 0, 8, ""))
	require.Equal(t, cmdEnquireLink|0x80000000, d.read(5*time.Second).cmd)
}
