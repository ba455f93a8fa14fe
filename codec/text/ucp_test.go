package text

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

func TestUCPAlphaAddress(t *testing.T) {
	tests := []struct{ text, hex string }{
		// docs/test-vectors.md, Encoding vectors (Kannel capture + Wireshark)
		{"Alpha", "0941361C1D06"},
		{"Kannel", "0BCBB0DB5D6603"},
		{"ALPHANUMERI", "144126141974569B456912"},
		{"A", "0241"},
		{"€", "04" + "9B32"}, // ESC 65: two septets
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, err := EncodeUCPAlphaAddress(tc.text)
			require.NoError(t, err)
			require.Equal(t, tc.hex, got)
			back, err := DecodeUCPAlphaAddress(tc.hex)
			require.NoError(t, err)
			require.Equal(t, tc.text, back)
		})
	}
	back, err := DecodeUCPAlphaAddress("0941361c1d06") // lower-case hex
	require.NoError(t, err)
	require.Equal(t, "Alpha", back)
}

func TestUCPAlphaAddressErrors(t *testing.T) {
	_, err := EncodeUCPAlphaAddress("ABCDEFGHIJKL") // 12 > 11
	require.ErrorIs(t, err, ErrTooLong)
	require.Equal(t, int32(-7), ErrTooLong.Code())
	_, err = EncodeUCPAlphaAddress("ABCDEFGHIJ€") // 12 septets
	require.ErrorIs(t, err, ErrTooLong)
	_, err = EncodeUCPAlphaAddress("Ünïcode")
	require.ErrorIs(t, err, ErrUnencodable)
	for _, bad := range []string{"", "0", "XY", "094"} {
		_, err = DecodeUCPAlphaAddress(bad)
		require.ErrorIs(t, err, ErrInvalidHex, bad)
	}
	// A length octet larger than the data is cut to the data.
	s, err := DecodeUCPAlphaAddress("FF41")
	require.NoError(t, err)
	require.Equal(t, "A", s)
}

func TestUCPFields(t *testing.T) {
	tests := []struct {
		enc            sms.Encoding
		opts           sms.SubmitOption
		mt, xser, mcls int
	}{
		{sms.Et7BitText, 0, 3, -1, -1},
		{sms.Et8BitHexadecimal, 0, 4, -1, -1}, // Kannel: no XSer for DCS 0 / 4
		{sms.EtUCS2Text, 0, 4, 0x08, -1},      // XSer "020108"
		{sms.EtISO88591, 0, 4, 0x08, -1},      // as UCS-2
		{sms.EtWAPPushOrMMS, 0, 4, 0xF5, -1},
		{sms.Et7BitText, flash, 3, 0x10, 0},
		{sms.Et8BitHexadecimal, c1, 4, 0x15, 1},
		{sms.EtUCS2Text, c2, 4, 0x1A, 2},
	}
	for _, tc := range tests {
		mt, xser, mcls := UCPFields(tc.enc, tc.opts)
		require.Equal(t, []int{tc.mt, tc.xser, tc.mcls}, []int{mt, xser, mcls}, "%v %x", tc.enc, tc.opts)
		if tc.opts == 0 {
			mt2, xser2 := UCPMessageType(tc.enc)
			require.Equal(t, []int{mt, xser}, []int{mt2, xser2})
		}
		// and back
		enc, opts := FromUCPFields(mt, xser, mcls)
		require.Equal(t, GSMEncoding(tc.enc), enc)
		want := tc.opts
		if want == flash {
			want = c0 | flash
		}
		if tc.enc == sms.EtWAPPushOrMMS {
			want = c1
		}
		require.Equal(t, want, opts)
	}
}

func TestFromUCP(t *testing.T) {
	tests := []struct {
		mt, xser int
		enc      sms.Encoding
	}{
		{2, -1, sms.Et7BitText},
		{3, -1, sms.Et7BitText},
		{3, 0x00, sms.Et7BitText},
		{3, 0x08, sms.EtUCS2Text},
		{4, -1, sms.Et8BitHexadecimal},
		{4, 0x04, sms.Et8BitHexadecimal},
		{4, 0x08, sms.EtUCS2Text},
		{4, 0xF5, sms.EtWAPPushOrMMS},
		{4, 0x00, sms.Et8BitHexadecimal}, // packed or unpacked septets? keep the octets
		{4, 0xF6, sms.Et8BitHexadecimal},
		{1, -1, sms.Et8BitHexadecimal},
		{5, -1, sms.Et8BitHexadecimal},
		{3, 300, sms.Et7BitText}, // out-of-range DCS ignored
	}
	for _, tc := range tests {
		require.Equal(t, tc.enc, FromUCP(tc.mt, tc.xser), "MT %d XSer %d", tc.mt, tc.xser)
	}
	_, opts := FromUCPFields(3, -1, 1) // MCLs alone
	require.Equal(t, c1, opts)
	_, opts = FromUCPFields(3, -1, 7)
	require.Zero(t, opts)
}
