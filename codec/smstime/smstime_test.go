package smstime

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

var now = time.Date(2026, 11, 21, 23, 19, 6, 0, time.UTC)

func TestParseSMPP(t *testing.T) {
	tests := []struct {
		name, in string
		want     time.Time
		relative bool
	}{
		// docs/test-vectors.md, SMPP vector 19 (cloudhopper replace_sm): +08 quarter hours = UTC+2
		{"CH schedule", "150203040506708+", time.Date(2015, 2, 3, 2, 5, 6, 7e8, time.UTC), false},
		{"CH validity relative", "010203040506000R", now.AddDate(1, 2, 3).Add(4*time.Hour + 5*time.Minute + 6*time.Second), true},
		{"1 day", "000001000000000R", now.Add(24 * time.Hour), true},
		{"48 hours", "000000480000000R", now.Add(48 * time.Hour), true},
		{"Kannel UTC", "261121231906000+", now, false},
		{"behind UTC", "261121181906012-", now.Add(-2 * time.Hour), false}, // 18:19 at UTC-3
		{"UTC+14", "261122131906056+", now, false},
		{"leap day", "280229120000000+", time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC), false},
		{"empty", "", time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, rel, err := ParseSMPP(tc.in, now)
			require.NoError(t, err)
			require.True(t, tc.want.Equal(got), "got %v want %v", got, tc.want)
			require.Equal(t, tc.relative, rel)
		})
	}
}

func TestParseSMPPErrors(t *testing.T) {
	for _, in := range []string{
		"15020304050670+",   // 15 chars
		"150203040506708+0", // 17
		"1502030405067082",  // bad sign
		"15a203040506708+",
		"151303040506708+", // month 13
		"150230040506708+", // 30 February
		"270229120000000+", // 2027 is not a leap year
		"150203240506708+", // hour 24
		"150203046006708+", // minute 60
		"150203040560708+", // second 60
		"150203040506757+", // offset 57 quarter hours
		"0000010000000 0R",
	} {
		_, _, err := ParseSMPP(in, now)
		require.ErrorIs(t, err, ErrInvalidTime, in)
		require.Equal(t, int32(-5), ErrInvalidTime.Code())
	}
}

func TestFormatSMPP(t *testing.T) {
	require.Equal(t, "261121231906000+", FormatSMPPAbsolute(now))
	require.Equal(t, "150203020506700+", FormatSMPPAbsolute(time.Date(2015, 2, 3, 4, 5, 6, 7e8, time.FixedZone("", 7200))))
	require.Equal(t, "", FormatSMPPAbsolute(time.Time{}))
	tests := []struct {
		d    time.Duration
		want string
	}{
		{24 * time.Hour, "000001000000000R"},
		{90 * time.Minute, "000000013000000R"},
		{48 * time.Hour, "000002000000000R"},
		{99*24*time.Hour + 23*time.Hour + 59*time.Minute + 59*time.Second, "000099235959000R"},
		{100 * 24 * time.Hour, "000310000000000R"}, // 3 × 30 + 10 days
		{400 * 24 * time.Hour, "010105000000000R"}, // 365 + 30 + 5
		{time.Second - time.Millisecond, "000000000001000R"},
		{-time.Hour, "000000000000000R"},
		{200 * 365 * 24 * time.Hour, "991130235959000R"},
	}
	for _, tc := range tests {
		require.Equal(t, tc.want, FormatSMPPRelative(tc.d), tc.d.String())
	}
	// up to 99 days the round trip is exact
	for _, d := range []time.Duration{0, time.Second, 5 * time.Minute, 36 * time.Hour, 99 * 24 * time.Hour} {
		got, rel, err := ParseSMPP(FormatSMPPRelative(d), now)
		require.NoError(t, err)
		require.True(t, rel)
		require.Equal(t, d, got.Sub(now))
	}
	for _, ts := range []time.Time{now, time.Date(2099, 12, 31, 23, 59, 59, 9e8, time.UTC), time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		got, rel, err := ParseSMPP(FormatSMPPAbsolute(ts), now)
		require.NoError(t, err)
		require.False(t, rel)
		require.True(t, ts.Equal(got))
	}
}

func TestUCPTimes(t *testing.T) {
	// docs/test-vectors.md, UCP vector 19: SCTS 211126231906
	got, err := ParseUCP("211126231906", nil)
	require.NoError(t, err)
	require.Equal(t, now, got)
	require.Equal(t, "211126231906", FormatUCP12(got))
	require.Equal(t, "2111262319", FormatUCP10(got))
	// UCP vector 5: DDT 0808971800 (1997 in the spec's example; two-digit years are 20xx here)
	got, err = ParseUCP("0808971800", nil)
	require.NoError(t, err)
	require.Equal(t, time.Date(2097, 8, 8, 18, 0, 0, 0, time.UTC), got)
	cet := time.FixedZone("CET", 3600)
	got, err = ParseUCP("2111262319", cet)
	require.NoError(t, err)
	require.Equal(t, now.Add(-time.Hour).Add(-6*time.Second), got.UTC())
	for _, bad := range []string{"21112623", "2111262319061", "3102261200", "2113261200", "21112624000", "ab11262319"} {
		_, err := ParseUCP(bad, nil)
		require.ErrorIs(t, err, ErrInvalidTime, bad)
	}
	z, err := ParseUCP("", nil)
	require.NoError(t, err)
	require.True(t, z.IsZero())
	require.Equal(t, "", FormatUCP10(time.Time{}))
	require.Equal(t, "", FormatUCP12(time.Time{}))
}

