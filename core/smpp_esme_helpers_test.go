package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/smpp"
)

// SMPP command ids the tests below send or expect, spelt out so that a
// failure message names the PDU (SMPP 3.4 §5.1.2.1).
const (
	cmdGenericNack     uint32 = 0x80000000
	cmdBindReceiver    uint32 = 0x00000001
	cmdBindTransmitter uint32 = 0x00000002
	cmdSubmitSM        uint32 = 0x00000004
	cmdDeliverSM       uint32 = 0x00000005
	cmdUnbind          uint32 = 0x00000006
	cmdBindTransceiver uint32 = 0x00000009
	cmdEnquireLink     uint32 = 0x00000015
	respBit            uint32 = 0x80000000
)

// esmeHarness is a server that accepts every bind and reports the ClientID
// of each accepted one, so a test can address the session it just bound.
type esmeHarness struct {
	srv   *SMPPServer
	addr  string
	bound chan int32
}

func newESMEHarness(t *testing.T, ext string) *esmeHarness {
	t.Helper()
	h := &esmeHarness{bound: make(chan int32, 8)}
	h.srv, h.addr = startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived: func(e *SmppLoginReceivedEventArgs) {
				if code := s.SmppSendLoginResponse(e.ClientID, e.SequenceNumber, e.BindMode, 0, "smsc"); code != OK {
					t.Errorf("SmppSendLoginResponse: %v", code)
				}
				h.bound <- e.ClientID
			},
		}
	}, ext)
	return h
}

// esme is a raw SMPP client bound to an esmeHarness.
type esme struct {
	*rawClient
	id  int32  // the server's ClientID for this connection
	seq uint32 // last sequence number this client used
}

// bind connects and binds with the given bind command and interface_version.
func (h *esmeHarness) bind(t *testing.T, cmd uint32, version byte) *esme {
	t.Helper()
	c := dialRaw(t, h.addr)
	c.write(pduHex(cmd, 0, 1, bindBody("esme1", "secret", version)))
	p := c.read(5 * time.Second)
	require.Equal(t, cmd|respBit, p.cmd)
	require.Equal(t, uint32(0), p.status)
	id := recv(t, h.bound, 5*time.Second, "accepted bind")
	return &esme{rawClient: c, id: id, seq: 1}
}

// deliver reads the next PDU, which must be a deliver_sm, and decodes it.
func (e *esme) deliver() (uint32, smpp.SM) {
	e.t.Helper()
	p := e.read(5 * time.Second)
	require.Equal(e.t, cmdDeliverSM, p.cmd, "expected deliver_sm, got command 0x%08x", p.cmd)
	require.Equal(e.t, uint32(0), p.status)
	var sm smpp.SM
	require.NoError(e.t, sm.Decode(p.body), "deliver_sm body % x", p.body)
	return p.seq, sm
}

// requireNothingSent proves that no PDU was queued for this client before
// now: the answer to an enquire_link sent now must be the next PDU to
// arrive, as the server writes one connection's PDUs in the order queued.
func (e *esme) requireNothingSent() {
	e.t.Helper()
	e.seq++
	e.write(pduHex(cmdEnquireLink, 0, e.seq, ""))
	p := e.read(5 * time.Second)
	require.Equal(e.t, cmdEnquireLink|respBit, p.cmd, "a PDU was sent before the enquire_link_resp: command 0x%08x body % x", p.cmd, p.body)
	require.Equal(e.t, e.seq, p.seq)
}

// tlvTags lists the tags of t in wire order.
func tlvTags(t smpp.TLVs) []uint16 {
	tags := make([]uint16, 0, len(t))
	for _, v := range t {
		tags = append(tags, v.Tag)
	}
	return tags
}

// tlvValue returns the value of tag, failing the test when it is absent.
func tlvValue(t *testing.T, tlvs smpp.TLVs, tag uint16) []byte {
	t.Helper()
	v, ok := tlvs.Get(tag)
	require.True(t, ok, "TLV 0x%04x missing; have %04x", tag, tlvTags(tlvs))
	return v
}
