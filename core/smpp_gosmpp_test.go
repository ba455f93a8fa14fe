package core

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/linxGnu/gosmpp"
	"github.com/linxGnu/gosmpp/data"
	"github.com/linxGnu/gosmpp/pdu"
	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// These tests drive the server with github.com/linxGnu/gosmpp, a client
// written by others, over real TCP.

type gosmppClient struct {
	sess   *gosmpp.Session
	pdus   chan pdu.PDU
	closed chan gosmpp.State
}

func dialGosmpp(t *testing.T, addr string, connector func(gosmpp.Dialer, gosmpp.Auth) gosmpp.Connector, password string) (*gosmppClient, error) {
	return dialGosmppEnquire(t, addr, connector, password, 0)
}

// dialGosmppEnquire binds with gosmpp sending its own enquire_link every
// enquire (0 = never).
func dialGosmppEnquire(t *testing.T, addr string, connector func(gosmpp.Dialer, gosmpp.Auth) gosmpp.Connector, password string, enquire time.Duration) (*gosmppClient, error) {
	c := &gosmppClient{pdus: make(chan pdu.PDU, 256), closed: make(chan gosmpp.State, 4)}
	auth := gosmpp.Auth{SMSC: addr, SystemID: "esme1", Password: password, SystemType: "test"}
	sess, err := gosmpp.NewSession(connector(gosmpp.NonTLSDialer, auth), gosmpp.Settings{
		EnquireLink: enquire,
		ReadTimeout: 10 * time.Second,
		OnPDU: func(p pdu.PDU, _ bool) {
			c.pdus <- p
		},
		OnClosed: func(st gosmpp.State) { c.closed <- st },
	}, -1)
	if err != nil {
		return nil, err
	}
	c.sess = sess
	t.Cleanup(func() { sess.Close() })
	return c, nil
}

func trxConnector(d gosmpp.Dialer, a gosmpp.Auth) gosmpp.Connector { return gosmpp.TRXConnector(d, a) }
func txConnector(d gosmpp.Dialer, a gosmpp.Auth) gosmpp.Connector  { return gosmpp.TXConnector(d, a) }
func rxConnector(d gosmpp.Dialer, a gosmpp.Auth) gosmpp.Connector  { return gosmpp.RXConnector(d, a) }

// nextPDU returns the next PDU of type T, skipping others (enquire_link etc).
func nextPDU[T pdu.PDU](t *testing.T, c *gosmppClient, timeout time.Duration) T {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case p := <-c.pdus:
			if v, ok := p.(T); ok {
				return v
			}
		case <-deadline:
			var zero T
			t.Fatalf("no %T within %v", zero, timeout)
			return zero
		}
	}
}

func newSubmit(t *testing.T, text string, enc data.Encoding, regDel byte) *pdu.SubmitSM {
	src := pdu.NewAddress()
	src.SetTon(5)
	src.SetNpi(0)
	require.NoError(t, src.SetAddress("Alpha"))
	dst := pdu.NewAddress()
	dst.SetTon(1)
	dst.SetNpi(1)
	require.NoError(t, dst.SetAddress("447700900123"))
	sm := pdu.NewSubmitSM().(*pdu.SubmitSM)
	sm.SourceAddr = src
	sm.DestAddr = dst
	sm.RegisteredDelivery = regDel
	require.NoError(t, sm.Message.SetMessageWithEncoding(text, enc))
	return sm
}

// smsc is a small SMSC for the tests: accepts logins with password
// "secret", answers submits with "id-<seq>", records what it saw.
type testSMSC struct {
	srv       *SMPPServer
	mu        sync.Mutex
	logins    []SmppLoginReceivedEventArgs
	received  chan *SmppSubmitMessageReceivedEventArgs
	completed chan *SmppSubmitMessageCompletedEventArgs
	delivResp chan *SmppDeliverResponseReceivedEventArgs
	logouts   chan *SmppLogoutReceivedEventArgs
	disc      chan *TcpDisconnectedEventArgs
	conn      chan *TcpConnectedEventArgs
}

