package smstime

import "time"

// GSM TP-VP relative format (3GPP TS 23.040 §9.2.3.12.1), used by CIMD2
// 050 and 053:
//
//	  0..143  (n+1) × 5 minutes        (5 min .. 12 h)
//	144..167  12 h + (n-143) × 30 min  (12 h 30 .. 24 h)
//	168..196  (n-166) days             (2 .. 30 days)
//	197..255  (n-192) weeks            (5 .. 63 weeks)
const (
	week        = 7 * 24 * time.Hour
	maxRelative = 63 * week
)

// RelativeCodeToDuration decodes a relative code. Negative codes (CIMD2
// uses -1 for "not given") are 0; codes above 255 count as 255.
func RelativeCodeToDuration(code int) time.Duration {
	switch {
	case code < 0:
		return 0
	case code <= 143:
		return time.Duration(code+1) * 5 * time.Minute
	case code <= 167:
		return 12*time.Hour + time.Duration(code-143)*30*time.Minute
	case code <= 196:
		return time.Duration(code-166) * 24 * time.Hour
	case code <= 255:
		return time.Duration(code-192) * week
	}
	return maxRelative
}

// DurationToRelativeCode is the smallest code whose duration is at least d
// (rounding up, so a message never expires before the time asked for),
// capped at 255 (63 weeks). d <= 5 minutes is code 0.
func DurationToRelativeCode(d time.Duration) int {
	ceil := func(a, b time.Duration) int { return int((a + b - 1) / b) }
	switch {
	case d <= 5*time.Minute:
		return 0
	case d <= 12*time.Hour:
		return ceil(d, 5*time.Minute) - 1
	case d <= 24*time.Hour:
		return 143 + ceil(d-12*time.Hour, 30*time.Minute)
	case d <= 30*24*time.Hour:
		return 166 + ceil(d, 24*time.Hour)
	case d <= maxRelative:
		return 192 + ceil(d, week)
	}
	return 255
}
