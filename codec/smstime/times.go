package smstime

import (
	"strconv"
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// Times are the delivery (schedule) time and validity period of a message
// as the API carries them: absolute times, plus the So* flags saying
// which were given and whether as relative or absolute values. A relative
// value is stored as receive time + duration with its Relative flag set, so
// a host that knows the receive time can recover the duration, and when
// sending, a time with a Relative flag is turned back into time − now.
type Times struct {
	DeliveryTime   time.Time        // zero: deliver at once
	ValidityPeriod time.Time        // zero: the SMSC's default
	Options        sms.SubmitOption // only SoDeliveryTime* and SoValidityPeriod* are used
}

// TimeOptions selects the four time flags of a SubmitOption.
const TimeOptions = sms.SoDeliveryTimeRelative | sms.SoDeliveryTimeAbsolute |
	sms.SoValidityPeriodRelative | sms.SoValidityPeriodAbsolute

func flag(t time.Time, relative bool, rel, abs sms.SubmitOption) sms.SubmitOption {
	switch {
	case t.IsZero():
		return 0
	case relative:
		return rel
	}
	return abs
}

// FromSMPP reads schedule_delivery_time and validity_period. now is the
// receive time, the base of relative values. Errors are
// ErrInvalidDeliveryTime or ErrInvalidValidityPeriod.
func FromSMPP(schedule, validity string, now time.Time) (Times, error) {
	var ts Times
	d, drel, err := ParseSMPP(schedule, now)
	if err != nil {
		return Times{}, ErrInvalidDeliveryTime
	}
	v, vrel, err := ParseSMPP(validity, now)
	if err != nil {
		return Times{}, ErrInvalidValidityPeriod
	}
	ts.DeliveryTime, ts.ValidityPeriod = d, v
	ts.Options = flag(d, drel, sms.SoDeliveryTimeRelative, sms.SoDeliveryTimeAbsolute) |
		flag(v, vrel, sms.SoValidityPeriodRelative, sms.SoValidityPeriodAbsolute)
	return ts, nil
}

// relative tells whether a set time should be sent as relative: its
// Relative flag is set and its Absolute flag is not.
func relative(opts, rel, abs sms.SubmitOption) bool {
	return opts&rel != 0 && opts&abs == 0
}

// durationFrom is t − now rounded to the second (clocks of host and library
// differ by milliseconds; rounding keeps "1 day" from becoming 23:59:59 or
// tipping a relative code into the next step), never negative.
func durationFrom(t, now time.Time) time.Duration {
	d := t.Sub(now).Round(time.Second)
	if d < 0 {
		d = 0
	}
	return d
}

// SMPP writes the pair in SMPP format: relative ("...R") where the Relative
// flag is set, UTC absolute otherwise, "" for zero times.
func (ts Times) SMPP(now time.Time) (schedule, validity string) {
	if !ts.DeliveryTime.IsZero() {
		if relative(ts.Options, sms.SoDeliveryTimeRelative, sms.SoDeliveryTimeAbsolute) {
			schedule = FormatSMPPRelative(durationFrom(ts.DeliveryTime, now))
		} else {
			schedule = FormatSMPPAbsolute(ts.DeliveryTime)
		}
	}
	if !ts.ValidityPeriod.IsZero() {
		if relative(ts.Options, sms.SoValidityPeriodRelative, sms.SoValidityPeriodAbsolute) {
			validity = FormatSMPPRelative(durationFrom(ts.ValidityPeriod, now))
		} else {
			validity = FormatSMPPAbsolute(ts.ValidityPeriod)
		}
	}
	return schedule, validity
}

// FromUCP reads DDT (field 12) and VP (field 13), both absolute DDMMYYHHmm in
// loc (nil = UTC). UCP has no relative form, so only the Absolute flags are set.
func FromUCP(ddt, vp string, loc *time.Location) (Times, error) {
	d, err := ParseUCP(ddt, loc)
	if err != nil || (ddt != "" && len(ddt) != 10) {
		return Times{}, ErrInvalidDeliveryTime
	}
	v, err := ParseUCP(vp, loc)
	if err != nil || (vp != "" && len(vp) != 10) {
		return Times{}, ErrInvalidValidityPeriod
	}
	return Times{DeliveryTime: d, ValidityPeriod: v,
		Options: flag(d, false, 0, sms.SoDeliveryTimeAbsolute) | flag(v, false, 0, sms.SoValidityPeriodAbsolute)}, nil
}

// UCP writes DDT and VP in loc (nil = UTC), whatever the flags say (a
// relative time is already now + duration). When ddt is not empty the
// caller also sets DD (field 11) to "1".
func (ts Times) UCP(loc *time.Location) (ddt, vp string) {
	loc = orUTC(loc)
	if !ts.DeliveryTime.IsZero() {
		ddt = FormatUCP10(ts.DeliveryTime.In(loc))
	}
	if !ts.ValidityPeriod.IsZero() {
		vp = FormatUCP10(ts.ValidityPeriod.In(loc))
	}
	return ddt, vp
}

// CIMD2Times are the four CIMD2 time parameters as their text values ("" =
// absent): 050 validity period relative, 051 validity period absolute, 053
// first delivery time relative, 054 first delivery time absolute.
type CIMD2Times struct {
	ValidityRelative, ValidityAbsolute string
	DeliveryRelative, DeliveryAbsolute string
}

// FromCIMD2 reads the CIMD2 time parameters; now is the receive time (base of
// relative codes), loc the SMSC zone of absolute ones (nil = UTC). If both
// forms of one time are present the absolute one wins. A relative code of -1
// means "not given".
func FromCIMD2(c CIMD2Times, now time.Time, loc *time.Location) (Times, error) {
	d, drel, err := cimd2Time(c.DeliveryRelative, c.DeliveryAbsolute, now, loc)
	if err != nil {
		return Times{}, ErrInvalidDeliveryTime
	}
	v, vrel, err := cimd2Time(c.ValidityRelative, c.ValidityAbsolute, now, loc)
	if err != nil {
		return Times{}, ErrInvalidValidityPeriod
	}
	return Times{DeliveryTime: d, ValidityPeriod: v,
		Options: flag(d, drel, sms.SoDeliveryTimeRelative, sms.SoDeliveryTimeAbsolute) |
			flag(v, vrel, sms.SoValidityPeriodRelative, sms.SoValidityPeriodAbsolute)}, nil
}

func cimd2Time(rel, abs string, now time.Time, loc *time.Location) (time.Time, bool, error) {
	if abs != "" {
		t, err := ParseCIMD2(abs, loc)
		return t, false, err
	}
	if rel == "" {
		return time.Time{}, false, nil
	}
	code, err := strconv.Atoi(rel)
	if err != nil || code < -1 || code > 255 {
		return time.Time{}, false, ErrInvalidTime
	}
	if code == -1 {
		return time.Time{}, false, nil
	}
	return now.Add(RelativeCodeToDuration(code)), true, nil
}

// CIMD2 writes the times as CIMD2 parameters: relative codes (rounded up,
// see DurationToRelativeCode) where the Relative flag is set, absolute
// yyMMddHHmmss in loc (nil = UTC) otherwise.
func (ts Times) CIMD2(now time.Time, loc *time.Location) CIMD2Times {
	var c CIMD2Times
	loc = orUTC(loc)
	if t := ts.DeliveryTime; !t.IsZero() {
		if relative(ts.Options, sms.SoDeliveryTimeRelative, sms.SoDeliveryTimeAbsolute) {
			c.DeliveryRelative = strconv.Itoa(DurationToRelativeCode(durationFrom(t, now)))
		} else {
			c.DeliveryAbsolute = FormatCIMD2(t.In(loc))
		}
	}
	if t := ts.ValidityPeriod; !t.IsZero() {
		if relative(ts.Options, sms.SoValidityPeriodRelative, sms.SoValidityPeriodAbsolute) {
			c.ValidityRelative = strconv.Itoa(DurationToRelativeCode(durationFrom(t, now)))
		} else {
			c.ValidityAbsolute = FormatCIMD2(t.In(loc))
		}
	}
	return c
}
