package core_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

// An SMSC that accepts one account and acknowledges every submit, and an
// SMPP client (raw PDUs over TCP) that binds and submits one message.
func ExampleSMPPServer() {
	s := core.NewSMPPServer()
	defer s.Destroy(true, time.Second)

	seen := make(chan string, 4) // what the handlers saw, printed in order below
	s.SetHandlers(core.SMPPHandlers{
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			seen <- fmt.Sprintf("login: system_id=%s, version 0x%02X, mode %d", e.SystemID, e.InterfaceVersion, e.BindMode)
			var status uint32 // 0 binds the session
			if e.SystemID != "esme" || e.Password != "secret" {
				status = uint32(smpp.StatusInvPaswd)
			}
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, status, "my-smsc")
		},
		OnSmppSubmitMessageReceived: func(e *core.SmppSubmitMessageReceivedEventArgs) {
			seen <- fmt.Sprintf("submit: %s -> %s %q, encoding %d, %s", e.Originator, e.Destination, e.Content, e.Encoding, e.ExtendedParameters)
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "msg-1", false)
		},
	})
	if code := s.SmppInitializeServer("127.0.0.1", 0, ""); code != core.OK {
		fmt.Println("initialize:", core.ErrorText(code))
		return
	}

	c := dialSMPP(s.LocalPort())
	defer c.Close()
	c.send(smpp.CmdBindTransceiver, 1, &smpp.Bind{SystemID: []byte("esme"), Password: []byte("secret"), InterfaceVersion: 0x34})
	fmt.Println(<-seen)
	fmt.Println("client:", c.read())
	c.send(smpp.CmdSubmitSM, 2, &smpp.SM{
		SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: []byte("447700900123"),
		DestinationAddr: []byte("1234"), ShortMessage: []byte("Hello"),
	})
	fmt.Println(<-seen)
	fmt.Println("client:", c.read())
	// Output:
	// login: system_id=esme, version 0x34, mode 2
	// client: bind_transceiver_resp status 0x0 seq 1 body "my-smsc\x00\x02\x10\x00\x014"
	// submit: 447700900123 -> 1234 "Hello", encoding 0, smpp.command=submit_sm
	// client: submit_sm_resp status 0x0 seq 2 body "msg-1\x00"
}

// Delivering a message to a bound receiver or transceiver: the library
// builds the deliver_sm (and splits long content), the client's
// deliver_sm_resp comes back as OnSmppDeliverResponseReceived.
func ExampleSMPPServer_SmppSendDeliverMessage() {
	s := core.NewSMPPServer()
	defer s.Destroy(true, time.Second)

	bound := make(chan int32, 1)
	answered := make(chan string, 1)
	s.SetHandlers(core.SMPPHandlers{
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
			bound <- e.ClientID
		},
		OnSmppDeliverResponseReceived: func(e *core.SmppDeliverResponseReceivedEventArgs) {
			answered <- fmt.Sprintf("deliver_sm_resp for seq %d, status %d", e.SequenceNumber, e.Status)
		},
	})
	if code := s.SmppInitializeServer("127.0.0.1", 0, ""); code != core.OK {
		fmt.Println("initialize:", core.ErrorText(code))
		return
	}

	c := dialSMPP(s.LocalPort())
	defer c.Close()
	c.send(smpp.CmdBindReceiver, 1, &smpp.Bind{SystemID: []byte("esme"), Password: []byte("secret"), InterfaceVersion: 0x34})
	clientID := <-bound
	c.read() // bind_receiver_resp

	seqs, code := s.SmppSendDeliverMessage(clientID, 7, "447700900123", 1, 1, "1234", 0, 0,
		"Hello from the SMSC", sms.Et7BitText, "", 0, "", "")
	fmt.Println("sent:", seqs, core.ErrorText(code))

	pdu := c.readPDU()
	h, _ := smpp.ParseHeader(pdu)
	var sm smpp.SM
	if err := sm.Decode(pdu[smpp.HeaderLen:]); err != nil {
		fmt.Println("decode:", err)
		return
	}
	fmt.Printf("client: %v seq %d from %s to %s data_coding %d %q\n", h.CommandID, h.Sequence,
		sm.SourceAddr, sm.DestinationAddr, sm.DataCoding, sm.ShortMessage)
	c.send(smpp.CmdDeliverSMResp, h.Sequence, &smpp.SMResp{})
	fmt.Println(<-answered)
	// Output:
	// sent: [7] success
	// client: deliver_sm seq 7 from 1234 to 447700900123 data_coding 0 "Hello from the SMSC"
	// deliver_sm_resp for seq 7, status 0
}

