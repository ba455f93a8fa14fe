package core

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/smpp"
)

// The host's answers to a client's requests: the form each takes on the
// wire, and the calls that must be refused without using up the request.

// answerSMSC records every submit and leaves answering to the test.
func answerSMSC(t *testing.T) (*SMPPServer, *rawClient, chan *SmppSubmitMessageReceivedEventArgs) {
	got := make(chan *SmppSubmitMessageReceivedEventArgs, 4)
	srv, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived:         acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) { got <- e },
		}
	}, "")
	return srv, bindRaw(t, addr, cmdBindTransceiver), got
}

// SMPP 3.4 §4.4.2: message_id is not returned when submit_sm fails.
func TestSubmitErrorAnswerIsHeaderOnly(t *testing.T) {
	srv, c, got := answerSMSC(t)
	c.write(pduHex(cmdSubmitSM, 0, 2, submitBodyA))
	e := recv(t, got, 5*time.Second, "submit")
	require.Equal(t, OK, srv.SmppSendSubmitMessageResponse(e.ClientID, 2, 0x45, "not-sent", false))
	p := c.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdSubmitSM | respBit, 0x45, 2}, [3]uint32{p.cmd, p.status, p.seq})
	require.Empty(t, p.body)
}

// An answer of the wrong kind is refused and the request stays pending, so
// the right answer can still be given.
func TestWrongKindOfAnswerLeavesRequestPending(t *testing.T) {
	srv, c, got := answerSMSC(t)
	c.write(pduHex(cmdSubmitSM, 0, 3, submitBodyA))
	e := recv(t, got, 5*time.Second, "submit")
	id := e.ClientID
	for what, code := range map[string]Code{
		"login":          srv.SmppSendLoginResponse(id, 3, BmTransceiver, 0, ""),
		"logout":         srv.SmppSendLogoutResponse(id, 3, 0),
		"query":          srv.SmppSendQueryResponse(id, 3, 0, "m", time.Time{}, MsDelivered, 0),
		"cancel":         srv.SmppSendCancelResponse(id, 3, 0),
		"replace":        srv.SmppSendReplaceResponse(id, 3, 0),
		"multi failures": srv.SmppSendSubmitMultiMessageResponse(id, 3, 0, "m", "1:1"),
	} {
		require.Equal(t, ErrNotPending, code, what)
	}
	require.Equal(t, OK, srv.SmppSendSubmitMessageResponse(id, 3, 0, "m3", false))
	p := c.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdSubmitSM | respBit, 0, 3}, [3]uint32{p.cmd, p.status, p.seq}, "nothing went out before the real answer")
	require.Equal(t, "m3\x00", string(p.body))
}

// A submit_multi answer whose failed-destination list is malformed is
// refused and can be given again correctly.
func TestSubmitMultiBadFailureListCanBeRetried(t *testing.T) {
	srv, c, got := answerSMSC(t)
	// Two SME destinations (dest_flag 1): 1/1 "111", 2/8 "222".
	c.write(pduHex(0x21, 0, 4, "00 00 00 3900 02 01 01 01 31313100 01 02 08 32323200 00 00 00 00 00 00 00 00 00 01 41"))
	e := recv(t, got, 5*time.Second, "submit_multi")
	require.Equal(t, "111;222", e.Destination)
	var many []string
	for range 255 {
		many = append(many, "111:1")
	}
	for _, bad := range []string{
		"111:zz", "111:", "111:-1", "111:0x100000000", // status is a 32-bit number
		strings.Repeat("1", 21) + ":1", // longer than an address
		strings.Join(many, ";"),        // more than a submit_multi_resp can list
	} {
		require.Equal(t, ErrInvalidArgument, srv.SmppSendSubmitMultiMessageResponse(e.ClientID, 4, 0, "m4", bad), bad)
	}
	// Empty items are skipped; each address gets the TON/NPI it was sent with.
	require.Equal(t, OK, srv.SmppSendSubmitMultiMessageResponse(e.ClientID, 4, 0, "m4", "222:0x0B; ;999:11"))
	p := c.read(5 * time.Second)
	require.Equal(t, [3]uint32{0x80000021, 0, 4}, [3]uint32{p.cmd, p.status, p.seq})
	var r smpp.SubmitMultiResp
	require.NoError(t, r.Decode(p.body))
	require.Equal(t, "m4", string(r.MessageID))
	require.Len(t, r.Unsuccess, 2)
	require.Equal(t, smpp.UnsuccessSME{TON: 2, NPI: 8, Address: []byte("222"), ErrorStatus: 0x0B}, r.Unsuccess[0])
	require.Equal(t, smpp.UnsuccessSME{TON: 0, NPI: 0, Address: []byte("999"), ErrorStatus: 11}, r.Unsuccess[1], "an address not sent to")
}
