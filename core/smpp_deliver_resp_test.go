package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// What a client answers to the server's deliver_sm and enquire_link, and
// the requests only an SMSC may send, as the host sees them.

func TestDeliverResponsesReachTheHost(t *testing.T) {
	resps := make(chan *SmppDeliverResponseReceivedEventArgs, 8)
	bound := make(chan int32, 1)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				bound <- e.ClientID
			},
			OnSmppDeliverResponseReceived: func(e *SmppDeliverResponseReceivedEventArgs) { resps <- e },
		}
	}, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	id := recv(t, bound, 5*time.Second, "bind")
	deliver := func(seq uint32) {
		t.Helper()
		_, code := srv.SmppSendDeliverMessage(id, seq, "1", 0, 0, "2", 0, 0, "hi", sms.Et7BitText, "", 0, "", "")
		require.Equal(t, OK, code)
		p := c.read(5 * time.Second)
		require.Equal(t, [2]uint32{cmdDeliverSM, seq}, [2]uint32{p.cmd, p.seq})
	}

	deliver(5)
	c.write(pduHex(cmdDeliverSM|respBit, 0, 5, "6D69642D3500")) // message_id "mid-5"
	e := recv(t, resps, 5*time.Second, "deliver_sm_resp")
	require.Equal(t, SmppDeliverResponseReceivedEventArgs{ClientID: id, SequenceNumber: 5, MessageID: "mid-5"}, *e)

	// An error answer: header only (SMPP 3.4 §4.6.2).
	deliver(6)
	c.write(pduHex(cmdDeliverSM|respBit, 0x45, 6, ""))
	e = recv(t, resps, 5*time.Second, "failed deliver_sm_resp")
	require.Equal(t, SmppDeliverResponseReceivedEventArgs{ClientID: id, SequenceNumber: 6, Status: 0x45}, *e)

	// A client that cannot parse the deliver_sm answers generic_nack; the
	// host must still learn that delivery failed.
	deliver(7)
	c.write(pduHex(cmdGenericNack, 0x03, 7, ""))
	e = recv(t, resps, 5*time.Second, "generic_nack")
	require.Equal(t, SmppDeliverResponseReceivedEventArgs{ClientID: id, SequenceNumber: 7, Status: 3,
		ExtendedParameters: "smpp.command=generic_nack"}, *e)

	// data_sm_resp (to a data_sm the host sent with SmppSendRAW), TLVs included.
	c.write(pduHex(0x80000103, 0, 8, "643800 001D 0002 7800 1403 0001 AB"))
	e = recv(t, resps, 5*time.Second, "data_sm_resp")
	require.Equal(t, SmppDeliverResponseReceivedEventArgs{ClientID: id, SequenceNumber: 8, MessageID: "d8",
		ExtendedParameters: "smpp.command=data_sm_resp;smpp.tlv.additional_status_info_text=7800;smpp.tlv.0x1403=AB"}, *e)
}

// A generic_nack is an answer to the server's enquire_link too: the peer
// is alive, so the server keeps the session and asks again after the next
// silent interval instead of closing it.
func TestGenericNackAnswersEnquireLink(t *testing.T) {
	s, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: acceptAll(&s)}
	}, "")
	s.SetKeepAliveInterval(1)
	c := bindRaw(t, addr, cmdBindReceiver)
	p := c.read(5 * time.Second)
	require.Equal(t, cmdEnquireLink, p.cmd)
	c.write(pduHex(cmdGenericNack, 0x03, p.seq, ""))
	// Unanswered, the enquire_link would end the session one interval
	// after it was sent; answered, the next one comes an interval after
	// the nack.
	p2, err := c.tryRead(5 * time.Second)
	require.NoError(t, err, "the session was closed: the generic_nack did not count as an answer")
	require.Equal(t, cmdEnquireLink, p2.cmd)
	require.NotEqual(t, p.seq, p2.seq)
}

// deliver_sm is a request only an SMSC sends. From a client in OPEN state
// it gets its own response with ESME_RINVBNDSTS, like any request before a
// bind; bound, generic_nack ESME_RINVCMDID (see TestRobustUnknownCommandAndWrongState).
func TestDeliverSMFromClientBeforeBind(t *testing.T) {
	_, addr := newTestSMSC(t, "")
	c := dialRaw(t, addr)
	c.write(pduHex(cmdDeliverSM, 0, 3, submitBodyA))
	p := c.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdDeliverSM | respBit, statusInvBndSts, 3}, [3]uint32{p.cmd, p.status, p.seq})
}

// A request that only the RAW handler sees, declined or failing there,
// gets the default answer for an unknown command: generic_nack
// ESME_RINVCMDID echoing its sequence number.
func TestDeclinedRAWRequestGetsGenericNack(t *testing.T) {
	raw := make(chan *SmppRAWReceivedEventArgs, 2)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: acceptAll(&s),
			OnSmppRAWReceived: func(e *SmppRAWReceivedEventArgs) {
				raw <- e
				if e.SequenceNumber == 2 {
					e.Decline()
					return
				}
				panic("host bug")
			},
		}
	}, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	for _, seq := range []uint32{2, 3} {
		c.write(pduHex(0x0000ABCD, 0, seq, "0102"))
		e := recv(t, raw, 5*time.Second, "RAW")
		require.Equal(t, [2]uint32{0xABCD, seq}, [2]uint32{e.CommandID, e.SequenceNumber})
		require.Equal(t, "0102", e.Payload)
		p := c.read(5 * time.Second)
		require.Equal(t, [3]uint32{cmdGenericNack, 0x03, seq}, [3]uint32{p.cmd, p.status, p.seq})
	}
}
