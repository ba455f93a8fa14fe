package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// A long message keeps the host's own UDH, without the concatenation IE;
// and UCS-2 text with an odd trailing octet still reaches the host, decoded
// leniently (codec/text: the octet becomes U+FFFD) rather than refused.
func TestLongMessageKeepsHostUDHAndOddUCS2Arrives(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c := bindRaw(t, addr, cmdBindTransceiver)

	// UCS-2 (data_coding 0x08) with an odd number of octets.
	c.write(pduHex(cmdSubmitSM, 0, 2, "00 00 00 3100 00 00 3200 00 00 00 00 00 00 00 08 00 03 004100"))
	e := recv(t, ts.received, 5*time.Second, "submit")
	require.Equal(t, sms.EtUCS2Text, e.Encoding)
	require.Equal(t, "A\uFFFD", e.Content)
	require.Equal(t, "A\uFFFD", recv(t, ts.completed, 5*time.Second, "completed").Content)

	// Two UCS-2 parts, 4 + 3 octets, each with an application port IE
	// before the concatenation IE (esm_class 0x40).
	const udh = "0B 05 04 0B84 23F0 00 03 07 02"
	c.write(pduHex(cmdSubmitSM, 0, 3, "00 00 00 3100 00 00 3200 40 00 00 00 00 00 00 08 00 10 "+udh+" 01 0041 0042"))
	c.write(pduHex(cmdSubmitSM, 0, 4, "00 00 00 3100 00 00 3200 40 00 00 00 00 00 00 08 00 0F "+udh+" 02 0043 00"))
	for _, seq := range []uint32{3, 4} {
		p := recv(t, ts.received, 5*time.Second, "part")
		require.Equal(t, seq, p.SequenceNumber)
		require.Equal(t, "0B05040B8423F0000307020"+string(rune('0'+seq-2)), p.UserDataHeader, "a part shows its whole UDH")
	}
	done := recv(t, ts.completed, 5*time.Second, "long completed")
	require.Equal(t, []uint32{3, 4}, done.SequenceNumbers)
	require.Equal(t, "ABC\uFFFD", done.Content)
	require.Equal(t, "0605040B8423F0", done.UserDataHeader, "the port IE stays, the concatenation IE goes")
}
