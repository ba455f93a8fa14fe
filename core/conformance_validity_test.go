package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// Conformance with the reference's ValidityPeriod: "If Options parameter
// contains the flag soValidityPeriodRelative then the message validity
// time is considered relative to the submission to the SMSC ... When set
// as relative the maximum period is 31 days. Anything above will be
// shortened to 31 days." The event reports the moment the period ends:
// the time the library read the submit plus the (shortened) period.

// requireAfterReceipt checks got = [before, after] + d.
func requireAfterReceipt(t *testing.T, got, before, after time.Time, d time.Duration) {
	t.Helper()
	require.False(t, got.Before(before.Add(d)) || got.After(after.Add(d)),
		"%v is not %v after the submit (read between %v and %v)", got, d, before, after)
}

func TestReference_RelativeValidityAbove31DaysIsShortenedTo31Days_SMPP(t *testing.T) {
	ts, addr := newTestSMSC(t, "")
	c := bindRaw(t, addr, cmdBindTransceiver)
	for i, cs := range []struct {
		validity string
		want     time.Duration
	}{
		{"000200000000000R", MaxRelativeValidity},            // two months
		{"990000000000000R", MaxRelativeValidity},            // 99 years, the longest SMPP allows
		{"000030230000000R", 30*24*time.Hour + 23*time.Hour}, // below the cap: kept
		{"000031000000000R", MaxRelativeValidity},            // exactly 31 days
	} {
		before := time.Now()
		c.write(submitPDU(uint32(50+i), timedSubmit("", cs.validity)))
		e := recv(t, ts.received, 5*time.Second, "submit "+cs.validity)
		after := time.Now()
		require.Equal(t, sms.SoValidityPeriodRelative, e.Options)
		requireAfterReceipt(t, e.ValidityPeriod, before, after, cs.want)
		c.read(5 * time.Second)
	}
	// Absolute validity is the client's own date, never shortened.
	c.write(submitPDU(60, timedSubmit("", "991231235959000+")))
	e := recv(t, ts.received, 5*time.Second, "absolute submit")
	require.Equal(t, time.Date(2099, 12, 31, 23, 59, 59, 0, time.UTC), e.ValidityPeriod.UTC())
	c.read(5 * time.Second)
	// Relative delivery times are not validity periods: not shortened.
	before := time.Now()
	c.write(submitPDU(61, timedSubmit("000200000000000R", "")))
	e = recv(t, ts.received, 5*time.Second, "relative schedule")
	require.False(t, e.DeliveryTime.Before(before.AddDate(0, 2, 0)), "schedule %v", e.DeliveryTime)
	c.read(5 * time.Second)
}

func TestReference_RelativeValidityAbove31DaysIsShortenedTo31Days_CIMD2(t *testing.T) {
	got := make(chan *Cimd2SubmitMessageReceivedEventArgs, 4)
	_, addr := startCIMD2(t, func(s *CIMD2Server) CIMD2Handlers {
		return CIMD2Handlers{OnCimd2LoginReceived: c2AcceptLogins(s),
			OnCimd2SubmitMessageReceived: func(e *Cimd2SubmitMessageReceivedEventArgs) {
				got <- e
				s.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", time.Time{}, 0, "")
			}}
	}, "")
	c := dialCIMD2(t, addr)
	c.login()
	for i, cs := range []struct {
		code string
		want time.Duration
	}{
		{"255", MaxRelativeValidity}, // 63 weeks
		{"197", MaxRelativeValidity}, // (197-166) days = 31 days
		{"196", 30 * 24 * time.Hour}, // 30 days: kept
		{"167", 24 * time.Hour},      // one day
	} {
		before := time.Now()
		c.write(c2Packet(3, 3+2*i, "021:4412345", "050:"+cs.code, "033:hi"))
		e := recv(t, got, 5*time.Second, "submit with 050:"+cs.code)
		after := time.Now()
		require.Equal(t, sms.SoValidityPeriodRelative, e.Options&^sms.SoRequestStatusReport)
		requireAfterReceipt(t, e.ValidityPeriod, before, after, cs.want)
		c.expectOp(53, 3+2*i)
	}
}
