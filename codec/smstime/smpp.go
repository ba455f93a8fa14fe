package smstime

import "time"

// SMPP 3.4 §7.1.1 time format, 16 characters "YYMMDDhhmmsstnnp":
// t tenths of a second, nn the offset from UTC in quarter hours, p '+'
// (ahead of UTC) or '-' (behind), or 'R' for a relative time whose fields
// are years, months, days, hours, minutes and seconds to add.

// ParseSMPP reads schedule_delivery_time / validity_period / final_date.
// An empty string is "not set" (zero time). An absolute time is returned in
// UTC. A relative time is returned as now + the duration, with relative
// true; years, months and days are added on the calendar (now.AddDate) and
// the fields may take any two-digit value, as some clients send
// "000000480000000R" for 48 hours. The offset may be up to 56 quarter hours
// (UTC+14 exists, although SMPP 3.4 says 48).
func ParseSMPP(s string, now time.Time) (t time.Time, relative bool, err error) {
	if s == "" {
		return time.Time{}, false, nil
	}
	if len(s) != 16 {
		return time.Time{}, false, ErrInvalidTime
	}
	var f [6]int
	for i := range f {
		v, ok := num(s[2*i : 2*i+2])
		if !ok {
			return time.Time{}, false, ErrInvalidTime
		}
		f[i] = v
	}
	tenths, ok1 := num(s[12:13])
	nn, ok2 := num(s[13:15])
	if !ok1 || !ok2 {
		return time.Time{}, false, ErrInvalidTime
	}
	switch s[15] {
	case 'R':
		t = now.AddDate(f[0], f[1], f[2]).Add(time.Duration(f[3])*time.Hour +
			time.Duration(f[4])*time.Minute + time.Duration(f[5])*time.Second)
		return t, true, nil
	case '+', '-':
	default:
		return time.Time{}, false, ErrInvalidTime
	}
	if nn > 56 {
		return time.Time{}, false, ErrInvalidTime
	}
	off := nn * 15 * 60
	if s[15] == '-' {
		off = -off
	}
	t, ok := civil(f[0], f[1], f[2], f[3], f[4], f[5], tenths*1e8, time.FixedZone("", off))
	if !ok {
		return time.Time{}, false, ErrInvalidTime
	}
	return t.UTC(), false, nil
}

// FormatSMPPAbsolute writes t in UTC, "YYMMDDhhmmsst00+", as Kannel does:
// the offset of t is not kept because the API's times are UTC anyway
// and UTC is never ambiguous. The zero time gives "" (not set). Only
// years 2000..2099 can be written (two digits).
func FormatSMPPAbsolute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	u := t.UTC()
	b := make([]byte, 0, 16)
	b = put2(b, u.Year()%100)
	b = put2(b, int(u.Month()))
	b = put2(b, u.Day())
	b = put2(b, u.Hour())
	b = put2(b, u.Minute())
	b = put2(b, u.Second())
	b = append(b, byte('0'+u.Nanosecond()/1e8), '0', '0', '+')
	return string(b)
}

// FormatSMPPRelative writes d, rounded to the second, as "YYMMDDhhmmss000R"
// using days, hours, minutes and seconds. Durations over 99 days also use
// years (365 days) and months (30 days), which ParseSMPP adds on the
// calendar, so those come back within a day or two; over 99 years is capped.
// A negative duration is written as zero.
func FormatSMPPRelative(d time.Duration) string {
	secs := int64(d.Round(time.Second) / time.Second)
	if secs < 0 {
		secs = 0
	}
	days := secs / 86400
	secs %= 86400
	var years, months int64
	if days > 99 {
		years, days = days/365, days%365
		months, days = days/30, days%30
		if years > 99 {
			years, months, days, secs = 99, 11, 30, 86399
		}
	}
	b := make([]byte, 0, 16)
	b = put2(b, int(years))
	b = put2(b, int(months))
	b = put2(b, int(days))
	b = put2(b, int(secs/3600))
	b = put2(b, int(secs/60%60))
	b = put2(b, int(secs%60))
	return string(append(b, "000R"...))
}
