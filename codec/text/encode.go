package text

import "github.com/smscserver/libsmscserver/codec/sms"

// Encode turns UTF-8 Content into the octets a PDU carries for enc:
//   - Et7BitText: GSM septets, unpacked (one per octet), extension
//     characters as 0x1B + code — what SMPP short_message, UCP AMsg and
//     (after EncodeCIMD2Septets) CIMD2 033 carry;
//   - Et8BitHexadecimal, EtWAPPushOrMMS: the octets of the hex Content;
//   - EtUCS2Text: UTF-16BE, non-BMP characters as surrogate pairs;
//   - EtISO8859x: the charset's octets.
//
// A character the encoding cannot carry gives an error matching
// ErrUnencodable (code -6); invalid UTF-8 gives ErrInvalidUTF8 and bad hex
// ErrInvalidHex (code -5). Nothing is ever replaced by '?'.
func Encode(enc sms.Encoding, content string) ([]byte, error) {
	var n int
	switch enc {
	case sms.Et8BitHexadecimal, sms.EtWAPPushOrMMS:
		n = len(content) / 2
	case sms.EtUCS2Text:
		n = 2 * len(content)
	default:
		n = len(content) + len(content)/8 // room for a few escapes
	}
	b, err := AppendEncode(make([]byte, 0, n), enc, content)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// AppendEncode is Encode appending to dst, for callers that reuse buffers.
// On error the returned slice has dst's original length.
func AppendEncode(dst []byte, enc sms.Encoding, content string) ([]byte, error) {
	switch enc {
	case sms.Et7BitText:
		return appendGSM(dst, content)
	case sms.Et8BitHexadecimal, sms.EtWAPPushOrMMS:
		return AppendHexDecode(dst, content)
	case sms.EtUCS2Text:
		return appendUCS2(dst, content)
	case sms.EtISO88591, sms.EtISO88595, sms.EtISO88598:
		return appendISO(dst, enc, content)
	}
	return dst, ErrInvalidEncoding
}

// Decode turns received octets into Content: GSM septets (unpacked) and
// ISO/UCS-2 text into UTF-8, binary data into upper-case hex. It is lenient,
// because received data must always be reported: undecodable pieces become
// U+FFFD (see appendGSMDecode and appendUCS2Decode). The only error is an
// unknown encoding.
func Decode(enc sms.Encoding, data []byte) (string, error) {
	b, err := AppendDecode(nil, enc, data)
	return string(b), err
}

// AppendDecode is Decode appending the UTF-8 (or hex) text to dst.
func AppendDecode(dst []byte, enc sms.Encoding, data []byte) ([]byte, error) {
	switch enc {
	case sms.Et7BitText:
		return appendGSMDecode(grow(dst, len(data)), data), nil
	case sms.Et8BitHexadecimal, sms.EtWAPPushOrMMS:
		return AppendHex(grow(dst, 2*len(data)), data), nil
	case sms.EtUCS2Text:
		return appendUCS2Decode(grow(dst, 3*len(data)/2), data), nil
	case sms.EtISO88591, sms.EtISO88595, sms.EtISO88598:
		return appendISODecode(grow(dst, 2*len(data)), enc, data), nil
	}
	return dst, ErrInvalidEncoding
}

// Len is the length of content in the unit its encoding is limited by:
// septets (Et7BitText), UTF-16 units (EtUCS2Text) or octets (the others).
// Errors are those of Encode.
func Len(enc sms.Encoding, content string) (int, error) {
	switch enc {
	case sms.Et7BitText:
		return SeptetLen(content)
	case sms.EtUCS2Text:
		return UTF16Len(content)
	}
	b, err := Encode(enc, content)
	return len(b), err
}

func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), len(b)+n)
		copy(nb, b)
		return nb
	}
	return b
}