// A UCP/EMI SMSC and the frames Kannel sends to it (docs/test-vectors.md,
// UCP vectors 12 and 14): a login (OT 60) and a submit (OT 51), answered
// with the submit's AdC and a time stamp (SCTS) that later identifies the
// message in a notification (OT 53).
func ExampleUCPServer() {
	s := core.NewUCPServer()
	defer s.Destroy(true, time.Second)

	seen := make(chan string, 4)
	s.SetHandlers(core.UCPHandlers{
		OnUcpLoginReceived: func(e *core.UcpLoginReceivedEventArgs) {
			seen <- fmt.Sprintf("login: %s / %s", e.UserIdentity, e.Password)
			s.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		},
		OnUcpSubmitMessageReceived: func(e *core.UcpSubmitMessageReceivedEventArgs) {
			seen <- fmt.Sprintf("submit: %s -> %s %q, report requested: %v, %s", e.Originator, e.Destination,
				e.Content, e.Options&sms.SoRequestStatusReport != 0, e.ExtendedParameters)
			scts := time.Date(2026, 11, 21, 23, 19, 6, 0, time.UTC)
			s.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", scts, 0, "")
		},
	})
	// UTC, so that the SCTS on the wire does not depend on the machine's zone.
	if code := s.UcpInitializeServer("127.0.0.1", 0, "ucp.time-zone=UTC"); code != core.OK {
		fmt.Println("initialize:", core.ErrorText(code))
		return
	}

	c := dialFrames(s.LocalPort())
	defer c.Close()
	c.send("\x02" + "00/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2" + "\x03")
	fmt.Println(<-seen)
	fmt.Println("client:", c.read())
	c.send("\x02" + "02/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D" + "\x03")
	fmt.Println(<-seen)
	fmt.Println("client:", c.read())
	// Output:
	// login: emiuser / secret
	// client: 00/00019/R/60/A//6D
	// submit: 1234 -> 4412345 "Hello @{€", report requested: true, ucp.OT=51;ucp.NRq=1;ucp.NT=7
	// client: 02/00040/R/51/A//4412345:211126231906/9B
}

// A CIMD2 SMSC and the packets Kannel sends to it (docs/test-vectors.md,
// CIMD2 vectors 1 and 4): a login and a submit whose text uses CIMD escapes,
// answered with the 060 time stamp that identifies the message for status
// reports (CIMD2 vector 5).
func ExampleCIMD2Server() {
	s := core.NewCIMD2Server()
	defer s.Destroy(true, time.Second)

	seen := make(chan string, 4)
	s.SetHandlers(core.CIMD2Handlers{
		OnCimd2LoginReceived: func(e *core.Cimd2LoginReceivedEventArgs) {
			seen <- fmt.Sprintf("login: %s / %s", e.UserIdentity, e.Password)
			s.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		},
		OnCimd2SubmitMessageReceived: func(e *core.Cimd2SubmitMessageReceivedEventArgs) {
			seen <- fmt.Sprintf("submit: %s -> %s %q, %s", e.Originator, e.Destination, e.Content, e.ExtendedParameters)
			stamp := time.Date(2026, 11, 21, 23, 20, 18, 0, time.UTC)
			s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", stamp, 0, "")
		},
	})
	if code := s.Cimd2InitializeServer("127.0.0.1", 0, "time-zone=UTC"); code != core.OK {
		fmt.Println("initialize:", core.ErrorText(code))
		return
	}

	c := dialFrames(s.LocalPort())
	defer c.Close()
	c.send("\x0201:001\t010:cimduser\t011:secret\tC2\x03")
	fmt.Println(<-seen)
	fmt.Println("client:", c.read())
	c.send("\x0203:003\t021:4412345\t023:1234\t056:14\t055:0\t044:0\t033:Hello _Oa_XX(_XXe_XX>_a\"\t4B\x03")
	fmt.Println(<-seen)
	fmt.Println("client:", c.read())
	// Output:
	// login: cimduser / secret
	// client: 51:001 3C
	// submit: 1234 -> 4412345 "Hello @{€]ä", cimd2.056=14;cimd2.055=0;cimd2.044=0
	// client: 53:003 021:4412345 060:261121232018 B3
}