func TestCIMD2Times(t *testing.T) {
	// docs/test-vectors.md, CIMD2 vector 5: 060:261121232018
	got, err := ParseCIMD2("261121232018", nil)
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 11, 21, 23, 20, 18, 0, time.UTC), got)
	require.Equal(t, "261121232018", FormatCIMD2(got))
	require.Equal(t, "261122002018", FormatCIMD2(got.In(time.FixedZone("", 3600))), "written in t's own zone")
	for _, bad := range []string{"2611212320", "261321232018", "261131232018", "26112123201x"} {
		_, err := ParseCIMD2(bad, nil)
		require.ErrorIs(t, err, ErrInvalidTime, bad)
	}
	require.Equal(t, "", FormatCIMD2(time.Time{}))
}

func TestRelativeCodes(t *testing.T) {
	tests := []struct {
		code int
		d    time.Duration
	}{
		{0, 5 * time.Minute},
		{1, 10 * time.Minute},
		{11, time.Hour},
		{143, 12 * time.Hour},
		{144, 12*time.Hour + 30*time.Minute},
		{167, 24 * time.Hour},
		{168, 2 * 24 * time.Hour},
		{196, 30 * 24 * time.Hour},
		{197, 5 * week},
		{255, 63 * week},
	}
	for _, tc := range tests {
		require.Equal(t, tc.d, RelativeCodeToDuration(tc.code), "code %d", tc.code)
		require.Equal(t, tc.code, DurationToRelativeCode(tc.d), "duration %v", tc.d)
	}
	for code := 0; code <= 255; code++ {
		d := RelativeCodeToDuration(code)
		require.Equal(t, code, DurationToRelativeCode(d), "code %d", code)
		if code > 0 {
			require.Greater(t, d, RelativeCodeToDuration(code-1))
		}
	}
	// rounding up: never shorter than asked
	require.Equal(t, 0, DurationToRelativeCode(0))
	require.Equal(t, 0, DurationToRelativeCode(time.Minute))
	require.Equal(t, 1, DurationToRelativeCode(5*time.Minute+time.Second))
	require.Equal(t, 144, DurationToRelativeCode(12*time.Hour+time.Second))
	require.Equal(t, 168, DurationToRelativeCode(24*time.Hour+time.Second))
	require.Equal(t, 197, DurationToRelativeCode(30*24*time.Hour+time.Second))
	require.Equal(t, 255, DurationToRelativeCode(100*week))
	require.Equal(t, time.Duration(0), RelativeCodeToDuration(-1))
	require.Equal(t, 63*week, RelativeCodeToDuration(300))
}

func TestTimesSMPP(t *testing.T) {
	ts, err := FromSMPP("", "000001000000000R", now)
	require.NoError(t, err)
	require.True(t, ts.DeliveryTime.IsZero())
	require.Equal(t, now.Add(24*time.Hour), ts.ValidityPeriod)
	require.Equal(t, sms.SoValidityPeriodRelative, ts.Options)
	// the host sees ms UTC and the flag; sending it back recovers the duration
	require.Equal(t, now.Add(24*time.Hour).UnixMilli(), UnixMilli(ts.ValidityPeriod))
	later := now.Add(3 * time.Millisecond) // a few ms pass before the host answers
	sched, val := ts.SMPP(later)
	require.Equal(t, "", sched)
	require.Equal(t, "000001000000000R", val)

	ts, err = FromSMPP("261121231906000+", "261122231906000+", now)
	require.NoError(t, err)
	require.Equal(t, sms.SoDeliveryTimeAbsolute|sms.SoValidityPeriodAbsolute, ts.Options)
	sched, val = ts.SMPP(now)
	require.Equal(t, "261121231906000+", sched)
	require.Equal(t, "261122231906000+", val)

	_, err = FromSMPP("bad", "", now)
	require.ErrorIs(t, err, ErrInvalidDeliveryTime)
	require.ErrorIs(t, err, ErrInvalidTime)
	_, err = FromSMPP("", "bad", now)
	require.ErrorIs(t, err, ErrInvalidValidityPeriod)
	var ce interface{ Code() int32 }
	require.ErrorAs(t, err, &ce)
	require.Equal(t, int32(-5), ce.Code())

	// a host time without a Relative flag is sent absolute
	sched, val = Times{DeliveryTime: now.Add(time.Hour)}.SMPP(now)
	require.Equal(t, "261122001906000+", sched)
	require.Equal(t, "", val)
	// both flags: absolute wins
	sched, _ = Times{DeliveryTime: now.Add(time.Hour), Options: sms.SoDeliveryTimeRelative | sms.SoDeliveryTimeAbsolute}.SMPP(now)
	require.Equal(t, "261122001906000+", sched)
	sched, _ = Times{DeliveryTime: now.Add(time.Hour), Options: sms.SoDeliveryTimeRelative}.SMPP(now)
	require.Equal(t, "000000010000000R", sched)
}

