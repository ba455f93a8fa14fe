package text

import "github.com/smscserver/libsmscserver/codec/internal/hexdigit"

// Binary Content (et8BitHexadecimal, etWAPPushOrMMS) is hex text: two digits
// per octet. Decoding accepts either case; encoding writes upper case, as
// Kannel and the UCP/CIMD2 wire formats do.

// AppendHexDecode appends the octets of hex text s; it fails on an odd
// length or a non-hex character (ErrInvalidHex), leaving dst's length as it was.
func AppendHexDecode(dst []byte, s string) ([]byte, error) {
	if len(s)%2 != 0 {
		return dst, ErrInvalidHex
	}
	start := len(dst)
	for i := 0; i < len(s); i += 2 {
		h, ok1 := hexdigit.Value(s[i])
		l, ok2 := hexdigit.Value(s[i+1])
		if !ok1 || !ok2 {
			return dst[:start], ErrInvalidHex
		}
		dst = append(dst, h<<4|l)
	}
	return dst, nil
}

// AppendHex appends b as upper-case hex.
func AppendHex(dst []byte, b []byte) []byte {
	for _, c := range b {
		dst = hexdigit.AppendByte(dst, c)
	}
	return dst
}
