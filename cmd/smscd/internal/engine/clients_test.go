package engine

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
	"github.com/stretchr/testify/require"
)

// gosmpp as the client: a transmitter submits with a receipt request, a
// receiver of the same account gets the receipt whose id matches the
// submit_sm_resp.
func TestGosmppReceiptToReceiver(t *testing.T) {
	h := startEngine(t, testConfig())
	pdus := make(chan pdu.PDU, 16)
	settings := gosmpp.Settings{ReadTimeout: 10 * time.Second, OnPDU: func(p pdu.PDU, _ bool) { pdus <- p }}
	auth := gosmpp.Auth{SMSC: h.smpp, SystemID: "acct", Password: "pw"}
	rx, err := gosmpp.NewSession(gosmpp.RXConnector(gosmpp.NonTLSDialer, auth), settings, -1)
	require.NoError(t, err)
	defer rx.Close()
	tx, err := gosmpp.NewSession(gosmpp.TXConnector(gosmpp.NonTLSDialer, auth), settings, -1)
	require.NoError(t, err)
	defer tx.Close()

	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	sm.SourceAddr = pdu.NewAddress()
	require.NoError(t, sm.SourceAddr.SetAddress("1234"))
	sm.DestAddr = pdu.NewAddress()
	require.NoError(t, sm.DestAddr.SetAddress("447700900123"))
	sm.RegisteredDelivery = 1
	require.NoError(t, sm.Message.SetMessageWithEncoding("receipt please", data.GSM7BIT))
	require.NoError(t, tx.Transmitter().Submit(sm))

	var id string
	deadline := time.After(5 * time.Second)
	for {
		select {
		case p := <-pdus:
			switch v := p.(type) {
			case *pdu.SubmitSMResp:
				require.Equal(t, data.ESME_ROK, v.CommandStatus)
				id = v.MessageID
				require.NotEmpty(t, id)
			case *pdu.DeliverSM:
				require.NotEmpty(t, id, "receipt after the response")
				require.Equal(t, byte(0x04), v.EsmClass)
				txt, _ := v.Message.GetMessage()
				require.True(t, strings.HasPrefix(txt, "id:"+id+" "), txt)
				require.Contains(t, txt, "stat:DELIVRD")
				require.Equal(t, "1234", v.DestAddr.Address())
				return
			}
		case <-deadline:
			t.Fatal("no receipt")
		}
	}
}

// After its unbind_resp a client that keeps the connection is closed by
// the SMSC once it had logoutGrace to go itself.
func TestClosesAfterLogoutResponse(t *testing.T) {
	h := startEngine(t, testConfig())
	s := dialSMPP(t, h.smpp)
	require.Equal(t, uint32(0), s.Bind(cmdBindTRX, "acct", "pw"))
	start := time.Now()
	s.Send(0x06, 0, 0, nil)
	p := s.Next()
	require.Equal(t, [2]uint32{0x80000006, 0}, [2]uint32{p.Cmd, p.Status})
	_, err := s.Read(logoutGrace + 3*time.Second)
	require.ErrorIs(t, err, io.EOF, "closed by the SMSC")
	require.GreaterOrEqual(t, time.Since(start), logoutGrace-100*time.Millisecond)
}

// readKannelFrame returns the next STX..ETX frame's text.
func readKannelFrame(t *testing.T, r *bufio.Reader, c net.Conn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := r.ReadString(0x02)
	require.NoError(t, err)
	s, err := r.ReadString(0x03)
	require.NoError(t, err)
	return strings.TrimSuffix(s, "\x03")
}

// Kannel's own UCP frames (docs/test-vectors.md): login, a 51 with NRq=1
// answered with an SCTS, then the 53 naming it, byte for byte.
func TestKannelFramesOverUCP(t *testing.T) {
	h := startEngine(t, testConfig())
	c, err := net.Dial("tcp", h.ucp)
	require.NoError(t, err)
	defer c.Close()
	r := bufio.NewReader(c)
	c.Write([]byte("\x0200/00054/O/60/emiuser/6/5/1/736563726574//0100//////D2\x03"))
	require.Equal(t, "00/00019/R/60/A//6D", readKannelFrame(t, r, c))
	c.Write([]byte("\x0202/00085/O/51/4412345/1234//1//7/////////////3//48656C6C6F20001B281B65/////////////6D\x03"))
	ack := readKannelFrame(t, r, c)
	require.True(t, strings.HasPrefix(ack, "02/00040/R/51/A//4412345:"), ack)
	scts := ack[len("02/00040/R/51/A//4412345:") : len(ack)-3]
	n := readKannelFrame(t, r, c)
	require.Contains(t, n, "/O/53/1234/4412345/")
	require.Contains(t, n, "/"+scts+"/0/")
}

// Kannel's own CIMD2 frames: login, a submit asking for reports (056:14),
// its 53, then a 23 with the same 060 and status 4 (delivered).
func TestKannelFramesOverCIMD2(t *testing.T) {
	h := startEngine(t, testConfig())
	c, err := net.Dial("tcp", h.cimd2)
	require.NoError(t, err)
	defer c.Close()
	r := bufio.NewReader(c)
	c.Write([]byte("\x0201:001\t010:cimduser\t011:secret\tC2\x03"))
	require.Equal(t, "51:001\t3C", readKannelFrame(t, r, c))
	c.Write([]byte("\x0203:003\t021:4412345\t023:1234\t056:14\t055:0\t044:0\t033:Hello _Oa_XX(_XXe_XX>_a\"\t4B\x03"))
	ack := readKannelFrame(t, r, c)
	require.True(t, strings.HasPrefix(ack, "53:003\t021:4412345\t060:"), ack)
	ts := ack[len("53:003\t021:4412345\t060:") : len("53:003\t021:4412345\t060:")+12]
	rep := readKannelFrame(t, r, c)
	require.True(t, strings.HasPrefix(rep, "23:"), rep)
	require.Contains(t, rep, "\t021:4412345\t060:"+ts+"\t061:4\t")
}
