package text

import (
	"errors"
	"fmt"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// The basic table exactly as docs/protocols.md ("GSM 03.38 and 7-bit
// packing") lists it, index = septet
// (0x1B, the escape, is a placeholder). Written out independently of
// gsmBasic so a typo in either is caught.
const docBasic = "@£$¥èéùìòÇ\nØø\rÅå" +
	"Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ" +
	" !\"#¤%&'()*+,-./" +
	"0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNO" +
	"PQRSTUVWXYZÄÖÑÜ§" +
	"¿abcdefghijklmno" +
	"pqrstuvwxyzäöñüà"

// The extension table of the same section.
var docExt = map[byte]rune{0x0A: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2F: '\\',
	0x3C: '[', 0x3D: '~', 0x3E: ']', 0x40: '|', 0x65: '€'}

func TestGSMBasicTableRoundTrip(t *testing.T) {
	runes := []rune(docBasic)
	require.Len(t, runes, 128)
	for septet, r := range runes {
		if septet == GSMEscape {
			continue
		}
		t.Run(fmt.Sprintf("%02X", septet), func(t *testing.T) {
			// decode -> encode
			s, err := Decode(sms.Et7BitText, []byte{byte(septet)})
			require.NoError(t, err)
			require.Equal(t, string(r), s)
			// encode -> decode
			b, err := Encode(sms.Et7BitText, string(r))
			require.NoError(t, err)
			require.Equal(t, []byte{byte(septet)}, b)
			n, err := SeptetLen(string(r))
			require.NoError(t, err)
			require.Equal(t, 1, n)
			require.True(t, IsGSM(r))
		})
	}
}

func TestGSMExtensionTableRoundTrip(t *testing.T) {
	for code, r := range docExt {
		t.Run(fmt.Sprintf("1B%02X", code), func(t *testing.T) {
			s, err := Decode(sms.Et7BitText, []byte{GSMEscape, code})
			require.NoError(t, err)
			require.Equal(t, string(r), s)
			b, err := Encode(sms.Et7BitText, string(r))
			require.NoError(t, err)
			require.Equal(t, []byte{GSMEscape, code}, b)
			n, err := SeptetLen(string(r))
			require.NoError(t, err)
			require.Equal(t, 2, n, "an escape pair counts two septets")
		})
	}
	// No other rune maps to the extension table.
	n := 0
	for _, r := range gsmExt {
		if r != 0 {
			n++
		}
	}
	require.Equal(t, len(docExt), n)
}

func TestGSMWholeAlphabetString(t *testing.T) {
	var all []rune
	var want []byte
	for septet, r := range []rune(docBasic) {
		if septet != GSMEscape {
			all = append(all, r)
			want = append(want, byte(septet))
		}
	}
	for code := byte(0); code < 128; code++ {
		if r, ok := docExt[code]; ok {
			all = append(all, r)
			want = append(want, GSMEscape, code)
		}
	}
	b, err := Encode(sms.Et7BitText, string(all))
	require.NoError(t, err)
	require.Equal(t, want, b)
	s, err := Decode(sms.Et7BitText, b)
	require.NoError(t, err)
	require.Equal(t, string(all), s)
}

func TestGSMVectors(t *testing.T) {
	tests := []struct {
		name, text, hex string
	}{
		// docs/test-vectors.md, SMPP vector 10 / UCP vector 14 (Kannel capture)
		{"kannel Hello @{€", "Hello @{€", "48656C6C6F20001B281B65"},
		// SMPP vector 12: 17 × 'B'
		{"kannel part 2", "BBBBBBBBBBBBBBBBB", "4242424242424242424242424242424242"},
		{"empty", "", ""},
		{"at end", "abc@", "61626300"},
		{"CRLF", "a\r\nb", "610D0A62"},
		{"form feed", "\f", "1B0A"},
		{"greek", "ΔΦΓΛΩΠΨΣΘΞ", "1012131415161718191A"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Encode(sms.Et7BitText, tc.text)
			require.NoError(t, err)
			require.Equal(t, tc.hex, string(AppendHex(nil, b)))
			s, err := Decode(sms.Et7BitText, b)
			require.NoError(t, err)
			require.Equal(t, tc.text, s)
		})
	}
}

