package text

import (
	"unicode/utf16"
	"unicode/utf8"
)

// UCS-2 on the SMS wire is UTF-16 big-endian without a byte-order mark
// (SMPP 3.4 data_coding 8, 23.038 §6.2.3); characters outside the BMP are
// sent as surrogate pairs, which every current handset displays.

// appendUCS2 appends s as UTF-16BE.
func appendUCS2(dst []byte, s string) ([]byte, error) {
	start := len(dst)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return dst[:start], &invalidUTF8Error{Offset: i}
		}
		if r < 0x10000 {
			dst = append(dst, byte(r>>8), byte(r))
		} else {
			hi, lo := utf16.EncodeRune(r)
			dst = append(dst, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
		}
		i += size
	}
	return dst, nil
}

// UTF16Len is the number of UTF-16 code units of content (a non-BMP
// character counts 2): what the 70/67 limits are measured in.
func UTF16Len(content string) (int, error) {
	n := 0
	for i := 0; i < len(content); {
		r, size := utf8.DecodeRuneInString(content[i:])
		if r == utf8.RuneError && size == 1 {
			return 0, &invalidUTF8Error{Offset: i}
		}
		n++
		if r >= 0x10000 {
			n++
		}
		i += size
	}
	return n, nil
}

// appendUCS2Decode appends the UTF-8 form of UTF-16 data. Received data is
// decoded leniently: a lone surrogate or an odd trailing octet becomes
// U+FFFD. A leading byte-order mark is dropped; FF FE selects little-endian,
// because clients that send one really do send LE (U+FFFE is a
// noncharacter, so BE text never starts with it).
func appendUCS2Decode(dst []byte, b []byte) []byte {
	le := false
	if len(b) >= 2 {
		switch {
		case b[0] == 0xFE && b[1] == 0xFF:
			b = b[2:]
		case b[0] == 0xFF && b[1] == 0xFE:
			b, le = b[2:], true
		}
	}
	unit := func(i int) rune {
		if le {
			return rune(b[i+1])<<8 | rune(b[i])
		}
		return rune(b[i])<<8 | rune(b[i+1])
	}
	i := 0
	for ; i+1 < len(b); i += 2 {
		u := unit(i)
		switch {
		case u < 0xD800 || u > 0xDFFF:
			dst = appendRune(dst, u)
		case u <= 0xDBFF && i+3 < len(b):
			if lo := unit(i + 2); lo >= 0xDC00 && lo <= 0xDFFF {
				dst = utf8.AppendRune(dst, utf16.DecodeRune(u, lo))
				i += 2
			} else {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			}
		default: // lone high or low surrogate
			dst = utf8.AppendRune(dst, utf8.RuneError)
		}
	}
	if i < len(b) {
		dst = utf8.AppendRune(dst, utf8.RuneError)
	}
	return dst
}
