package text

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

const (
	c0    = sms.SoMessageClass0
	c1    = sms.SoMessageClass1
	c2    = sms.SoMessageClass2
	c3    = sms.SoMessageClass3
	flash = sms.SoDirectDisplay
)

var allEncodings = []sms.Encoding{sms.Et7BitText, sms.Et8BitHexadecimal, sms.EtUCS2Text,
	sms.EtISO88591, sms.EtISO88595, sms.EtISO88598, sms.EtWAPPushOrMMS}

func TestSMPPDataCoding(t *testing.T) {
	tests := []struct {
		enc  sms.Encoding
		opts sms.SubmitOption
		dc   byte
	}{
		{sms.Et7BitText, 0, 0x00},
		{sms.Et8BitHexadecimal, 0, 0x04},
		{sms.EtUCS2Text, 0, 0x08},
		{sms.EtISO88591, 0, 0x03},
		{sms.EtISO88595, 0, 0x06},
		{sms.EtISO88598, 0, 0x07},
		{sms.EtWAPPushOrMMS, 0, 0xF5},
		{sms.Et7BitText, flash, 0x10},
		{sms.Et7BitText, c0, 0x10},
		{sms.Et7BitText, c1, 0x11},
		{sms.Et7BitText, c2, 0x12},
		{sms.Et7BitText, c3, 0x13},
		{sms.Et8BitHexadecimal, c1, 0x15},
		{sms.Et8BitHexadecimal, c2, 0x16},
		{sms.EtUCS2Text, flash, 0x18},
		{sms.EtUCS2Text, c3, 0x1B},
		{sms.Et7BitText, c2 | c3, 0x12},                                   // lowest class wins
		{sms.Et7BitText, flash | c2, 0x10},                                // flash is class 0
		{sms.EtISO88591, c1, 0x03},                                        // no class form: dest_addr_subunit
		{sms.EtWAPPushOrMMS, c2, 0xF5},                                    // WAP is always 0xF5
		{sms.Et7BitText, sms.SoRequestStatusReport | sms.SoZeroSMS, 0x00}, // not DCS matters
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v/%x", tc.enc, tc.opts), func(t *testing.T) {
			require.Equal(t, tc.dc, SMPPDataCoding(tc.enc, tc.opts))
		})
	}
}

func TestFromSMPPDataCoding(t *testing.T) {
	tests := []struct {
		dc   byte
		enc  sms.Encoding
		opts sms.SubmitOption
	}{
		{0x00, sms.Et7BitText, 0},
		{0x01, sms.EtISO88591, 0}, // IA5 = ASCII
		{0x02, sms.Et8BitHexadecimal, 0},
		{0x03, sms.EtISO88591, 0},
		{0x04, sms.Et8BitHexadecimal, 0},
		{0x05, sms.Et8BitHexadecimal, 0}, // JIS: octets kept as hex
		{0x06, sms.EtISO88595, 0},
		{0x07, sms.EtISO88598, 0},
		{0x08, sms.EtUCS2Text, 0},
		{0x09, sms.Et8BitHexadecimal, 0},
		{0x0A, sms.Et8BitHexadecimal, 0},
		{0x0D, sms.Et8BitHexadecimal, 0},
		{0x0E, sms.Et8BitHexadecimal, 0},
		{0x0F, sms.Et8BitHexadecimal, 0},
		{0x10, sms.Et7BitText, c0 | flash},
		{0x11, sms.Et7BitText, c1},
		{0x12, sms.Et7BitText, c2},
		{0x13, sms.Et7BitText, c3},
		{0x14, sms.Et8BitHexadecimal, c0 | flash},
		{0x15, sms.Et8BitHexadecimal, c1},
		{0x18, sms.EtUCS2Text, c0 | flash},
		{0x1C, sms.Et8BitHexadecimal, c0 | flash}, // reserved alphabet
		{0x0C, sms.Et8BitHexadecimal, 0},
		{0x20, sms.Et8BitHexadecimal, 0},  // compressed GSM
		{0x31, sms.Et8BitHexadecimal, c1}, // compressed, class 1
		{0x40, sms.Et7BitText, 0},         // automatic deletion group
		{0x48, sms.EtUCS2Text, 0},
		{0x51, sms.Et7BitText, c1},
		{0x80, sms.Et8BitHexadecimal, 0}, // reserved groups
		{0xBF, sms.Et8BitHexadecimal, 0},
		{0xC0, sms.Et7BitText, 0}, // MWI discard
		{0xD8, sms.Et7BitText, 0}, // MWI store, voicemail active
		{0xE0, sms.EtUCS2Text, 0}, // MWI store UCS2
		{0xEB, sms.EtUCS2Text, 0},
		{0xF0, sms.Et7BitText, c0 | flash},
		{0xF1, sms.Et7BitText, c1},
		{0xF2, sms.Et7BitText, c2},
		{0xF3, sms.Et7BitText, c3},
		{0xF4, sms.Et8BitHexadecimal, c0 | flash},
		{0xF5, sms.EtWAPPushOrMMS, c1},
		{0xF6, sms.Et8BitHexadecimal, c2},
		{0xF7, sms.Et8BitHexadecimal, c3},
		{0xFD, sms.Et8BitHexadecimal, c1}, // bit 3 reserved: read like 0xF5 but not WAP
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%02X", tc.dc), func(t *testing.T) {
			enc, opts := FromSMPPDataCoding(tc.dc)
			require.Equal(t, tc.enc, enc)
			require.Equal(t, tc.opts, opts)
			enc2, opts2 := DetectSMPPEncoding(tc.dc, []byte("plain"))
			require.Equal(t, tc.enc, enc2)
			require.Equal(t, tc.opts, opts2)
		})
	}
}

