package multipart

import (
	"strings"
	"testing"

	"github.com/linxGnu/gosmpp/data"
	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

func decodeAll(t *testing.T, enc sms.Encoding, parts []Part) string {
	t.Helper()
	var all []byte
	for _, p := range parts {
		all = append(all, p.Data...)
	}
	s, err := text.Decode(enc, all)
	require.NoError(t, err)
	return s
}

func lens(parts []Part) []int {
	var n []int
	for _, p := range parts {
		n = append(n, len(p.Data))
	}
	return n
}

func TestSplitLimits(t *testing.T) {
	emoji := "😀"
	tests := []struct {
		name    string
		enc     sms.Encoding
		content string
		mode    Mode
		lens    []int // octets of Data per part
	}{
		{"GSM 160 fits", sms.Et7BitText, strings.Repeat("a", 160), ModeUDH8, []int{160}},
		{"GSM 161", sms.Et7BitText, strings.Repeat("a", 161), ModeUDH8, []int{153, 8}},
		{"GSM 306 = 2×153", sms.Et7BitText, strings.Repeat("a", 306), ModeUDH8, []int{153, 153}},
		{"GSM 16-bit ref", sms.Et7BitText, strings.Repeat("a", 161), ModeUDH16, []int{152, 9}},
		{"GSM SAR", sms.Et7BitText, strings.Repeat("a", 161), ModeSAR, []int{153, 8}},
		{"GSM payload", sms.Et7BitText, strings.Repeat("a", 400), ModePayload, []int{400}},
		{"GSM 80 euros = 160 septets fit", sms.Et7BitText, strings.Repeat("€", 80), ModeUDH8, []int{160}},
		{"GSM 81 euros", sms.Et7BitText, strings.Repeat("€", 81), ModeUDH8, []int{152, 10}},
		// an escape pair at the 153-septet boundary is never cut
		{"escape at 153 boundary", sms.Et7BitText, strings.Repeat("a", 152) + "€" + strings.Repeat("b", 10), ModeUDH8, []int{152, 12}},
		{"escape ends at 153", sms.Et7BitText, strings.Repeat("a", 151) + "€" + strings.Repeat("b", 10), ModeUDH8, []int{153, 10}},
		{"escape at 152 boundary (udh16)", sms.Et7BitText, strings.Repeat("a", 151) + "{" + strings.Repeat("b", 10), ModeUDH16, []int{151, 12}},
		{"8-bit 140 fits", sms.Et8BitHexadecimal, strings.Repeat("ab", 140), ModeUDH8, []int{140}},
		{"8-bit 141", sms.Et8BitHexadecimal, strings.Repeat("ab", 141), ModeUDH8, []int{134, 7}},
		{"8-bit 16-bit ref", sms.Et8BitHexadecimal, strings.Repeat("ab", 141), ModeUDH16, []int{133, 8}},
		{"Latin-1 141", sms.EtISO88591, strings.Repeat("é", 141), ModeUDH8, []int{134, 7}},
		{"WAP 141", sms.EtWAPPushOrMMS, strings.Repeat("00", 141), ModeUDH8, []int{134, 7}},
		{"UCS2 70 fits", sms.EtUCS2Text, strings.Repeat("ж", 70), ModeUDH8, []int{140}},
		{"UCS2 71", sms.EtUCS2Text, strings.Repeat("ж", 71), ModeUDH8, []int{134, 8}},
		{"UCS2 16-bit", sms.EtUCS2Text, strings.Repeat("ж", 71), ModeUDH16, []int{132, 10}},
		// an emoji at the 67-unit boundary: the surrogate pair goes whole to part 2
		{"emoji at 67 boundary", sms.EtUCS2Text, strings.Repeat("ж", 66) + emoji + strings.Repeat("ж", 10), ModeUDH8, []int{132, 24}},
		{"emoji ends at 67", sms.EtUCS2Text, strings.Repeat("ж", 65) + emoji + strings.Repeat("ж", 10), ModeUDH8, []int{134, 20}},
		{"35 emoji fit one SMS", sms.EtUCS2Text, strings.Repeat(emoji, 35), ModeUDH8, []int{140}},
		{"empty", sms.Et7BitText, "", ModeUDH8, []int{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts, err := Split(tc.enc, tc.content, nil, tc.mode, 0x1234)
			require.NoError(t, err)
			require.Equal(t, tc.lens, lens(parts))
			require.Equal(t, tc.content, strings.ToLower(decodeAll(t, tc.enc, parts)))
			for i, p := range parts {
				require.Equal(t, uint8(len(parts)), p.Total)
				require.Equal(t, uint8(i+1), p.Seq)
				if len(parts) == 1 {
					require.Nil(t, p.UDH)
					require.Zero(t, p.Ref)
					continue
				}
				// every part is a well-formed message on its own
				switch tc.enc {
				case sms.Et7BitText:
					require.NotEqual(t, byte(text.GSMEscape), p.Data[len(p.Data)-1], "part %d ends in ESC", i+1)
					require.LessOrEqual(t, len(p.Data)+text.UDHSeptets(len(p.UDH)+boolInt(tc.mode == ModeSAR)*6), 160)
				case sms.EtUCS2Text:
					require.Zero(t, len(p.Data)%2)
					s, _ := text.Decode(sms.EtUCS2Text, p.Data)
					require.NotContains(t, s, "\uFFFD", "part %d has a split surrogate", i+1)
				}
				switch tc.mode {
				case ModeSAR:
					require.Nil(t, p.UDH)
					require.Equal(t, uint16(0x1234), p.Ref)
				case ModeUDH8:
					c, ok := FindConcat(p.UDH)
					require.True(t, ok)
					require.Equal(t, Concat{Ref: 0x34, Total: p.Total, Seq: p.Seq}, c)
					require.Equal(t, uint16(0x34), p.Ref)
				case ModeUDH16:
					c, ok := FindConcat(p.UDH)
					require.True(t, ok)
					require.Equal(t, Concat{Ref: 0x1234, Total: p.Total, Seq: p.Seq, Is16Bit: true}, c)
				}
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The Kannel capture (docs/test-vectors.md): Kannel's 170-character message
// (150 'A' + 20 'B') went out as part 1 = 150 A + BBB and part 2 = 17 × B
// (SMPP vector 12 ref 1, CIMD2 vector 8 ref 6, UCP vector 16 ref 3).
func TestSplitMatchesKannel(t *testing.T) {
	content := strings.Repeat("A", 150) + strings.Repeat("B", 20)
	parts, err := Split(sms.Et7BitText, content, nil, ModeUDH8, 1)
	require.NoError(t, err)
	require.Len(t, parts, 2)
	require.Equal(t, "050003010201", hx(parts[0].UDH))
	require.Equal(t, strings.Repeat("A", 150)+"BBB", string(parts[0].Data))
	// SMPP #12: short_message = UDH + 17 × 'B', sm_length 0x17
	require.Equal(t, "050003010202"+strings.Repeat("42", 17), hx(append(append([]byte(nil), parts[1].UDH...), parts[1].Data...)))
	require.Equal(t, 0x17, len(parts[1].UDH)+len(parts[1].Data))
	// Kannel capture, SMPP part 1: sm_length 0x9F = 6 + 153
	require.Equal(t, 0x9F, len(parts[0].UDH)+len(parts[0].Data))

	parts, err = Split(sms.Et7BitText, content, nil, ModeUDH8, 6)
	require.NoError(t, err)
	require.Equal(t, "050003060201", hx(parts[0].UDH)) // CIMD2 #8 032
	require.Equal(t, strings.Repeat("A", 150)+"BBB", string(text.AppendCIMD2Septets(nil, parts[0].Data)))

	parts, err = Split(sms.Et7BitText, content, nil, ModeUDH8, 3)
	require.NoError(t, err)
	require.Equal(t, "050003030202", hx(parts[1].UDH))            // UCP #16 XSer 01 06 <udh>
	require.Equal(t, strings.Repeat("42", 17), hx(parts[1].Data)) // AMsg
}

func TestSplitLongUCS2Part2(t *testing.T) {
	// 100 Cyrillic characters: part 1 = 67 units, part 2 = 33 units; the
	// second part must start exactly at character 68 with correct byte order.
	content := ""
	for i := 0; i < 100; i++ {
		content += string(rune('А' + i%32))
	}
	parts, err := Split(sms.EtUCS2Text, content, nil, ModeUDH8, 0xAB)
	require.NoError(t, err)
	require.Len(t, parts, 2)
	require.Equal(t, "050003AB0202", hx(parts[1].UDH))
	p2, err := text.Decode(sms.EtUCS2Text, parts[1].Data)
	require.NoError(t, err)
	require.Equal(t, string([]rune(content)[67:]), p2)
	require.Equal(t, "0413", hx(parts[1].Data[:2])) // 'А'+67%32 = 'Г' U+0413, big-endian
}

func TestSplitKeepsUserUDH(t *testing.T) {
	port := h(t, "0605040B8423F0") // WAP push port addressing, 7 octets
	// single: 140 − 7 = 133 octets fit
	parts, err := Split(sms.EtWAPPushOrMMS, strings.Repeat("01", 133), port, ModeUDH8, 9)
	require.NoError(t, err)
	require.Len(t, parts, 1)
	require.Equal(t, port, parts[0].UDH)
	// multipart: port IE + concat IE = 12 octets → 128 per part
	parts, err = Split(sms.EtWAPPushOrMMS, strings.Repeat("01", 200), port, ModeUDH8, 9)
	require.NoError(t, err)
	require.Equal(t, []int{128, 72}, lens(parts))
	require.Equal(t, "0B05040B8423F00003090201", hx(parts[0].UDH))
	require.Equal(t, "0B05040B8423F00003090202", hx(parts[1].UDH))
	require.Equal(t, "0605040B8423F0", hx(StripConcat(parts[1].UDH)))
	// GSM with a 7-octet UDH: 160 − 8 = 152 single; 12-octet UDH → 160 − 14 = 146
	parts, err = Split(sms.Et7BitText, strings.Repeat("x", 152), port, ModeUDH8, 9)
	require.NoError(t, err)
	require.Len(t, parts, 1)
	parts, err = Split(sms.Et7BitText, strings.Repeat("x", 153), port, ModeUDH8, 9)
	require.NoError(t, err)
	require.Equal(t, []int{146, 7}, lens(parts))
	// SAR keeps the caller's UDH alone
	parts, err = Split(sms.Et7BitText, strings.Repeat("x", 153), port, ModeSAR, 9)
	require.NoError(t, err)
	require.Equal(t, port, parts[0].UDH)
	require.Equal(t, []int{146, 7}, lens(parts))
}

func TestSplitErrors(t *testing.T) {
	_, err := Split(sms.Et7BitText, "Привет", nil, ModeUDH8, 0)
	require.ErrorIs(t, err, text.ErrUnencodable)
	_, err = Split(sms.Et8BitHexadecimal, "0g", nil, ModeUDH8, 0)
	require.ErrorIs(t, err, text.ErrInvalidHex)
	_, err = Split(sms.Et7BitText, strings.Repeat("a", 153*255+1), nil, ModeUDH8, 0)
	require.ErrorIs(t, err, ErrTooLong)
	parts, err := Split(sms.Et7BitText, strings.Repeat("a", 153*255), nil, ModeUDH8, 0)
	require.NoError(t, err)
	require.Len(t, parts, 255)
	_, err = Split(sms.Et7BitText, "x", h(t, "0500030102"), ModeUDH8, 0)
	require.ErrorIs(t, err, ErrBadUDH)
	_, err = Split(sms.Et7BitText, strings.Repeat("a", 200), h(t, "050003010201"), ModeUDH8, 0)
	require.ErrorIs(t, err, ErrTooLong, "caller already cut this message")
	parts, err = Split(sms.Et7BitText, "short", h(t, "050003010201"), ModeUDH8, 0)
	require.NoError(t, err, "a caller's own segment that fits is sent as is")
	require.Equal(t, "050003010201", hx(parts[0].UDH))
	// A valid 137-octet UDH (68 empty IEs) leaves no room for the concat IE.
	big := []byte{0}
	for len(big) < 137 {
		big = append(big, 0x70, 0x00)
	}
	big[0] = byte(len(big) - 1)
	_, err = Split(sms.Et8BitHexadecimal, strings.Repeat("00", 10), big, ModeUDH8, 0)
	require.ErrorIs(t, err, ErrTooLong)
	_, err = Split(sms.Et7BitText, "x", nil, Mode(9), 0)
	require.ErrorIs(t, err, ErrBadMode)
	_, err = Split(sms.Et8BitHexadecimal, strings.Repeat("00", MaxPayload+1), nil, ModePayload, 0)
	require.ErrorIs(t, err, ErrTooLong)
}

// gosmpp v0.3.1 splitters as a real client: for text without extension
// characters or surrogate pairs (where gosmpp counts runes, not septets or
// units, and gets it wrong) the parts must be identical.
func TestSplitAgreesWithGosmpp(t *testing.T) {
	gsm := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 9)
	theirs, err := data.GSM7BIT.(data.Splitter).EncodeSplit(gsm, 153)
	require.NoError(t, err)
	ours, err := Split(sms.Et7BitText, gsm, nil, ModeUDH8, 1)
	require.NoError(t, err)
	require.Len(t, ours, len(theirs))
	for i := range theirs {
		require.Equal(t, theirs[i], ours[i].Data, "part %d", i+1)
	}
	ucs := strings.Repeat("Съешь же ещё этих мягких французских булок. ", 4)
	theirs, err = data.UCS2.(data.Splitter).EncodeSplit(ucs, 134)
	require.NoError(t, err)
	ours, err = Split(sms.EtUCS2Text, ucs, nil, ModeUDH8, 1)
	require.NoError(t, err)
	require.Len(t, ours, len(theirs))
	for i := range theirs {
		require.Equal(t, theirs[i], ours[i].Data, "part %d", i+1)
	}
	// Where gosmpp is wrong: 67 emoji make a 268-octet "part".
	theirs, _ = data.UCS2.(data.Splitter).EncodeSplit(strings.Repeat("😀", 67), 134)
	require.Len(t, theirs[0], 268)
	ours, _ = Split(sms.EtUCS2Text, strings.Repeat("😀", 67), nil, ModeUDH8, 1)
	for _, p := range ours {
		require.LessOrEqual(t, len(p.Data), 134)
	}
}

func TestCapacity(t *testing.T) {
	require.Equal(t, 160, Capacity(sms.Et7BitText, 0))
	require.Equal(t, 153, Capacity(sms.Et7BitText, 6))
	require.Equal(t, 152, Capacity(sms.Et7BitText, 7))
	require.Equal(t, 140, Capacity(sms.Et8BitHexadecimal, 0))
	require.Equal(t, 134, Capacity(sms.EtISO88591, 6))
	require.Equal(t, 70, Capacity(sms.EtUCS2Text, 0))
	require.Equal(t, 67, Capacity(sms.EtUCS2Text, 6))
	require.Equal(t, 66, Capacity(sms.EtUCS2Text, 7))
	require.Equal(t, 0, Capacity(sms.EtUCS2Text, 200))
}
