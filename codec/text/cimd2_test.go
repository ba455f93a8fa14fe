package text

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

func TestCIMD2Vectors(t *testing.T) {
	tests := []struct{ text, wire string }{
		// docs/test-vectors.md, CIMD2 vector 4 (Kannel capture)
		{"Hello @{€]ä", `Hello _Oa_XX(_XXe_XX>_a"`},
		// CIMD2 vector 7
		{"Hi @ there", "Hi _Oa there"},
		{"$5", "$5"},
		{"^|", "_XX_gl_XX_!!"},
		{"a\fb", "a_XX\nb"},
		{"\"quoted\"", "_qqquoted_qq"},
		{"_", "_--"},
		{"line\r\nbreak", "line\r\nbreak"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, err := EncodeCIMD2UserData(tc.text)
			require.NoError(t, err)
			require.Equal(t, tc.wire, got)
			back, err := DecodeCIMD2UserData(tc.wire)
			require.NoError(t, err)
			require.Equal(t, tc.text, back)
		})
	}
}

// Every GSM character survives CIMD2 encoding and decoding, and the wire
// form is printable ASCII (plus LF/CR).
func TestCIMD2EveryGSMCharacter(t *testing.T) {
	var all []rune
	for s, r := range []rune(docBasic) {
		if s != GSMEscape {
			all = append(all, r)
		}
	}
	for _, r := range docExt {
		all = append(all, r)
	}
	for _, r := range all {
		t.Run(fmt.Sprintf("%U", r), func(t *testing.T) {
			w, err := EncodeCIMD2UserData(string(r))
			require.NoError(t, err)
			for i := 0; i < len(w); i++ {
				c := w[i]
				require.True(t, (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r', "octet %02X in %q", c, w)
			}
			back, err := DecodeCIMD2UserData(w)
			require.NoError(t, err)
			require.Equal(t, string(r), back)
		})
	}
	w, err := EncodeCIMD2UserData(string(all))
	require.NoError(t, err)
	back, _ := DecodeCIMD2UserData(w)
	require.Equal(t, string(all), back)
}

func TestCIMD2DecodeReceived(t *testing.T) {
	tests := []struct{ name, wire, text string }{
		// Kannel convert_cimd2_to_gsm single-character remaps
		{"7-bit national Å å", "]}", "Åå"},
		{"NRC letters", "[\\^{|~`", "ÄÖÜäöü¿"},
		{"@ and $", "@$", "@$"},
		{"é as one spec copy writes it", `_e"`, "é"},
		{"plain underscore", "a_b", "a_b"},
		{"unknown combination", "_zz", "_zz"},
		{"underscore at end", "ab_", "ab_"},
		{"underscore + 1 at end", "ab_X", "ab_X"},
		{"_XX at the very end", "a_XX", "a "},
		{"_XX then basic", "_XXA", "A"},
		{"_XX_XX", "_XX_XXa", " a"},
		// 8-bit link: Latin-1 octets (spec example "033:@£$¥èéùìòÇ")
		{"Latin-1 octets", "@\xa3$\xa5\xe8\xe9\xf9\xec\xf2\xc7", "@£$¥èéùìòÇ"},
		{"UTF-8 text", "caf\xc3\xa9 \xe2\x82\xac", "café €"},
		{"ESC before 8-bit char", "_XX\xe9", "é"},
		// a sender that cut "_XX" + "(" between two parts: we join raw text first
		{"escape across parts", "part1_XX" + "(part2", "part1{part2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeCIMD2UserData(tc.wire)
			require.NoError(t, err)
			require.Equal(t, tc.text, got)
		})
	}
}

func TestCIMD2Unencodable(t *testing.T) {
	_, err := EncodeCIMD2UserData("Привет")
	require.ErrorIs(t, err, ErrUnencodable)
	_, err = EncodeCIMD2UserData("bad\xff")
	require.ErrorIs(t, err, ErrInvalidUTF8)
}

func TestAppendCIMD2Septets(t *testing.T) {
	sep, err := Encode(0, "Hello @{€]ä")
	require.NoError(t, err)
	require.Equal(t, `Hello _Oa_XX(_XXe_XX>_a"`, string(AppendCIMD2Septets(nil, sep)))
	require.Equal(t, "x$", string(AppendCIMD2Septets([]byte("x"), []byte{0x02})))
}

func TestCIMD2Fields(t *testing.T) {
	tests := []struct {
		enc    sms.Encoding
		opts   sms.SubmitOption
		dcs    int
		binary bool
	}{
		{sms.Et7BitText, 0, -1, false}, // Kannel: 030 only when DCS != 0
		{sms.Et7BitText, flash, 0x10, false},
		{sms.Et8BitHexadecimal, 0, 0x04, true},
		{sms.EtUCS2Text, 0, 0x08, true},
		{sms.EtISO88595, 0, 0x08, true},
		{sms.EtWAPPushOrMMS, 0, 0xF5, true},
	}
	for _, tc := range tests {
		dcs, bin := CIMD2Fields(tc.enc, tc.opts)
		require.Equal(t, tc.dcs, dcs, tc.enc.String())
		require.Equal(t, tc.binary, bin, tc.enc.String())
		enc, _ := FromCIMD2Fields(dcs, bin)
		require.Equal(t, GSMEncoding(tc.enc), enc)
	}
	for _, tc := range []struct {
		dcs    int
		binary bool
		enc    sms.Encoding
		opts   sms.SubmitOption
	}{
		{-1, false, sms.Et7BitText, 0},
		{-1, true, sms.Et8BitHexadecimal, 0},
		{0x08, false, sms.Et7BitText, 0}, // 033 is text whatever 030 says
		{0x11, false, sms.Et7BitText, c1},
		{0x00, true, sms.Et8BitHexadecimal, 0},
		{0x18, true, sms.EtUCS2Text, c0 | flash},
		{0xF5, true, sms.EtWAPPushOrMMS, c1},
		{999, true, sms.Et8BitHexadecimal, 0},
	} {
		enc, opts := FromCIMD2Fields(tc.dcs, tc.binary)
		require.Equal(t, tc.enc, enc, "%d %v", tc.dcs, tc.binary)
		require.Equal(t, tc.opts, opts, "%d %v", tc.dcs, tc.binary)
	}
}