// Every encoding and class sent comes back as itself (ISO classes cannot
// be carried in data_coding and are dropped; WAP implies class 1).
func TestSMPPDataCodingRoundTrip(t *testing.T) {
	classes := []sms.SubmitOption{0, c0, c1, c2, c3}
	for _, enc := range allEncodings {
		for _, cl := range classes {
			dc := SMPPDataCoding(enc, cl)
			gotEnc, gotOpts := FromSMPPDataCoding(dc)
			require.Equal(t, enc, gotEnc, "dc %02X", dc)
			want := cl
			switch {
			case enc == sms.EtWAPPushOrMMS:
				want = c1
			case enc >= sms.EtISO88591 && enc <= sms.EtISO88598:
				want = 0
			case cl == c0:
				want = c0 | flash
			}
			require.Equal(t, want, gotOpts, "%v class %x dc %02X", enc, cl, dc)
		}
	}
}

func TestDetectSMPPEncodingIA5(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		enc  sms.Encoding
		text string
	}{
		// node smpp 0.5.1: new PDU('submit_sm', {short_message: 'Hello @{€'})
		// chose data_coding 0x01 and wrote GSM septets (see realclients_test.go).
		{"node-smpp GSM in 0x01", unhexT(t, "48656c6c6f20001b281b65"), sms.Et7BitText, "Hello @{€"},
		// gosmpp data.ASCII: []byte(str)
		{"gosmpp ASCII", []byte("Hello @ [x] {y} $5_"), sms.EtISO88591, "Hello @ [x] {y} $5_"},
		{"ASCII with CRLF", []byte("a\r\nb"), sms.EtISO88591, "a\r\nb"},
		{"escape octet", []byte{'a', 0x1B, 0x65}, sms.Et7BitText, "a€"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc, opts := DetectSMPPEncoding(0x01, tc.data)
			require.Equal(t, tc.enc, enc)
			require.Zero(t, opts)
			s, err := Decode(enc, tc.data)
			require.NoError(t, err)
			require.Equal(t, tc.text, s)
		})
	}
}

func TestGSMDCS(t *testing.T) {
	tests := []struct {
		enc  sms.Encoding
		opts sms.SubmitOption
		dcs  byte
	}{
		{sms.Et7BitText, 0, 0x00},
		{sms.Et8BitHexadecimal, 0, 0x04},
		{sms.EtUCS2Text, 0, 0x08},
		{sms.EtISO88591, 0, 0x08}, // sent as UCS-2 (GSMEncoding)
		{sms.EtISO88595, c1, 0x19},
		{sms.EtWAPPushOrMMS, 0, 0xF5},
		{sms.Et7BitText, flash, 0x10},
		{sms.Et8BitHexadecimal, c2, 0x16},
		{sms.EtUCS2Text, c0, 0x18},
		{sms.Encoding(42), 0, 0x04},
	}
	for _, tc := range tests {
		require.Equal(t, tc.dcs, GSMDCS(tc.enc, tc.opts), "%v %x", tc.enc, tc.opts)
	}
	for _, enc := range allEncodings {
		got, _ := FromGSMDCS(GSMDCS(enc, 0))
		require.Equal(t, GSMEncoding(enc), got)
	}
}

func TestGSMEncoding(t *testing.T) {
	require.Equal(t, sms.EtUCS2Text, GSMEncoding(sms.EtISO88591))
	require.Equal(t, sms.EtUCS2Text, GSMEncoding(sms.EtISO88595))
	require.Equal(t, sms.EtUCS2Text, GSMEncoding(sms.EtISO88598))
	require.Equal(t, sms.Et7BitText, GSMEncoding(sms.Et7BitText))
	require.Equal(t, sms.EtWAPPushOrMMS, GSMEncoding(sms.EtWAPPushOrMMS))
}

func TestDestAddrSubunit(t *testing.T) {
	require.Equal(t, byte(0), SMPPDestAddrSubunit(0))
	require.Equal(t, byte(1), SMPPDestAddrSubunit(flash))
	require.Equal(t, byte(2), SMPPDestAddrSubunit(c1))
	require.Equal(t, byte(3), SMPPDestAddrSubunit(c2))
	require.Equal(t, byte(4), SMPPDestAddrSubunit(c3))
	require.Equal(t, c0|flash, FromSMPPDestAddrSubunit(1))
	require.Equal(t, c3, FromSMPPDestAddrSubunit(4))
	require.Zero(t, FromSMPPDestAddrSubunit(0))
	require.Zero(t, FromSMPPDestAddrSubunit(5))
}

func TestMessageClass(t *testing.T) {
	require.Equal(t, -1, MessageClass(sms.SoRequestStatusReport))
	for c := 0; c < 4; c++ {
		require.Equal(t, c, MessageClass(ClassOptions(c)))
	}
	require.Zero(t, ClassOptions(-1))
	require.Zero(t, ClassOptions(4))
}
