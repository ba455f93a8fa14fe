package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// The bind state machine as a client sees it (SMPP 3.4 §2.2, §2.3): a bind
// in a session that is bound, or whose bind is still with the host, is
// ESME_RALYBND; after unbind the session is over, so a bind there is
// ESME_RINVBNDSTS, like every other request but enquire_link.

const (
	statusInvBndSts uint32 = 0x04
	statusAlyBnd    uint32 = 0x05
)

// unbindSMSC accepts binds and answers unbinds with unbindStatus, from its
// handlers, as a host does. Handlers run on the connection's reader in
// direct dispatch mode, so the unbind is answered, and the session
// unbound, before the reader looks at the next PDU.
func unbindSMSC(t *testing.T, unbindStatus uint32) (addr string, logins, logouts chan int32) {
	logins, logouts = make(chan int32, 8), make(chan int32, 8)
	_, addr = startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				logins <- e.ClientID
				s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "smsc")
			},
			OnSmppLogoutReceived: func(e *SmppLogoutReceivedEventArgs) {
				logouts <- e.ClientID
				if code := s.SmppSendLogoutResponse(e.ClientID, e.SequenceNumber, unbindStatus); code != OK {
					t.Errorf("SmppSendLogoutResponse: %v", code)
				}
			},
		}
	}, "system-id=SMSC1")
	return addr, logins, logouts
}

func TestBindAfterUnbindIsInvalidBindStatus(t *testing.T) {
	for _, c := range []struct {
		name    string
		rebind  uint32
		version byte
		body    string // bind_transceiver_resp keeps its system_id on error
	}{
		{"transmitter", cmdBindTransmitter, 0x34, ""},
		{"receiver", cmdBindReceiver, 0x33, ""},
		{"transceiver", cmdBindTransceiver, 0x34, "SMSC1\x00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			addr, logins, logouts := unbindSMSC(t, 0)
			cl := dialRaw(t, addr)
			cl.write(pduHex(cmdBindTransceiver, 0, 1, bindBody("esme1", "secret", 0x34)))
			p := cl.read(5 * time.Second)
			require.Equal(t, cmdBindTransceiver|respBit, p.cmd)
			require.Equal(t, uint32(0), p.status)
			recv(t, logins, 5*time.Second, "first bind")

			// The unbind and what follows go in one write: each is handled
			// after the unbind was answered.
			var b []byte
			b = append(b, pduHex(cmdUnbind, 0, 2, "")...)
			b = append(b, pduHex(c.rebind, 0, 3, bindBody("esme1", "secret", c.version))...)
			b = append(b, pduHex(cmdSubmitSM, 0, 4, submitBodyA)...)
			b = append(b, pduHex(cmdUnbind, 0, 5, "")...)
			b = append(b, pduHex(cmdEnquireLink, 0, 6, "")...)
			cl.write(b)

			p = cl.read(5 * time.Second)
			require.Equal(t, [3]uint32{cmdUnbind | respBit, 0, 2}, [3]uint32{p.cmd, p.status, p.seq})
			recv(t, logouts, 5*time.Second, "unbind")

			p = cl.read(5 * time.Second)
			require.Equal(t, c.rebind|respBit, p.cmd)
			require.Equal(t, uint32(3), p.seq)
			require.Equal(t, statusInvBndSts, p.status,
				"a bind after unbind is ESME_RINVBNDSTS (0x04), not ESME_RALYBND (0x05): the session is unbound, not bound")
			require.Equal(t, c.body, string(p.body))

			p = cl.read(5 * time.Second)
			require.Equal(t, [3]uint32{cmdSubmitSM | respBit, statusInvBndSts, 4}, [3]uint32{p.cmd, p.status, p.seq}, "submit_sm after unbind")
			p = cl.read(5 * time.Second)
			require.Equal(t, [3]uint32{cmdUnbind | respBit, statusInvBndSts, 5}, [3]uint32{p.cmd, p.status, p.seq}, "a second unbind")
			p = cl.read(5 * time.Second)
			require.Equal(t, [3]uint32{cmdEnquireLink | respBit, 0, 6}, [3]uint32{p.cmd, p.status, p.seq}, "enquire_link is answered in any state")

			// The host saw neither the second bind nor the second unbind.
			// The connection stays open until the client or the host
			// closes it (TestLogoutResponseLeavesTheClosingToClientOrHost).
			require.Empty(t, logins)
			require.Empty(t, logouts)
		})
	}
}

// A host that refuses the unbind leaves the session bound: another bind is
// then ESME_RALYBND and messages still flow.
func TestRefusedUnbindKeepsSessionBound(t *testing.T) {
	addr, logins, logouts := unbindSMSC(t, 0x08) // ESME_RSYSERR
	cl := dialRaw(t, addr)
	cl.write(pduHex(cmdBindTransmitter, 0, 1, bindBody("esme1", "secret", 0x34)))
	require.Equal(t, uint32(0), cl.read(5*time.Second).status)
	recv(t, logins, 5*time.Second, "bind")

	cl.write(pduHex(cmdUnbind, 0, 2, ""))
	p := cl.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdUnbind | respBit, 0x08, 2}, [3]uint32{p.cmd, p.status, p.seq})
	recv(t, logouts, 5*time.Second, "unbind")

	cl.write(pduHex(cmdBindReceiver, 0, 3, bindBody("esme1", "secret", 0x34)))
	p = cl.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdBindReceiver | respBit, statusAlyBnd, 3}, [3]uint32{p.cmd, p.status, p.seq})
	require.Empty(t, p.body, "an error bind_receiver_resp has no body (SMPP 3.4 §4.1.4)")

	// Still a transmitter: submit_sm reaches the host's default answer
	// (no submit handler: ESME_RSYSERR), not a bind-state refusal.
	cl.write(pduHex(cmdSubmitSM, 0, 4, submitBodyA))
	p = cl.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdSubmitSM | respBit, 0x08, 4}, [3]uint32{p.cmd, p.status, p.seq})
	require.Empty(t, logins)
}