func TestGSMUnencodable(t *testing.T) {
	tests := []struct {
		text   string
		r      rune
		offset int
	}{
		{"`", '`', 0},
		{"abc ç", 'ç', 4}, // GSM has capital Ç only
		{"Ä ok but Ã not", 'Ã', 10},
		{"😀", '😀', 0},
		{"x\x00", 0, 1},
		{"tab\there", '\t', 3},
		{"\u2126", '\u2126', 0}, // OHM SIGN, not U+03A9 GREEK CAPITAL OMEGA
		{"\uff21", '\uff21', 0}, // fullwidth A
		{"\u00a0", '\u00a0', 0},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			b, err := Encode(sms.Et7BitText, tc.text)
			require.Nil(t, b)
			require.ErrorIs(t, err, ErrUnencodable)
			var ue *UnencodableError
			require.True(t, errors.As(err, &ue))
			require.Equal(t, tc.r, ue.Rune)
			require.Equal(t, tc.offset, ue.Offset)
			require.Equal(t, int32(-6), ue.Code())
			_, err = SeptetLen(tc.text)
			require.ErrorIs(t, err, ErrUnencodable)
			// AppendEncode leaves dst as it was.
			dst := []byte("keep")
			out, err := AppendEncode(dst, sms.Et7BitText, tc.text)
			require.Error(t, err)
			require.Equal(t, "keep", string(out))
		})
	}
}

func TestInvalidUTF8(t *testing.T) {
	for _, enc := range []sms.Encoding{sms.Et7BitText, sms.EtUCS2Text, sms.EtISO88591, sms.EtISO88595, sms.EtISO88598} {
		_, err := Encode(enc, "ab\xffcd")
		require.ErrorIs(t, err, ErrInvalidUTF8, enc.String())
		var ce interface{ Code() int32 }
		require.True(t, errors.As(err, &ce))
		require.Equal(t, int32(-5), ce.Code())
	}
	_, err := SeptetLen("\xc3")
	require.ErrorIs(t, err, ErrInvalidUTF8)
	_, err = UTF16Len("\xed\xa0\x80") // an encoded surrogate is not UTF-8
	require.ErrorIs(t, err, ErrInvalidUTF8)
}

func TestGSMDecodeLenient(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"undefined escape shows basic char", []byte{0x1B, 'A'}, "A"},
		{"ESC ESC is a space", []byte{'a', 0x1B, 0x1B, 'b'}, "a b"},
		{"trailing ESC is a space", []byte{'a', 0x1B}, "a "},
		{"8-bit octet", []byte{'a', 0xE9, 'b'}, "a\uFFFDb"},
		{"ESC then 8-bit", []byte{0x1B, 0x80}, "\uFFFD"},
		{"NUL is @", []byte{0, 0, 0}, "@@@"},
		// cloudhopper's submit_sm (SMPP vector 8) puts ASCII in data_coding 0; as
		// GSM, 0x40 is ¡ and 0x24 is ¤ — the SMSC default alphabet is GSM here.
		{"cloudhopper ASCII in dc 0", []byte("@$#!%&/:"), "¡¤#!%&/:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Decode(sms.Et7BitText, tc.in)
			require.NoError(t, err)
			require.Equal(t, tc.want, s)
			require.True(t, utf8.ValidString(s))
		})
	}
}

func TestSeptetLen(t *testing.T) {
	tests := []struct {
		text string
		n    int
	}{
		{"", 0}, {"abc", 3}, {"€", 2}, {"a{b}c", 7}, {"ΔΩ", 2}, {"[]", 4}, {"\f", 2},
	}
	for _, tc := range tests {
		n, err := SeptetLen(tc.text)
		require.NoError(t, err)
		require.Equal(t, tc.n, n, tc.text)
		b, _ := Encode(sms.Et7BitText, tc.text)
		require.Len(t, b, tc.n)
	}
}