func TestTimesUCP(t *testing.T) {
	ts, err := FromUCP("2111262319", "2211262319", nil)
	require.NoError(t, err)
	require.Equal(t, sms.SoDeliveryTimeAbsolute|sms.SoValidityPeriodAbsolute, ts.Options)
	require.Equal(t, now.Truncate(time.Minute), ts.DeliveryTime)
	ddt, vp := ts.UCP(nil)
	require.Equal(t, "2111262319", ddt)
	require.Equal(t, "2211262319", vp)
	ddt, _ = ts.UCP(time.FixedZone("CET", 3600))
	require.Equal(t, "2211260019", ddt)
	_, err = FromUCP("211126231906", "", nil) // DDT is 10 digits
	require.ErrorIs(t, err, ErrInvalidDeliveryTime)
	_, err = FromUCP("", "3102261200", nil)
	require.ErrorIs(t, err, ErrInvalidValidityPeriod)
	ts, err = FromUCP("", "", nil)
	require.NoError(t, err)
	require.Zero(t, ts.Options)
	// a relative time from another protocol goes out as absolute
	ddt, vp = Times{ValidityPeriod: now.Add(time.Hour), Options: sms.SoValidityPeriodRelative}.UCP(nil)
	require.Equal(t, "", ddt)
	require.Equal(t, "2211260019", vp)
}

func TestTimesCIMD2(t *testing.T) {
	ts, err := FromCIMD2(CIMD2Times{ValidityRelative: "167", DeliveryAbsolute: "261122000000"}, now, nil)
	require.NoError(t, err)
	require.Equal(t, now.Add(24*time.Hour), ts.ValidityPeriod)
	require.Equal(t, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), ts.DeliveryTime)
	require.Equal(t, sms.SoValidityPeriodRelative|sms.SoDeliveryTimeAbsolute, ts.Options)
	c := ts.CIMD2(now.Add(2*time.Millisecond), nil)
	require.Equal(t, CIMD2Times{ValidityRelative: "167", DeliveryAbsolute: "261122000000"}, c)

	ts, err = FromCIMD2(CIMD2Times{ValidityRelative: "-1", DeliveryRelative: "0"}, now, nil)
	require.NoError(t, err)
	require.True(t, ts.ValidityPeriod.IsZero())
	require.Equal(t, now.Add(5*time.Minute), ts.DeliveryTime)
	require.Equal(t, sms.SoDeliveryTimeRelative, ts.Options)

	// absolute wins over relative for the same time
	ts, err = FromCIMD2(CIMD2Times{ValidityRelative: "10", ValidityAbsolute: "261122000000"}, now, nil)
	require.NoError(t, err)
	require.Equal(t, sms.SoValidityPeriodAbsolute, ts.Options)

	for _, bad := range []CIMD2Times{{ValidityRelative: "256"}, {ValidityRelative: "x"}, {ValidityAbsolute: "2611"}} {
		_, err = FromCIMD2(bad, now, nil)
		require.ErrorIs(t, err, ErrInvalidValidityPeriod)
	}
	_, err = FromCIMD2(CIMD2Times{DeliveryRelative: "-2"}, now, nil)
	require.ErrorIs(t, err, ErrInvalidDeliveryTime)

	// SMPP relative 1 day → CIMD2 code 167; 25 hours rounds up to 2 days (168)
	c = Times{ValidityPeriod: now.Add(25 * time.Hour), Options: sms.SoValidityPeriodRelative}.CIMD2(now, nil)
	require.Equal(t, "168", c.ValidityRelative)
	c = Times{DeliveryTime: now, Options: sms.SoDeliveryTimeAbsolute}.CIMD2(now, time.FixedZone("", -3600))
	require.Equal(t, "261121221906", c.DeliveryAbsolute)
}

func TestUnixMilli(t *testing.T) {
	require.Zero(t, UnixMilli(time.Time{}))
	require.True(t, FromUnixMilli(0).IsZero())
	ms := now.UnixMilli()
	require.Equal(t, ms, UnixMilli(FromUnixMilli(ms)))
	require.Equal(t, time.UTC, FromUnixMilli(ms).Location())
}