func newTestSMSC(t *testing.T, ext string) (*testSMSC, string) {
	ts := &testSMSC{
		received:  make(chan *SmppSubmitMessageReceivedEventArgs, 64),
		completed: make(chan *SmppSubmitMessageCompletedEventArgs, 64),
		delivResp: make(chan *SmppDeliverResponseReceivedEventArgs, 64),
		logouts:   make(chan *SmppLogoutReceivedEventArgs, 8),
		disc:      make(chan *TcpDisconnectedEventArgs, 16),
		conn:      make(chan *TcpConnectedEventArgs, 16),
	}
	var addr string
	_, addr = startSMPPWith(t, func(srv *SMPPServer) SMPPHandlers {
		ts.srv = srv
		return SMPPHandlers{
			OnTcpConnected: func(e *TcpConnectedEventArgs) {
				ts.conn <- e
				ts.srv.TcpAcceptConnection(e.ClientID)
			},
			OnTcpDisconnected: func(e *TcpDisconnectedEventArgs) { ts.disc <- e },
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				ts.mu.Lock()
				ts.logins = append(ts.logins, *e)
				ts.mu.Unlock()
				status := uint32(0)
				if e.Password != "secret" {
					status = 0x0E // ESME_RINVPASWD
				}
				ts.srv.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, status, "testsmsc")
			},
			OnSmppLogoutReceived: func(e *SmppLogoutReceivedEventArgs) {
				ts.logouts <- e
				ts.srv.SmppSendLogoutResponse(e.ClientID, e.SequenceNumber, 0)
			},
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) {
				ts.received <- e
				ts.srv.SmppSendSubmitMessageResponse(e.ClientID, e.SequenceNumber, 0, fmt.Sprintf("id-%d", e.SequenceNumber), false)
			},
			OnSmppSubmitMessageCompleted:  func(e *SmppSubmitMessageCompletedEventArgs) { ts.completed <- e },
			OnSmppDeliverResponseReceived: func(e *SmppDeliverResponseReceivedEventArgs) { ts.delivResp <- e },
		}
	}, ext)
	return ts, addr
}

func TestGosmppTransceiverSubmitShortGSM(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c, err := dialGosmpp(t, addr, trxConnector, "secret")
	require.NoError(t, err)

	require.NoError(t, c.sess.Transceiver().Submit(newSubmit(t, "Hello @{€ world", data.GSM7BIT, 1)))
	e := recv(t, ts.received, 5*time.Second, "submit")
	require.Equal(t, "Hello @{€ world", e.Content)
	require.Equal(t, sms.Et7BitText, e.Encoding)
	require.Equal(t, "Alpha", e.Originator)
	require.Equal(t, uint8(5), e.OriginatorTON)
	require.Equal(t, "447700900123", e.Destination)
	require.Equal(t, uint8(1), e.DestinationTON)
	require.Equal(t, uint8(1), e.DestinationNPI)
	require.NotZero(t, e.Options&sms.SoRequestStatusReport)
	require.Contains(t, e.ExtendedParameters, "smpp.command=submit_sm")

	resp := nextPDU[*pdu.SubmitSMResp](t, c, 5*time.Second)
	require.Equal(t, fmt.Sprintf("id-%d", e.SequenceNumber), resp.MessageID)
	require.Equal(t, data.ESME_ROK, resp.CommandStatus)

	done := recv(t, ts.completed, 5*time.Second, "completed")
	require.Equal(t, "Hello @{€ world", done.Content)
	require.Equal(t, []uint32{e.SequenceNumber}, done.SequenceNumbers)

	ts.mu.Lock()
	require.Len(t, ts.logins, 1)
	require.Equal(t, "esme1", ts.logins[0].SystemID)
	require.Equal(t, "test", ts.logins[0].SystemType)
	require.Equal(t, BmTransceiver, ts.logins[0].BindMode)
	require.Equal(t, uint8(0x34), ts.logins[0].InterfaceVersion)
	ts.mu.Unlock()
}

