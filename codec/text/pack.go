package text

// GSM 7-bit packing (3GPP TS 23.038 §6.1.2.1): septets are written LSB
// first into a bit stream, septet i at bits 7i..7i+6, cut into octets.
// SMPP, UCP AMsg and CIMD2 carry septets unpacked; packing is needed for the
// UCP alphanumeric address and for anything that goes to a handset.

// PackSeptets appends the packed form of septets to dst. fillBits (0..6) zero
// bits come first, so that text after a UDH starts on a septet boundary (see
// FillBits). Spare bits of the last octet are zero; the receiver needs the
// septet count (UDL) to tell them from a trailing '@'.
func PackSeptets(dst []byte, septets []byte, fillBits int) []byte {
	var acc uint32
	nbits := normFill(fillBits)
	for _, s := range septets {
		acc |= uint32(s&0x7F) << nbits
		nbits += 7
		if nbits >= 8 {
			dst = append(dst, byte(acc))
			acc >>= 8
			nbits -= 8
		}
	}
	if nbits > 0 {
		dst = append(dst, byte(acc))
	}
	return dst
}

// PackSeptetsCR is PackSeptets with the 23.038 §6.1.2.3.1 rule for data that
// has no septet count (USSD, cell broadcast): when the last octet has exactly
// 7 spare bits they hold CR, so the receiver does not see a trailing '@'.
func PackSeptetsCR(dst []byte, septets []byte, fillBits int) []byte {
	dst = PackSeptets(dst, septets, fillBits)
	if len(septets) > 0 && (normFill(fillBits)+7*len(septets))%8 == 1 {
		dst[len(dst)-1] |= 0x0D << 1
	}
	return dst
}

// UnpackSeptets appends count septets (one per octet) read from packed after
// fillBits leading bits. count < 0 means "as many as the octets hold"; a count
// larger than that is cut to it, so malformed input never reads out of range.
// Passing the real count keeps a trailing '@' (0x00) that zero spare bits
// would make ambiguous.
func UnpackSeptets(dst []byte, packed []byte, count int, fillBits int) []byte {
	fill := normFill(fillBits)
	avail := (len(packed)*8 - fill) / 7
	if avail < 0 {
		avail = 0
	}
	if count < 0 || count > avail {
		count = avail
	}
	bit := fill
	for i := 0; i < count; i++ {
		idx, shift := bit>>3, uint(bit&7)
		v := uint16(packed[idx]) >> shift
		if shift > 1 { // the septet continues in the next octet
			v |= uint16(packed[idx+1]) << (8 - shift)
		}
		dst = append(dst, byte(v&0x7F))
		bit += 7
	}
	return dst
}

// FillBits is the number of zero bits between a UDH of udhLen octets (UDHL
// included) and the first septet: (7 - udhLen*8 mod 7) mod 7. A 6-octet
// concatenation UDH needs 1, a 7-octet one 0.
func FillBits(udhLen int) int {
	if udhLen <= 0 {
		return 0
	}
	return (7 - (udhLen*8)%7) % 7
}

// UDHSeptets is the number of septets a UDH of udhLen octets (UDHL included)
// takes from the 160 of a GSM 7-bit message: ceil(udhLen*8/7).
func UDHSeptets(udhLen int) int {
	if udhLen <= 0 {
		return 0
	}
	return (udhLen*8 + 6) / 7
}

func normFill(f int) int {
	if f < 0 || f > 6 {
		f = ((f % 7) + 7) % 7
	}
	return f
}
