package core

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Malformed bodies of every request besides submit_sm (which
// TestRobustMalformedBodies covers): each gets its own response with the
// SMPP 3.4 §5.1.3 error for the field at fault, never reaches the host,
// and leaves the session serving.

func hexStr(s string) string { return hex.EncodeToString([]byte(s)) }

func TestMalformedBindIsRefusedAndMayBeRetried(t *testing.T) {
	ts, addr := newTestSMSC(t, "system-id=SMSC1")
	c := dialRaw(t, addr)
	for i, cs := range []struct {
		name   string
		cmd    uint32
		body   string
		status uint32
		resp   string // bind_transceiver_resp keeps system_id even on error
	}{
		{"empty body", cmdBindTransmitter, "", 0x01, ""},
		{"system_id over 16 octets", cmdBindReceiver, hexStr(strings.Repeat("s", 16)) + "00 00 00 34 00 00 00", 0x0F, ""},
		{"password over 9 octets", cmdBindTransceiver, "6100" + hexStr("123456789") + "00 00 34 00 00 00", 0x0E, "SMSC1\x00"},
		{"address_range runs off the body", cmdBindTransceiver, "6100 6200 00 34 00 00 3132", 0x01, "SMSC1\x00"},
	} {
		seq := uint32(10 + i)
		c.write(pduHex(cs.cmd, 0, seq, cs.body))
		p := c.read(5 * time.Second)
		require.Equal(t, [3]uint32{cs.cmd | respBit, cs.status, seq}, [3]uint32{p.cmd, p.status, p.seq}, cs.name)
		require.Equal(t, cs.resp, string(p.body), cs.name)
	}
	ts.mu.Lock()
	require.Empty(t, ts.logins, "a malformed bind reaches the host")
	ts.mu.Unlock()
	// The session is still OPEN: a good bind goes through.
	c.write(pduHex(cmdBindTransceiver, 0, 20, bindBody("esme1", "secret", 0x34)))
	p := c.read(5 * time.Second)
	require.Equal(t, [3]uint32{cmdBindTransceiver | respBit, 0, 20}, [3]uint32{p.cmd, p.status, p.seq})
}

func TestMalformedRequestsGetTheirOwnErrorResponse(t *testing.T) {
	reached := make(chan string, 16)
	_, addr := startSMPPWith(t, func(s *SMPPServer) SMPPHandlers {
		return SMPPHandlers{
			OnSmppLoginReceived:         acceptAll(&s),
			OnSmppSubmitMessageReceived: func(e *SmppSubmitMessageReceivedEventArgs) { reached <- "submit" },
			OnSmppQueryReceived:         func(e *SmppQueryReceivedEventArgs) { reached <- "query" },
			OnSmppCancelReceived:        func(e *SmppCancelReceivedEventArgs) { reached <- "cancel" },
			OnSmppReplaceReceived:       func(e *SmppReplaceReceivedEventArgs) { reached <- "replace" },
			OnSmppRAWReceived:           func(e *SmppRAWReceivedEventArgs) { reached <- "RAW" },
		}
	}, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	const (
		cmdQuery   = 0x03
		cmdReplace = 0x07
		cmdCancel  = 0x08
		cmdMulti   = 0x21
		cmdData    = 0x103
	)
	for i, cs := range []struct {
		name   string
		cmd    uint32
		body   string
		status uint32
	}{
		{"submit_multi: empty", cmdMulti, "", 0x01},
		{"submit_multi: no destinations", cmdMulti, "00 00 00 3100 00 00 00 00 00 00 00 00 00 00 00 01 41", 0x33},
		{"submit_multi: dest_flag 3", cmdMulti, "00 00 00 3100 01 03 3200 00 00 00 00 00 00 00 00 00 01 41", 0x40},
		{"data_sm: empty", cmdData, "", 0x01},
		{"data_sm: truncated TLV", cmdData, "00 00 00 3100 00 00 3200 00 00 00 0424", 0xC0},
		{"query_sm: empty", cmdQuery, "", 0x01},
		{"query_sm: message_id over 65 octets", cmdQuery, hexStr(strings.Repeat("9", 65)) + "00 00 00 3100", 0x0C},
		{"cancel_sm: service_type over 6 octets", cmdCancel, hexStr("CMTCMT") + "00 3100 00 00 3200 00 00 3300", 0x15},
		{"cancel_sm: destination runs off the body", cmdCancel, "00 3100 00 00 3200 00 00 3333", 0x01},
		{"replace_sm: schedule not 16 characters", cmdReplace, "3100 00 00 3200 " + hexStr("2612") + "00 00 00 00 01 41", 0x61},
		{"replace_sm: schedule does not parse", cmdReplace, "3100 00 00 3200 " + hexStr("261324183000000+") + "00 00 00 00 01 41", 0x61},
		{"replace_sm: validity does not parse", cmdReplace, "3100 00 00 3200 00 " + hexStr("2701010000000000") + "00 00 00 01 41", 0x62},
	} {
		seq := uint32(100 + i)
		c.write(pduHex(cs.cmd, 0, seq, cs.body))
		p := c.read(5 * time.Second)
		require.Equal(t, [3]uint32{cs.cmd | respBit, cs.status, seq}, [3]uint32{p.cmd, p.status, p.seq}, cs.name)
	}
	select {
	case what := <-reached:
		t.Fatalf("a malformed request reached the host's %s handler", what)
	default:
	}
	// Still serving this connection.
	c.write(pduHex(cmdEnquireLink, 0, 200, ""))
	p := c.read(5 * time.Second)
	require.Equal(t, [2]uint32{cmdEnquireLink | respBit, 200}, [2]uint32{p.cmd, p.seq})
}
