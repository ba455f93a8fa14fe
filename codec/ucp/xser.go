package ucp

import "github.com/smscserver/libsmscserver/codec/internal/hexdigit"

// XSer (field 31 of the 50 series) is a sequence of TLVs in hex: type (1
// octet), length of the data in octets (1 octet), data.
const (
	XSerUDH = 0x01 // GSM UDH, the complete header including its UDHL octet
	XSerDCS = 0x02 // GSM DCS, 1 octet
	// 0x03..0x0B TDMA information, 0x0C billing identifier, 0x0D single shot
	// indicator, 0x0E/0x0F originator TON/NPI, 0x10/0x11 recipient TON/NPI,
	// 0x12 message original submission time, 0x13 destination network type.
)

// NextXSer reads the first TLV of an XSer field (hex text). data is the
// TLV's data still in hex (2×length characters), aliasing field; rest is the
// remainder. An empty field gives ok false and no error. A malformed field
// (odd length, bad hex, a length running past the end) gives ErrXSer.
func NextXSer(field []byte) (typ byte, data []byte, rest []byte, ok bool, err error) {
	if len(field) == 0 {
		return 0, nil, nil, false, nil
	}
	if len(field) < 4 {
		return 0, nil, nil, false, ErrXSer
	}
	t, ok1 := hexByte(field[0:2])
	l, ok2 := hexByte(field[2:4])
	if !ok1 || !ok2 || len(field) < 4+2*int(l) {
		return 0, nil, nil, false, ErrXSer
	}
	data = field[4 : 4+2*int(l)]
	for _, c := range data {
		if _, ok := hexdigit.Value(c); !ok {
			return 0, nil, nil, false, ErrXSer
		}
	}
	return t, data, field[4+2*int(l):], true, nil
}

// AppendXSer appends one TLV in hex (no '/'): typ, len(data), data. data
// longer than 255 octets is cut to 255.
func AppendXSer(dst []byte, typ byte, data []byte) []byte {
	if len(data) > 255 {
		data = data[:255]
	}
	dst = hexdigit.AppendByte(hexdigit.AppendByte(dst, typ), byte(len(data)))
	for _, c := range data {
		dst = hexdigit.AppendByte(dst, c)
	}
	return dst
}

// AppendHexDecode appends the octets of hex text h (either case); odd length
// or a non-hex character gives ErrHex and dst unchanged.
func AppendHexDecode(dst []byte, h []byte) ([]byte, error) {
	if len(h)%2 != 0 {
		return dst, ErrHex
	}
	start := len(dst)
	for i := 0; i < len(h); i += 2 {
		v, ok := hexByte(h[i : i+2])
		if !ok {
			return dst[:start], ErrHex
		}
		dst = append(dst, v)
	}
	return dst, nil
}

// DecodeIRA decodes a PWD / NPWD field: hex of IRA (ASCII) characters.
// Octets above 0x7F are read as Latin-1 so the result is always valid UTF-8.
func DecodeIRA(h []byte) (string, error) {
	var buf [64]byte
	b, err := AppendHexDecode(buf[:0], h)
	if err != nil {
		return "", err
	}
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b), nil
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r), nil
}

// AppendIRA appends s as hex of its octets (PWD / NPWD).
func AppendIRA(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		dst = hexdigit.AppendByte(dst, c)
	}
	return dst
}