func TestGosmppSubmitUCS2AndLong(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c, err := dialGosmpp(t, addr, trxConnector, "secret")
	require.NoError(t, err)

	require.NoError(t, c.sess.Transceiver().Submit(newSubmit(t, "Привет, мир 😀", data.UCS2, 0)))
	e := recv(t, ts.received, 5*time.Second, "ucs2 submit")
	require.Equal(t, sms.EtUCS2Text, e.Encoding)
	require.Equal(t, "Привет, мир 😀", e.Content)
	require.Equal(t, uint8(8), e.DataCoding)
	recv(t, ts.completed, 5*time.Second, "ucs2 completed")

	// A long GSM message split by gosmpp into UDH parts.
	long := strings.Repeat("The quick brown fox jumps over the lazy dog {} ", 8)
	sm := newSubmit(t, "", data.GSM7BIT, 0)
	require.NoError(t, sm.Message.SetLongMessageWithEnc(long, data.GSM7BIT))
	parts, err := sm.Split()
	require.NoError(t, err)
	require.Greater(t, len(parts), 1)
	for _, p := range parts {
		require.NoError(t, c.sess.Transceiver().Submit(p))
	}
	var seqs []uint32
	for range parts {
		r := recv(t, ts.received, 5*time.Second, "part")
		require.NotEmpty(t, r.UserDataHeader)
		seqs = append(seqs, r.SequenceNumber)
	}
	done := recv(t, ts.completed, 5*time.Second, "long completed")
	require.Equal(t, long, done.Content)
	require.Equal(t, seqs, done.SequenceNumbers)
	require.Empty(t, done.UserDataHeader, "the concatenation IE is not part of the completed message's UDH")

	// A long UCS-2 message.
	longU := strings.Repeat("Съешь же ещё этих мягких французских булок 😀 ", 4)
	smu := newSubmit(t, "", data.UCS2, 0)
	require.NoError(t, smu.Message.SetLongMessageWithEnc(longU, data.UCS2))
	partsU, err := smu.Split()
	require.NoError(t, err)
	for _, p := range partsU {
		require.NoError(t, c.sess.Transceiver().Submit(p))
	}
	for range partsU {
		recv(t, ts.received, 5*time.Second, "ucs2 part")
	}
	doneU := recv(t, ts.completed, 5*time.Second, "long ucs2 completed")
	require.Equal(t, longU, doneU.Content)
	require.Len(t, doneU.SequenceNumbers, len(partsU))
}

func TestGosmppDeliverAndReceipt(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c, err := dialGosmpp(t, addr, trxConnector, "secret")
	require.NoError(t, err)
	conn := recv(t, ts.conn, 5*time.Second, "connected")
	require.Equal(t, "127.0.0.1", conn.RemoteHost)
	require.NotZero(t, conn.RemotePort)
	id := conn.ClientID
	waitFor(t, 5*time.Second, func() bool {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		return len(ts.logins) == 1
	}, "login")
	// The login response goes out before the session state is visible to a
	// racing deliver only if we wait for the handler; poll until bound.
	var seqs []uint32
	var code Code
	waitFor(t, 5*time.Second, func() bool {
		seqs, code = ts.srv.SmppSendDeliverMessage(id, 100, "447700900123", 1, 1, "1234", 3, 0,
			"Hello from SMSC Server Library", sms.Et7BitText, "", 0, "", "")
		return code == OK
	}, "deliver accepted")
	require.Equal(t, []uint32{100}, seqs)
	d := nextPDU[*pdu.DeliverSM](t, c, 5*time.Second)
	msg, err := d.Message.GetMessage()
	require.NoError(t, err)
	require.Equal(t, "Hello from SMSC Server Library", msg)
	require.Equal(t, "1234", d.SourceAddr.Address())
	require.Equal(t, "447700900123", d.DestAddr.Address())
	dr := recv(t, ts.delivResp, 5*time.Second, "deliver_sm_resp")
	require.Equal(t, uint32(100), dr.SequenceNumber)
	require.Equal(t, uint32(0), dr.Status)

	// Long UCS-2 deliver: the client sees UDH parts it can join.
	long := strings.Repeat("Доставка длинного сообщения ", 6)
	seqs, code = ts.srv.SmppSendDeliverMessage(id, 200, "447700900123", 1, 1, "1234", 3, 0, long, sms.EtUCS2Text, "", 0, "", "")
	require.Equal(t, OK, code)
	require.Greater(t, len(seqs), 1)
	var got strings.Builder
	for i := range seqs {
		p := nextPDU[*pdu.DeliverSM](t, c, 5*time.Second)
		total, seq, _, ok := p.Message.UDH().GetConcatInfo()
		require.True(t, ok)
		require.Equal(t, byte(len(seqs)), total)
		require.Equal(t, byte(i+1), seq)
		m, err := p.Message.GetMessageWithEncoding(data.UCS2)
		require.NoError(t, err)
		got.WriteString(m)
	}
	require.Equal(t, long, got.String())

	// Status report.
	submit := time.Date(2026, 11, 21, 10, 30, 0, 0, time.UTC)
	code = ts.srv.SmppSendDeliverStatusReport(id, 300, "1234", 3, 0, "447700900123", 1, 1, RtFinal, "abc123", "",
		1, 1, submit, submit.Add(time.Minute), MsDelivered, 0, "Hello from SMSC Server Library", "")
	require.Equal(t, OK, code)
	r := nextPDU[*pdu.DeliverSM](t, c, 5*time.Second)
	require.Equal(t, byte(0x04), r.EsmClass)
	txt, err := r.Message.GetMessage()
	require.NoError(t, err)
	require.Equal(t, "id:abc123 sub:001 dlvrd:001 submit date:2611211030 done date:2611211031 stat:DELIVRD err:000 text:Hello from SMSC Serv", txt)
	tlv, ok := r.OptionalParameters[pdu.TagReceiptedMessageID]
	require.True(t, ok)
	require.Equal(t, "abc123\x00", string(tlv.Data))
	st, ok := r.OptionalParameters[pdu.TagMessageStateOption]
	require.True(t, ok)
	require.Equal(t, []byte{2}, st.Data)
}

