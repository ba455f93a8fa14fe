package core

import (
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// MaxRelativeValidity is the longest relative validity period an event
// reports. The reference states it for every protocol: "When set as
// relative the maximum period is 31 days. Anything above will be shortened
// to 31 days." SMPP allows 99 years and CIMD2's relative code 63 weeks, so
// a host that stores what the event says would otherwise keep messages far
// longer than a ported program expects.
const MaxRelativeValidity = 31 * 24 * time.Hour

// capRelativeValidity shortens a relative validity period (reported as the
// moment it ends: submission time + period, see codec/smstime) to
// MaxRelativeValidity after now, the time the submit was received.
func capRelativeValidity(v time.Time, opts sms.SubmitOption, now time.Time) time.Time {
	if v.IsZero() || opts&sms.SoValidityPeriodRelative == 0 || opts&sms.SoValidityPeriodAbsolute != 0 {
		return v
	}
	if limit := now.Add(MaxRelativeValidity); v.After(limit) {
		return limit
	}
	return v
}
