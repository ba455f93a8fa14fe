package text

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

func septetsOf(t *testing.T, s string) []byte {
	t.Helper()
	b, err := Encode(sms.Et7BitText, s)
	require.NoError(t, err)
	return b
}

func TestPackVectors(t *testing.T) {
	tests := []struct {
		name, text string
		fill       int
		packed     string
		packedCR   string
	}{
		// docs/test-vectors.md, Encoding vectors
		{"hellohello", "hellohello", 0, "E8329BFD4697D9EC37", "E8329BFD4697D9EC37"},
		{"abcdefg", "abcdefg", 0, "61F1985C369F01", "61F1985C369F1B"},
		// UDH + 7-bit: after UDH 050003CC0201 (6 octets) one fill bit
		{"hello after UDH", "hello", 1, "D06536FB0D", "D06536FB0D"},
		{"empty", "", 0, "", ""},
		{"one @", "@", 0, "00", "00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sep := septetsOf(t, tc.text)
			got := PackSeptets(nil, sep, tc.fill)
			require.Equal(t, tc.packed, strings.ToUpper(hex.EncodeToString(got)))
			require.Equal(t, tc.packedCR, strings.ToUpper(hex.EncodeToString(PackSeptetsCR(nil, sep, tc.fill))))
			require.Equal(t, hex.EncodeToString(sep), hex.EncodeToString(UnpackSeptets(nil, got, len(sep), tc.fill)))
		})
	}
}

func TestPackAfterUDHWholeTPUD(t *testing.T) {
	udh, _ := hex.DecodeString("050003CC0201")
	require.Equal(t, 1, FillBits(len(udh)))
	tpud := PackSeptets(append([]byte(nil), udh...), septetsOf(t, "hello"), FillBits(len(udh)))
	require.Equal(t, "050003CC0201D06536FB0D", strings.ToUpper(hex.EncodeToString(tpud)))
	// UDL counts septets incl. the header's: 7 + 5
	require.Equal(t, 7, UDHSeptets(len(udh)))
}

// '@' is septet 0x00, the same as zero padding: only the septet count tells
// them apart. gosmpp's unpacker drops a final zero septet and loses the '@';
// with the count given, none is lost or invented.
func TestTrailingAtSurvivesPacking(t *testing.T) {
	for _, text := range []string{"@", "abcdef@", "abcdefg@", "abcdefghijklmn@", "@@@@@@@@", "hello@"} {
		t.Run(text, func(t *testing.T) {
			sep := septetsOf(t, text)
			for fill := 0; fill <= 6; fill++ {
				p := PackSeptets(nil, sep, fill)
				require.Len(t, p, (fill+7*len(sep)+7)/8)
				back := UnpackSeptets(nil, p, len(sep), fill)
				s, err := Decode(sms.Et7BitText, back)
				require.NoError(t, err)
				require.Equal(t, text, s)
			}
		})
	}
	// Without a count, 7 septets in 7 octets read back as 8: the padding
	// becomes '@' — the ambiguity the CR rule exists for.
	p := PackSeptets(nil, septetsOf(t, "abcdefg"), 0)
	require.Len(t, UnpackSeptets(nil, p, -1, 0), 8)
	pcr := PackSeptetsCR(nil, septetsOf(t, "abcdefg"), 0)
	s, _ := Decode(sms.Et7BitText, UnpackSeptets(nil, pcr, -1, 0))
	require.Equal(t, "abcdefg\r", s)
}

func TestUnpackBounds(t *testing.T) {
	p := []byte{0xE8, 0x32}
	require.Len(t, UnpackSeptets(nil, p, 100, 0), 2) // cut to what 16 bits hold
	require.Len(t, UnpackSeptets(nil, p, 100, 6), 1)
	require.Empty(t, UnpackSeptets(nil, nil, 5, 3))
	require.Empty(t, UnpackSeptets(nil, []byte{1}, -1, 6))
}

func TestPackRoundTripAllFills(t *testing.T) {
	sep := make([]byte, 0, 300)
	for i := 0; i < 300; i++ {
		sep = append(sep, byte(i*37)&0x7F)
	}
	for n := 0; n <= len(sep); n += 7 {
		for fill := 0; fill <= 6; fill++ {
			p := PackSeptets(nil, sep[:n], fill)
			require.Equal(t, hex.EncodeToString(sep[:n]), hex.EncodeToString(UnpackSeptets(nil, p, n, fill)))
		}
	}
}

func TestFillBitsAndUDHSeptets(t *testing.T) {
	tests := []struct{ udh, fill, septets int }{
		{0, 0, 0}, {1, 6, 2}, {3, 4, 4}, {5, 2, 6}, {6, 1, 7}, {7, 0, 8}, {12, 2, 14}, {14, 0, 16},
	}
	for _, tc := range tests {
		require.Equal(t, tc.fill, FillBits(tc.udh), "fill %d", tc.udh)
		require.Equal(t, tc.septets, UDHSeptets(tc.udh), "septets %d", tc.udh)
		// header bits + fill bits end on a septet boundary
		require.Zero(t, (tc.udh*8+tc.fill)%7)
	}
}