// smppClient writes and reads raw SMPP PDUs, as an ESME would.
type smppClient struct{ net.Conn }

func dialSMPP(port int) *smppClient {
	nc, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		panic(err)
	}
	_ = nc.SetDeadline(time.Now().Add(5 * time.Second))
	return &smppClient{nc}
}

func (c *smppClient) send(id smpp.CommandID, seq uint32, body smpp.BodyAppender) {
	if _, err := c.Write(smpp.AppendPDU(nil, id, smpp.StatusOK, seq, body)); err != nil {
		panic(err)
	}
}

// readPDU returns the next whole PDU, header included.
func (c *smppClient) readPDU() []byte {
	hdr := make([]byte, smpp.HeaderLen)
	if _, err := readFull(c, hdr); err != nil {
		panic(err)
	}
	pdu := make([]byte, binary.BigEndian.Uint32(hdr))
	copy(pdu, hdr)
	if _, err := readFull(c, pdu[smpp.HeaderLen:]); err != nil {
		panic(err)
	}
	return pdu
}

// read describes the next PDU: command, status, sequence number and body.
func (c *smppClient) read() string {
	pdu := c.readPDU()
	h, _ := smpp.ParseHeader(pdu)
	return fmt.Sprintf("%v status 0x%X seq %d body %q", h.CommandID, uint32(h.Status), h.Sequence, pdu[smpp.HeaderLen:])
}

// frameClient writes and reads STX..ETX frames (UCP and CIMD2).
type frameClient struct {
	net.Conn
	in []byte
}

func dialFrames(port int) *frameClient {
	nc, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		panic(err)
	}
	_ = nc.SetDeadline(time.Now().Add(5 * time.Second))
	return &frameClient{Conn: nc}
}

func (c *frameClient) send(frame string) {
	if _, err := c.Write([]byte(frame)); err != nil {
		panic(err)
	}
}

// read returns the next frame without STX and ETX, TABs shown as spaces.
func (c *frameClient) read() string {
	for {
		if i := bytes.IndexByte(c.in, 0x03); i >= 0 {
			frame := string(c.in[1:i])
			c.in = c.in[i+1:]
			return strings.TrimSpace(strings.ReplaceAll(frame, "\t", " "))
		}
		buf := make([]byte, 512)
		n, err := c.Read(buf)
		if err != nil {
			panic(err)
		}
		c.in = append(c.in, buf[:n]...)
	}
}

func readFull(c net.Conn, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := c.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Reading a server's statistics: what a client did, by PDU kind, and the
// host's answer times.
func ExampleSMPPServer_Statistics() {
	s := core.NewSMPPServer()
	defer s.Destroy(true, time.Second)
	s.SetHandlers(core.SMPPHandlers{
		OnSmppLoginReceived: func(e *core.SmppLoginReceivedEventArgs) {
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
		},
		OnSmppSubmitMessageReceived: func(e *core.SmppSubmitMessageReceivedEventArgs) {
			s.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, "id", false)
		},
	})
	if code := s.SmppInitializeServer("127.0.0.1", 0, ""); code != core.OK {
		fmt.Println("initialize:", core.ErrorText(code))
		return
	}
	c := dialSMPP(s.LocalPort())
	defer c.Close()
	c.send(smpp.CmdBindTransceiver, 1, &smpp.Bind{SystemID: []byte("esme"), InterfaceVersion: 0x34})
	c.read()
	for seq := uint32(2); seq < 5; seq++ {
		c.send(smpp.CmdSubmitSM, seq, &smpp.SM{DestinationAddr: []byte("1234"), ShortMessage: []byte("Hi")})
		c.read()
	}

	st := s.Statistics()
	names := core.StatKindNames(st.Protocol)
	for kind, n := range st.PDUsIn {
		if n > 0 {
			fmt.Printf("in  %-17s %d\n", names[kind], n)
		}
	}
	for kind, n := range st.PDUsOut {
		if n > 0 {
			fmt.Printf("out %-17s %d\n", names[kind], n)
		}
	}
	submits := st.Latency[core.LatencySubmit]
	fmt.Println("logins:", st.LoginsCurrent, "submits answered:", submits.Count, "under 10 s:", submits.Max < 10*time.Second)
	// Output:
	// in  bind              1
	// in  submit_sm         3
	// out bind_resp         1
	// out submit_sm_resp    3
	// logins: 1 submits answered: 3 under 10 s: true
}