func TestGosmppBindModesAndRejection(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	_, err := dialGosmpp(t, addr, txConnector, "secret")
	require.NoError(t, err)
	_, err = dialGosmpp(t, addr, rxConnector, "secret")
	require.NoError(t, err)
	_, err = dialGosmpp(t, addr, trxConnector, "wrong")
	require.Error(t, err)
	var be gosmpp.BindError
	require.ErrorAs(t, err, &be)
	require.Equal(t, data.ESME_RINVPASWD, be.CommandStatus)
	for _, conn := range []func(gosmpp.Dialer, gosmpp.Auth) gosmpp.Connector{txConnector, rxConnector} {
		_, err = dialGosmpp(t, addr, conn, "wrong")
		require.ErrorAs(t, err, &be, "gosmpp parses a failed transmitter/receiver bind_resp")
		require.Equal(t, data.ESME_RINVPASWD, be.CommandStatus)
	}

	ts.mu.Lock()
	defer ts.mu.Unlock()
	modes := map[BindMode]bool{}
	for _, l := range ts.logins {
		modes[l.BindMode] = true
	}
	require.True(t, modes[BmTransmitter] && modes[BmReceiver] && modes[BmTransceiver])
}

func TestGosmppUnbind(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c, err := dialGosmpp(t, addr, trxConnector, "secret")
	require.NoError(t, err)
	recv(t, ts.conn, 5*time.Second, "connected")
	require.NoError(t, c.sess.Close())
	recv(t, ts.logouts, 5*time.Second, "unbind")
	// gosmpp closes the socket right after its unbind, before reading the
	// unbind_resp: with data unread, the kernel resets the connection
	// instead of closing it in order, and the server sees ECONNRESET.
	d := recv(t, ts.disc, 5*time.Second, "disconnected")
	require.Contains(t, []int32{ReasonRemote, int32(syscall.ECONNRESET), int32(syscall.EPIPE)}, d.Reason, d.ReasonText)
}

func TestGosmppTransmitterCannotReceive(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	_, err := dialGosmpp(t, addr, txConnector, "secret")
	require.NoError(t, err)
	conn := recv(t, ts.conn, 5*time.Second, "connected")
	waitFor(t, 5*time.Second, func() bool { ts.mu.Lock(); defer ts.mu.Unlock(); return len(ts.logins) == 1 }, "login")
	time.Sleep(50 * time.Millisecond)
	_, code := ts.srv.SmppSendDeliverMessage(conn.ClientID, 1, "1", 0, 0, "2", 0, 0, "x", sms.Et7BitText, "", 0, "", "")
	require.Equal(t, ErrWrongState, code)
}

// enquire_link both ways with gosmpp: its own (every 2 s) are answered by
// the library, and the server's (KeepAliveInterval 1 s of silence) are
// answered by gosmpp, so the session stays up past several intervals.
func TestGosmppEnquireLinkBothWays(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	var fromServer, fromClient atomic.Int32
	ts.srv.UpdateHandlers(func(h *SMPPHandlers) {
		h.OnSmppTraceProtocol = func(e *SmppTraceProtocolEventArgs) {
			if e.Operation != 0x15 { // enquire_link
				return
			}
			if e.FromAddress == addr { // sent by the server
				fromServer.Add(1)
			} else {
				fromClient.Add(1)
			}
		}
	})
	ts.srv.SetKeepAliveInterval(1)
	c, err := dialGosmppEnquire(t, addr, trxConnector, "secret", 2*time.Second)
	require.NoError(t, err)
	nextPDU[*pdu.EnquireLinkResp](t, c, 5*time.Second) // gosmpp's first, answered
	waitFor(t, 5*time.Second, func() bool { return fromServer.Load() >= 2 && fromClient.Load() >= 1 }, "enquire_link both ways")
	require.NoError(t, c.sess.Transceiver().Submit(newSubmit(t, "still here", data.GSM7BIT, 0)))
	require.Equal(t, "still here", recv(t, ts.received, 5*time.Second, "submit").Content)
	select {
	case d := <-ts.disc:
		t.Fatalf("session closed: %+v", d)
	default:
	}
}
