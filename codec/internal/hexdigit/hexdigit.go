// Package hexdigit is the one hex digit table of the codecs: binary
// contents, UCP and CIMD2 checksums and UCP's XSer fields are all written
// as upper-case hex and read in either case.
package hexdigit

// Upper are the digits the codecs write.
const Upper = "0123456789ABCDEF"

// Value is the value of one hex digit of either case.
func Value(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// AppendByte appends b as two upper-case hex digits.
func AppendByte(dst []byte, b byte) []byte {
	return append(dst, Upper[b>>4], Upper[b&0x0F])
}