// A bind that arrives while the first is still with the host is
// ESME_RALYBND at once and does not reach the host; the first is then
// answered normally.
func TestBindWhileBindPendingIsAlreadyBound(t *testing.T) {
	type pendingBind struct {
		id   int32
		seq  uint32
		mode BindMode
	}
	pending := make(chan pendingBind, 4)
	srv, addr := startSMPP(t, SMPPHandlers{
		OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			pending <- pendingBind{e.ClientID, e.SequenceNumber, e.BindMode}
		},
	}, "")
	cl := dialRaw(t, addr)
	cl.write(pduHex(cmdBindReceiver, 0, 1, bindBody("esme1", "secret", 0x34)))
	first := recv(t, pending, 5*time.Second, "first bind")

	cl.write(pduHex(cmdBindTransceiver, 0, 2, bindBody("esme1", "secret", 0x34)))
	p := cl.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdBindTransceiver | respBit, statusAlyBnd, 2}, [3]uint32{p.cmd, p.status, p.seq})
	require.Empty(t, pending, "the host is not asked about the second bind")
	require.Equal(t, ErrNotPending, srv.SmppSendLoginResponse(first.id, 2, BmTransceiver, 0, ""), "only the first bind awaits an answer")

	require.Equal(t, OK, srv.SmppSendLoginResponse(first.id, first.seq, first.mode, 0, ""))
	p = cl.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdBindReceiver | respBit, 0, 1}, [3]uint32{p.cmd, p.status, p.seq})
	_, code := srv.SmppSendDeliverMessage(first.id, 9, "1", 0, 0, "2", 0, 0, "bound", sms.Et7BitText, "", 0, "", "")
	require.Equal(t, OK, code)
	p = cl.read(5 * time.Second)
	require.Equal(t, [2]uint32{cmdDeliverSM, 9}, [2]uint32{p.cmd, p.seq})
}

// A rejected bind returns the session to OPEN, where the client may try
// again: the second bind reaches the host, not ESME_RALYBND.
func TestBindAfterRejectedBindIsHandled(t *testing.T) {
	logins := make(chan *SmppLoginReceivedEventArgs, 4)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
			logins <- e
			status := uint32(0)
			if e.Password != "secret" {
				status = 0x0E // ESME_RINVPASWD
			}
			s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, status, "")
		}}
	}, "")
	cl := dialRaw(t, addr)
	cl.write(pduHex(cmdBindTransceiver, 0, 1, bindBody("esme1", "wrong", 0x34)))
	p := cl.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdBindTransceiver | respBit, 0x0E, 1}, [3]uint32{p.cmd, p.status, p.seq})
	recv(t, logins, 5*time.Second, "rejected bind")

	cl.write(pduHex(cmdBindTransceiver, 0, 2, bindBody("esme1", "secret", 0x34)))
	p = cl.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdBindTransceiver | respBit, 0, 2}, [3]uint32{p.cmd, p.status, p.seq})
	require.Equal(t, "secret", recv(t, logins, 5*time.Second, "second bind").Password)
}

// A host that declines a bind or an unbind, or whose handler fails, leaves
// the library's default answer: the bind is refused (ESME_RBINDFAIL) and
// the unbind accepted, and either way the connection ends.
func TestDeclinedBindAndUnbindGetTheDefaultAnswer(t *testing.T) {
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				switch e.Password {
				case "decline":
					e.Decline()
				case "panic":
					panic("host bug")
				default:
					s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "")
				}
			},
			OnSmppLogoutReceived: func(e *SmppLogoutReceivedEventArgs) { e.Decline() },
		}
	}, "")
	for _, pw := range []string{"decline", "panic"} {
		cl := dialRaw(t, addr)
		cl.write(pduHex(cmdBindTransmitter, 0, 1, bindBody("esme1", pw, 0x34)))
		p := cl.read(5 * time.Second)
		require.Equal(t, [3]uint32{cmdBindTransmitter | respBit, 0x0D, 1}, [3]uint32{p.cmd, p.status, p.seq}, pw)
		cl.expectClosed(5 * time.Second)
	}
	cl := dialRaw(t, addr)
	cl.write(pduHex(cmdBindTransmitter, 0, 1, bindBody("esme1", "secret", 0x34)))
	require.Equal(t, uint32(0), cl.read(5*time.Second).status)
	cl.write(pduHex(cmdUnbind, 0, 2, ""))
	p := cl.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdUnbind | respBit, 0, 2}, [3]uint32{p.cmd, p.status, p.seq})
	cl.expectClosed(5 * time.Second)
}
