package text

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

func unhexT(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

func TestEncodeDecodeVectors(t *testing.T) {
	tests := []struct {
		name string
		enc  sms.Encoding
		text string
		hex  string
	}{
		// docs/test-vectors.md, SMPP vector 11 (Kannel capture)
		{"UCS2 Привет", sms.EtUCS2Text, "Привет", "041f04400438043204350442"},
		{"UCS2 emoji surrogate pair", sms.EtUCS2Text, "😀", "d83dde00"},
		{"UCS2 mixed", sms.EtUCS2Text, "a😀€", "0061d83dde0020ac"},
		{"UCS2 max BMP", sms.EtUCS2Text, "\uFFFD", "fffd"},
		{"UCS2 plane 16", sms.EtUCS2Text, "\U0010FFFF", "dbffdfff"},
		{"Latin-1", sms.EtISO88591, "café ÿ", "636166e920ff"},
		{"ISO-8859-5", sms.EtISO88595, "Привет", "bfe0d8d2d5e2"},
		{"ISO-8859-8", sms.EtISO88598, "שלום", "f9ece5ed"},
		{"8-bit", sms.Et8BitHexadecimal, "0102FF", "0102ff"},
		{"WAP", sms.EtWAPPushOrMMS, "010203", "010203"},
		{"GSM", sms.Et7BitText, "Hello @{€", "48656c6c6f20001b281b65"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Encode(tc.enc, tc.text)
			require.NoError(t, err)
			require.Equal(t, tc.hex, hex.EncodeToString(b))
			s, err := Decode(tc.enc, b)
			require.NoError(t, err)
			require.Equal(t, tc.text, s)
		})
	}
}

func TestHexContent(t *testing.T) {
	b, err := Encode(sms.Et8BitHexadecimal, "0a0B")
	require.NoError(t, err)
	require.Equal(t, []byte{0x0A, 0x0B}, b)
	s, err := Decode(sms.Et8BitHexadecimal, []byte{0xab, 0x01})
	require.NoError(t, err)
	require.Equal(t, "AB01", s, "decoded binary is upper-case hex")
	for _, bad := range []string{"0", "0g", "zz", "01 02", "0x01"} {
		for _, enc := range []sms.Encoding{sms.Et8BitHexadecimal, sms.EtWAPPushOrMMS} {
			_, err := Encode(enc, bad)
			require.ErrorIs(t, err, ErrInvalidHex, bad)
			require.Equal(t, int32(-5), ErrInvalidHex.Code())
		}
	}
}

func TestISOUnencodable(t *testing.T) {
	tests := []struct {
		enc  sms.Encoding
		text string
		r    rune
	}{
		{sms.EtISO88591, "price €5", '€'},
		{sms.EtISO88591, "Привет", 'П'},
		{sms.EtISO88595, "café", 'é'},
		{sms.EtISO88598, "Привет", 'П'},
		{sms.EtISO88591, "😀", '😀'},
	}
	for _, tc := range tests {
		_, err := Encode(tc.enc, tc.text)
		require.ErrorIs(t, err, ErrUnencodable)
		ue, ok := err.(*UnencodableError)
		require.True(t, ok)
		require.Equal(t, tc.r, ue.Rune)
		require.Equal(t, tc.enc, ue.Encoding)
	}
}

func TestUCS2DecodeLenient(t *testing.T) {
	tests := []struct {
		name, hex, want string
	}{
		{"lone high surrogate", "d83d0041", "\uFFFDA"},
		{"lone high surrogate at end", "0041d83d", "A\uFFFD"},
		{"lone low surrogate", "de000041", "\uFFFDA"},
		{"reversed pair", "de00d83d", "\uFFFD\uFFFD"},
		{"odd trailing octet", "004100", "A\uFFFD"},
		{"single octet", "41", "\uFFFD"},
		{"BOM dropped", "feff0041", "A"},
		{"little-endian with BOM", "fffe41001f04", "AП"},
		{"BOM later is kept", "0041feff", "A\uFEFF"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Decode(sms.EtUCS2Text, unhexT(t, tc.hex))
			require.NoError(t, err)
			require.Equal(t, tc.want, s)
		})
	}
}

func TestISODecodeUndefined(t *testing.T) {
	s, err := Decode(sms.EtISO88598, []byte{0xA1, 'a'}) // 0xA1 is unassigned in ISO-8859-8
	require.NoError(t, err)
	require.Equal(t, "\uFFFDa", s)
}

func TestInvalidEncoding(t *testing.T) {
	_, err := Encode(sms.Encoding(7), "x")
	require.ErrorIs(t, err, ErrInvalidEncoding)
	_, err = Decode(sms.Encoding(-1), []byte("x"))
	require.ErrorIs(t, err, ErrInvalidEncoding)
	_, err = Len(sms.Encoding(99), "x")
	require.ErrorIs(t, err, ErrInvalidEncoding)
}

func TestLen(t *testing.T) {
	tests := []struct {
		enc  sms.Encoding
		text string
		n    int
	}{
		{sms.Et7BitText, "a€", 3},
		{sms.EtUCS2Text, "a😀", 3},
		{sms.EtISO88591, "café", 4},
		{sms.Et8BitHexadecimal, "00ff", 2},
	}
	for _, tc := range tests {
		n, err := Len(tc.enc, tc.text)
		require.NoError(t, err)
		require.Equal(t, tc.n, n)
	}
}

func TestAppendEncodeDoesNotAllocate(t *testing.T) {
	dst := make([]byte, 0, 1024)
	cases := []struct {
		enc  sms.Encoding
		text string
	}{
		{sms.Et7BitText, "Hello @{€ world, ÄÖÜ äöü"},
		{sms.EtUCS2Text, "Привет 😀"},
		{sms.EtISO88595, "Привет"},
		{sms.Et8BitHexadecimal, "0102030405"},
	}
	for _, c := range cases {
		allocs := testing.AllocsPerRun(100, func() {
			_, _ = AppendEncode(dst[:0], c.enc, c.text)
		})
		require.Zero(t, allocs, c.enc.String())
		allocs = testing.AllocsPerRun(100, func() {
			_, _ = AppendDecode(dst[:0], c.enc, []byte{0x41, 0x42})
		})
		require.Zero(t, allocs, c.enc.String())
	}
}
