package text

import (
	"encoding/hex"
	"testing"

	"github.com/linxGnu/gosmpp/data"
	"github.com/stretchr/testify/require"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// short_message octets written by node "smpp" 0.5.1 (farhadi/node-smpp),
// recorded with:
//
//	new smpp.PDU('submit_sm', {short_message: TEXT}).toBuffer()
//
// and cut after sm_length. node-smpp picks data_coding itself: 0x01 for GSM
// text (it calls its GSM coder "ASCII"), 0x03 Latin-1, 0x08 UCS-2.
var nodeSMPPVectors = []struct {
	name string
	dc   byte
	text string
	hex  string
}{
	{"gsm", 0x01, "Hello @{€", "48656c6c6f20001b281b65"},
	{"gsm every character", 0x01,
		"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà\f^{}\\[~]|€",
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1c1d1e1f202122232425262728292a2b2c2d2e2f" +
			"303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f" +
			"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f" +
			"1b0a1b141b281b291b2f1b3c1b3d1b3e1b401b65"},
	{"latin1", 0x03, "café ç", "636166e920e7"},
	{"ucs2 with emoji", 0x08, "Привет 😀", "041f04400438043204350442" + "0020" + "d83dde00"},
}

func TestNodeSMPPVectors(t *testing.T) {
	for _, v := range nodeSMPPVectors {
		t.Run(v.name, func(t *testing.T) {
			wire, err := hex.DecodeString(v.hex)
			require.NoError(t, err)
			enc, _ := DetectSMPPEncoding(v.dc, wire)
			got, err := Decode(enc, wire)
			require.NoError(t, err)
			require.Equal(t, v.text, got)
			ours, err := Encode(enc, v.text)
			require.NoError(t, err)
			require.Equal(t, v.hex, hex.EncodeToString(ours))
		})
	}
	// node-smpp with udh: esm_class 0x40, short_message = UDH + unpacked "hello"
	wire, _ := hex.DecodeString("050003cc020168656c6c6f")
	s, err := Decode(sms.Et7BitText, wire[6:])
	require.NoError(t, err)
	require.Equal(t, "hello", s)
}

// gosmpp v0.3.1 (data/codings.go) as a second real client: its encoders
// must produce the same octets as ours for everything they can encode.
func TestGosmppEncodersAgree(t *testing.T) {
	for s, r := range []rune(docBasic) {
		if s == GSMEscape {
			continue
		}
		theirs, err := data.GSM7BIT.Encode(string(r))
		require.NoError(t, err)
		ours, err := Encode(sms.Et7BitText, string(r))
		require.NoError(t, err)
		require.Equal(t, theirs, ours, "%U", r)
	}
	for _, r := range docExt {
		theirs, err := data.GSM7BIT.Encode(string(r))
		require.NoError(t, err)
		ours, _ := Encode(sms.Et7BitText, string(r))
		require.Equal(t, theirs, ours, "%U", r)
	}
	texts := map[sms.Encoding]struct {
		enc  data.Encoding
		text string
	}{
		sms.EtUCS2Text: {data.UCS2, "Привет мир 😀 € 中文"},
		sms.EtISO88591: {data.LATIN1, "Grüße, ¿qué tal? ÿ"},
		sms.EtISO88595: {data.CYRILLIC, "Привет мир"},
		sms.EtISO88598: {data.HEBREW, "שלום עולם"},
	}
	for enc, tc := range texts {
		theirs, err := tc.enc.Encode(tc.text)
		require.NoError(t, err)
		ours, err := Encode(enc, tc.text)
		require.NoError(t, err)
		require.Equal(t, theirs, ours, enc.String())
		require.Equal(t, tc.enc.DataCoding(), SMPPDataCoding(enc, 0), enc.String())
		back, err := tc.enc.Decode(ours)
		require.NoError(t, err)
		require.Equal(t, tc.text, back)
	}
	// Packed GSM (gosmpp's GSM7BITPACKED) agrees with PackSeptets.
	for _, text := range []string{"hellohello", "abcdef", "Hello @{€", "12345678"} {
		theirs, err := data.GSM7BITPACKED.Encode(text)
		require.NoError(t, err)
		sep, _ := Encode(sms.Et7BitText, text)
		require.Equal(t, hex.EncodeToString(theirs), hex.EncodeToString(PackSeptets(nil, sep, 0)), text)
	}
}
