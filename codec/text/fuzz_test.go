package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// Decoders must accept any octets: never panic, always return valid UTF-8
// (hex for binary), and what they return must encode back to the same text.

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "\x1b", "\x1b\x1b", "Hello \x00\x1b(\x1be", "\xd8\x3d\xde\x00", "\xd8", "\xff\xfe\x41\x00", "\xfe\xff", "\x80\xff"} {
		for enc := 0; enc <= 6; enc++ {
			f.Add(uint8(enc), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, e uint8, data []byte) {
		enc := sms.Encoding(e % 7)
		s, err := Decode(enc, data)
		if err != nil {
			t.Fatalf("Decode(%v): %v", enc, err)
		}
		if !utf8.ValidString(s) {
			t.Fatalf("Decode(%v) gave invalid UTF-8 %q", enc, s)
		}
		switch enc {
		case sms.Et8BitHexadecimal, sms.EtWAPPushOrMMS:
			b, err := Encode(enc, s)
			if err != nil || string(b) != string(data) {
				t.Fatalf("hex round trip: %x -> %q -> %x %v", data, s, b, err)
			}
		case sms.Et7BitText:
			if strings.ContainsRune(s, utf8.RuneError) {
				return
			}
			b, err := Encode(enc, s)
			if err != nil {
				t.Fatalf("GSM decode output %q not encodable: %v", s, err)
			}
			if s2, _ := Decode(enc, b); s2 != s {
				t.Fatalf("GSM re-decode %q != %q", s2, s)
			}
		case sms.EtUCS2Text:
			b, err := Encode(enc, s)
			if err != nil {
				t.Fatalf("UCS2 decode output %q not encodable: %v", s, err)
			}
			if strings.HasPrefix(s, "\uFEFF") || strings.HasPrefix(s, "\uFFFE") {
				return // a leading BOM is taken as a byte-order mark on the way back
			}
			if s2, _ := Decode(enc, b); s2 != s {
				t.Fatalf("UCS2 re-decode %q != %q", s2, s)
			}
		}
	})
}

// Encode -> Decode is the identity for every text an encoding accepts.
func FuzzEncodeRoundTrip(f *testing.F) {
	for _, s := range []string{"", "Hello @{€]ä", "Привет 😀", "café", "שלום", "0102ff", "\f^{}\\[~]|€"} {
		for enc := 0; enc <= 6; enc++ {
			f.Add(uint8(enc), s)
		}
	}
	f.Fuzz(func(t *testing.T, e uint8, s string) {
		enc := sms.Encoding(e % 7)
		b, err := Encode(enc, s)
		if err != nil {
			return
		}
		n, err := Len(enc, s)
		if err != nil {
			t.Fatalf("Len failed where Encode worked: %v", err)
		}
		switch enc {
		case sms.EtUCS2Text:
			if n*2 != len(b) {
				t.Fatalf("UTF16Len %d vs %d octets", n, len(b))
			}
		default:
			if n != len(b) {
				t.Fatalf("Len %d vs %d octets", n, len(b))
			}
		}
		back, err := Decode(enc, b)
		if err != nil {
			t.Fatal(err)
		}
		if enc == sms.Et8BitHexadecimal || enc == sms.EtWAPPushOrMMS {
			if !strings.EqualFold(back, s) {
				t.Fatalf("hex %q -> %q", s, back)
			}
			return
		}
		if enc == sms.EtUCS2Text && (strings.HasPrefix(s, "\uFEFF") || strings.HasPrefix(s, "\uFFFE")) {
			return
		}
		if back != s {
			t.Fatalf("%v: %q -> %x -> %q", enc, s, b, back)
		}
	})
}

func FuzzUnpackSeptets(f *testing.F) {
	f.Add([]byte{0xE8, 0x32, 0x9B, 0xFD, 0x46, 0x97, 0xD9, 0xEC, 0x37}, 10, 0)
	f.Add([]byte{0xD0, 0x65, 0x36, 0xFB, 0x0D}, 5, 1)
	f.Add([]byte{}, -1, 6)
	f.Fuzz(func(t *testing.T, packed []byte, count int, fill int) {
		sep := UnpackSeptets(nil, packed, count, fill)
		if count >= 0 && len(sep) > count {
			t.Fatalf("%d septets for count %d", len(sep), count)
		}
		f := normFill(fill)
		if len(sep) > 0 && 7*len(sep)+f > 8*len(packed) {
			t.Fatalf("%d septets cannot come from %d octets", len(sep), len(packed))
		}
		for _, s := range sep {
			if s > 0x7F {
				t.Fatalf("septet %02X", s)
			}
		}
		// Re-packing gives the same bits back (fill and spare bits zeroed).
		re := PackSeptets(nil, sep, f)
		if again := UnpackSeptets(nil, re, len(sep), f); string(again) != string(sep) {
			t.Fatalf("repack mismatch")
		}
	})
}

func FuzzDecodeCIMD2UserData(f *testing.F) {
	for _, s := range []string{`Hello _Oa_XX(_XXe_XX>_a"`, "Hi _Oa there", "_", "_X", "_XX", "]}[{", "\xa3\xe9", "caf\xc3\xa9", "_XX\xe9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := DecodeCIMD2UserData(s)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		// Whatever decodes to GSM text encodes to a form that decodes the same.
		w, err := EncodeCIMD2UserData(out)
		if err != nil {
			return // 8-bit characters outside GSM
		}
		if back, _ := DecodeCIMD2UserData(w); back != out {
			t.Fatalf("%q -> %q -> %q -> %q", s, out, w, back)
		}
	})
}

func FuzzDecodeUCPAlphaAddress(f *testing.F) {
	for _, s := range []string{"0941361C1D06", "0BCBB0DB5D6603", "144126141974569B456912", "", "FF", "00", "0g"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := DecodeUCPAlphaAddress(s)
		if err != nil {
			return
		}
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if enc, err := EncodeUCPAlphaAddress(out); err == nil {
			if back, _ := DecodeUCPAlphaAddress(enc); back != out {
				t.Fatalf("%q -> %q -> %q -> %q", s, out, enc, back)
			}
		}
	})
}
