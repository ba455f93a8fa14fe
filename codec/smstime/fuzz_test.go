package smstime

import (
	"testing"
	"time"
)

// Parsers take any string without panicking; whatever they accept formats
// back to a string that parses to the same instant.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"150203040506708+", "010203040506000R", "", "280229120000000+", "211126231906", "2111262319", "261121232018", "999999999999999R"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ts, rel, err := ParseSMPP(s, now); err == nil && !rel && !ts.IsZero() && ts.Year() >= 2000 && ts.Year() <= 2099 {
			back, _, err := ParseSMPP(FormatSMPPAbsolute(ts), now)
			if err != nil || !back.Equal(ts) {
				t.Fatalf("SMPP %q -> %v -> %q -> %v %v", s, ts, FormatSMPPAbsolute(ts), back, err)
			}
		}
		if ts, err := ParseUCP(s, nil); err == nil && len(s) == 12 {
			if back, err := ParseUCP(FormatUCP12(ts), nil); err != nil || !back.Equal(ts) {
				t.Fatalf("UCP %q -> %v", s, ts)
			}
		}
		if ts, err := ParseCIMD2(s, time.UTC); err == nil && s != "" {
			if FormatCIMD2(ts) != s {
				t.Fatalf("CIMD2 %q -> %q", s, FormatCIMD2(ts))
			}
		}
	})
}
