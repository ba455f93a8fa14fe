package text

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// ISO-8859 charsets come from golang.org/x/text (the tables are generated
// from the unicode.org mappings). Only Charmap.EncodeRune / DecodeByte are
// used: they do not allocate, and unlike the x/text Encoder they cannot be
// configured to substitute, so an unencodable character is always an error.
func isoCharmap(enc sms.Encoding) *charmap.Charmap {
	switch enc {
	case sms.EtISO88591:
		return charmap.ISO8859_1
	case sms.EtISO88595:
		return charmap.ISO8859_5
	case sms.EtISO88598:
		return charmap.ISO8859_8
	}
	return nil
}

func appendISO(dst []byte, enc sms.Encoding, s string) ([]byte, error) {
	cm := isoCharmap(enc)
	start := len(dst)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return dst[:start], &invalidUTF8Error{Offset: i}
		}
		b, ok := cm.EncodeRune(r)
		if !ok {
			return dst[:start], &UnencodableError{Encoding: enc, Rune: r, Offset: i}
		}
		dst = append(dst, b)
		i += size
	}
	return dst, nil
}

// appendISODecode: bytes a charset leaves undefined (e.g. 0xA1 in
// ISO-8859-8) come back from x/text as U+FFFD.
func appendISODecode(dst []byte, enc sms.Encoding, b []byte) []byte {
	cm := isoCharmap(enc)
	for _, c := range b {
		dst = appendRune(dst, cm.DecodeByte(c))
	}
	return dst
}
