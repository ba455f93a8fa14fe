package smstime

import "time"

// CIMD2 absolute times are yyMMddHHmmss in the SMSC's local time; relative
// ones (050 validity, 053 first delivery) are the GSM TP-VP relative code.

// ParseCIMD2 reads a 12-digit yyMMddHHmmss time in loc (nil = UTC). An
// empty string is the zero time.
func ParseCIMD2(s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) != 12 {
		return time.Time{}, ErrInvalidTime
	}
	var f [6]int
	for i := range f {
		v, ok := num(s[2*i : 2*i+2])
		if !ok {
			return time.Time{}, ErrInvalidTime
		}
		f[i] = v
	}
	t, ok := civil(f[0], f[1], f[2], f[3], f[4], f[5], 0, orUTC(loc))
	if !ok {
		return time.Time{}, ErrInvalidTime
	}
	return t, nil
}

// FormatCIMD2 writes t as yyMMddHHmmss in t's own location (call t.In(loc)
// first). The zero time gives "".
func FormatCIMD2(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	b := make([]byte, 0, 12)
	b = put2(b, t.Year()%100)
	b = put2(b, int(t.Month()))
	b = put2(b, t.Day())
	b = put2(b, t.Hour())
	b = put2(b, t.Minute())
	return string(put2(b, t.Second()))
}
