package smstime

import "time"

// num reads a run of ASCII digits; ok is false if any is not a digit.
func num(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// civil builds a time from two-digit-year fields, rejecting impossible
// dates instead of letting time.Date normalise them (31 February must be an
// error, not 3 March). Two-digit years are 2000..2099: these are SMS
// delivery and validity times, never in the last century.
func civil(yy, mo, dd, hh, mi, ss, nsec int, loc *time.Location) (time.Time, bool) {
	if mo < 1 || mo > 12 || dd < 1 || hh > 23 || mi > 59 || ss > 59 {
		return time.Time{}, false
	}
	t := time.Date(2000+yy, time.Month(mo), dd, hh, mi, ss, nsec, loc)
	if t.Day() != dd { // the day does not exist in that month
		return time.Time{}, false
	}
	return t, true
}

// put2 writes v as two digits.
func put2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10%10), byte('0'+v%10))
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// UnixMilli is t as the C API passes times across the C boundary: Unix
// milliseconds UTC, with 0 for "not set" (the zero time).
func UnixMilli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// FromUnixMilli is the inverse of UnixMilli: 0 is the zero time (not set).
func FromUnixMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
