package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/sms"
)

// submit_sm's schedule_delivery_time and validity_period (SMPP 3.4 §7.1.1:
// "YYMMDDhhmmsstnnp", p '+'/'-' for an offset from UTC in quarter hours,
// 'R' for a relative time) as the host receives them, and the answers to
// values that do not parse. The codec checks the length; the session reads
// the value.

func submitPDU(seq uint32, sm *smpp.SM) []byte {
	return smpp.AppendPDU(nil, smpp.CmdSubmitSM, smpp.StatusOK, seq, sm)
}

func timedSubmit(schedule, validity string) *smpp.SM {
	return &smpp.SM{SourceAddrTON: 1, SourceAddrNPI: 1, SourceAddr: []byte("1234"), DestAddrTON: 1, DestAddrNPI: 1,
		DestinationAddr: []byte("5678"), ScheduleDeliveryTime: []byte(schedule), ValidityPeriod: []byte(validity), ShortMessage: []byte("hi")}
}

func TestSubmitScheduleAndValidityReachTheHost(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	cases := []struct {
		schedule, validity string
		opts               sms.SubmitOption
		delivery, expiry   time.Time // zero: relative, checked below
	}{
		// +8 quarter hours: 18:30 local is 16:30 UTC.
		{"261224183000008+", "", sms.SoDeliveryTimeAbsolute, time.Date(2026, 12, 24, 16, 30, 0, 0, time.UTC), time.Time{}},
		// -4 quarter hours, and tenths of a second.
		{"", "270101000005304-", sms.SoValidityPeriodAbsolute, time.Time{}, time.Date(2027, 1, 1, 1, 0, 5, 300e6, time.UTC)},
		{"261224183000000+", "270101000000000+", sms.SoDeliveryTimeAbsolute | sms.SoValidityPeriodAbsolute,
			time.Date(2026, 12, 24, 18, 30, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for i, cs := range cases {
		c.write(submitPDU(uint32(10+i), timedSubmit(cs.schedule, cs.validity)))
		e := recv(t, ts.received, 5*time.Second, "submit "+cs.schedule+cs.validity)
		require.Equal(t, cs.opts, e.Options&(sms.SoDeliveryTimeAbsolute|sms.SoDeliveryTimeRelative|sms.SoValidityPeriodAbsolute|sms.SoValidityPeriodRelative))
		require.True(t, cs.delivery.Equal(e.DeliveryTime), "delivery %v, want %v", e.DeliveryTime, cs.delivery)
		require.True(t, cs.expiry.Equal(e.ValidityPeriod), "validity %v, want %v", e.ValidityPeriod, cs.expiry)
		p := c.read(5 * time.Second)
		require.Equal(t, [3]uint32{cmdSubmitSM | respBit, 0, uint32(10 + i)}, [3]uint32{p.cmd, p.status, p.seq})
	}

	// Relative times count from when the server read the PDU.
	before := time.Now()
	c.write(submitPDU(20, timedSubmit("000000013000000R", "000001000000000R")))
	e := recv(t, ts.received, 5*time.Second, "relative submit")
	after := time.Now()
	require.Equal(t, sms.SoDeliveryTimeRelative|sms.SoValidityPeriodRelative, e.Options)
	within := func(got time.Time, d time.Duration, what string) {
		require.False(t, got.Before(before.Add(d)) || got.After(after.Add(d)), "%s %v not within [%v, %v] + %v", what, got, before, after, d)
	}
	within(e.DeliveryTime, 90*time.Minute, "delivery")
	within(e.ValidityPeriod, 24*time.Hour, "validity")
	c.read(5 * time.Second)
}

func TestSubmitBadTimesAreRefused(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	for i, cs := range []struct {
		schedule, validity string
		status             uint32
	}{
		{"261324183000000+", "", 0x61}, // month 13: ESME_RINVSCHED
		{"26122418300000X+", "", 0x61}, // not a number
		{"261224183000057+", "", 0x61}, // offset beyond 14 hours
		{"261224183000000X", "", 0x61}, // neither + - nor R
		{"", "270230000000000+", 0x62}, // 30 February: ESME_RINVEXPIRY
		{"", "0000010000000A0R", 0x62}, // not a number
		{"261224183000000+", "2701010000000000", 0x62},
	} {
		seq := uint32(30 + i)
		c.write(submitPDU(seq, timedSubmit(cs.schedule, cs.validity)))
		p := c.read(5 * time.Second)
		require.Equal(t, [3]uint32{cmdSubmitSM | respBit, cs.status, seq}, [3]uint32{p.cmd, p.status, p.seq}, "%q %q", cs.schedule, cs.validity)
		require.Empty(t, p.body, "an error submit_sm_resp has no body")
	}
	select {
	case e := <-ts.received:
		t.Fatalf("a refused submit reached the host: %+v", e)
	default:
	}
}

// The submit_sm fields with no typed member reach the host through
// ExtendedParameters, and protocol_id 0x40 is the zero-SMS option.
func TestSubmitExtraFieldsReachTheHost(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	sm := timedSubmit("", "")
	sm.ProtocolID, sm.ReplaceIfPresentFlag, sm.SmDefaultMsgID = 0x40, 1, 7
	c.write(submitPDU(40, sm))
	e := recv(t, ts.received, 5*time.Second, "submit")
	require.Equal(t, "smpp.command=submit_sm;smpp.replace_if_present_flag=1;smpp.sm_default_msg_id=7", e.ExtendedParameters)
	require.Equal(t, sms.SoZeroSMS, e.Options)
	require.Equal(t, uint8(0x40), e.ProtocolID)
}
