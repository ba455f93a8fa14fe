package smstime

import "time"

// UCP/EMI times are the SMSC's local time without a zone: DDMMYYHHmm for
// DDT (deferred delivery) and VP (validity), DDMMYYhhmmss for SCTS and
// DSCTS. The caller says which zone that is.

// ParseUCP reads a 10-digit DDMMYYHHmm or 12-digit DDMMYYhhmmss time in loc
// (nil = UTC). An empty string is the zero time.
func ParseUCP(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) != 10 && len(s) != 12 {
		return time.Time{}, ErrInvalidTime
	}
	var f [6]int
	for i := 0; i < len(s)/2; i++ {
		v, ok := num(s[2*i : 2*i+2])
		if !ok {
			return time.Time{}, ErrInvalidTime
		}
		f[i] = v
	}
	t, ok := civil(f[2], f[1], f[0], f[3], f[4], f[5], 0, orUTC(loc))
	if !ok {
		return time.Time{}, ErrInvalidTime
	}
	return t, nil
}

// FormatUCP10 writes t as DDMMYYHHmm in t's own location (call t.In(loc)
// first); seconds are dropped. The zero time gives "".
func FormatUCP10(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return string(ucp(make([]byte, 0, 10), t))
}

// FormatUCP12 writes t as DDMMYYhhmmss in t's own location. The zero time gives "".
func FormatUCP12(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return string(put2(ucp(make([]byte, 0, 12), t), t.Second()))
}

func ucp(b []byte, t time.Time) []byte {
	b = put2(b, t.Day())
	b = put2(b, int(t.Month()))
	b = put2(b, t.Year()%100)
	b = put2(b, t.Hour())
	return put2(b, t.Minute())
}
