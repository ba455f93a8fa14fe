package multipart

// User data header (3GPP TS 23.040 §9.2.3.24): UDHL, then information
// elements IEI, IEDL, data. Every []byte UDH in this package includes the
// UDHL octet, as SMPP short_message, UCP XSer 01 and CIMD2 032 carry it.

// IE is one information element.
type IE struct {
	ID   byte
	Data []byte
}

// UDH is a header split into its information elements.
type UDH struct {
	IEs []IE
}

// IEI values this package reads or writes.
const (
	IEIConcat8  = 0x00 // concatenated SM, 8-bit reference: ref, total, seq
	IEIConcat16 = 0x08 // concatenated SM, 16-bit reference: ref hi, ref lo, total, seq
)

// ParseUDH splits b, which starts with UDHL, into the header (UDHL
// included) and the user data after it. The IE chain must fit the header
// exactly, otherwise ErrBadUDH.
func ParseUDH(b []byte) (udh []byte, rest []byte, err error) {
	if len(b) == 0 || len(b) < 1+int(b[0]) {
		return nil, nil, ErrBadUDH
	}
	n := 1 + int(b[0])
	if !validIEs(b[1:n]) {
		return nil, nil, ErrBadUDH
	}
	return b[:n:n], b[n:], nil
}

func validIEs(body []byte) bool {
	for i := 0; i < len(body); {
		if i+2 > len(body) {
			return false
		}
		i += 2 + int(body[i+1])
		if i > len(body) {
			return false
		}
	}
	return true
}

// eachIE calls fn for every IE of udh (UDHL included); false if malformed.
func eachIE(udh []byte, fn func(id byte, data []byte)) bool {
	if len(udh) == 0 || len(udh) != 1+int(udh[0]) || !validIEs(udh[1:]) {
		return false
	}
	body := udh[1:]
	for i := 0; i < len(body); {
		l := int(body[i+1])
		fn(body[i], body[i+2:i+2+l])
		i += 2 + l
	}
	return true
}

// DecodeUDH returns the IEs of udh (UDHL included, exact length). Data
// slices alias udh.
func DecodeUDH(udh []byte) (UDH, error) {
	var u UDH
	if !eachIE(udh, func(id byte, data []byte) { u.IEs = append(u.IEs, IE{id, data}) }) {
		return UDH{}, ErrBadUDH
	}
	return u, nil
}

// Len is the encoded size, UDHL included.
func (u UDH) Len() int {
	n := 1
	for _, ie := range u.IEs {
		n += 2 + len(ie.Data)
	}
	return n
}

// Append appends the encoded header (UDHL first) to dst. IEs longer than 255
// octets or a header over 255 octets are the caller's bug and are not checked.
func (u UDH) Append(dst []byte) []byte {
	dst = append(dst, byte(u.Len()-1))
	for _, ie := range u.IEs {
		dst = append(dst, ie.ID, byte(len(ie.Data)))
		dst = append(dst, ie.Data...)
	}
	return dst
}

// Concat is a concatenation IE (or SMPP SAR TLVs).
type Concat struct {
	Ref        uint16
	Total, Seq uint8
	Is16Bit    bool
}

// FindConcat returns the concatenation IE of udh (IEI 00 or 08). As 23.040
// asks, the last one wins if several are present, and an IE with total 0 or
// seq 0 / above total is ignored (the message is then not concatenated).
func FindConcat(udh []byte) (Concat, bool) {
	var c Concat
	found := false
	eachIE(udh, func(id byte, d []byte) {
		var cc Concat
		switch {
		case id == IEIConcat8 && len(d) == 3:
			cc = Concat{Ref: uint16(d[0]), Total: d[1], Seq: d[2]}
		case id == IEIConcat16 && len(d) == 4:
			cc = Concat{Ref: uint16(d[0])<<8 | uint16(d[1]), Total: d[2], Seq: d[3], Is16Bit: true}
		default:
			return
		}
		if cc.Total == 0 || cc.Seq == 0 || cc.Seq > cc.Total {
			return
		}
		c, found = cc, true
	})
	return c, found
}

// StripConcat returns udh without its concatenation IEs: the UserDataHeader
// of the completed message. It returns nil when nothing else is left, and
// udh itself when there is nothing to strip or udh is malformed.
func StripConcat(udh []byte) []byte {
	has, others := false, 0
	if !eachIE(udh, func(id byte, d []byte) {
		if id == IEIConcat8 || id == IEIConcat16 {
			has = true
		} else {
			others++
		}
	}) || !has {
		if len(udh) == 0 {
			return nil
		}
		return udh
	}
	if others == 0 {
		return nil
	}
	out := make([]byte, 1, len(udh))
	eachIE(udh, func(id byte, d []byte) {
		if id != IEIConcat8 && id != IEIConcat16 {
			out = append(out, id, byte(len(d)))
			out = append(out, d...)
		}
	})
	out[0] = byte(len(out) - 1)
	return out
}

// AppendConcat appends to dst the header udh (UDHL included; nil or empty
// for none) with the concatenation IE c added at its end.
func AppendConcat(dst []byte, udh []byte, c Concat) []byte {
	start := len(dst)
	if len(udh) == 0 {
		dst = append(dst, 0)
	} else {
		dst = append(dst, udh...)
	}
	if c.Is16Bit {
		dst = append(dst, IEIConcat16, 4, byte(c.Ref>>8), byte(c.Ref), c.Total, c.Seq)
	} else {
		dst = append(dst, IEIConcat8, 3, byte(c.Ref), c.Total, c.Seq)
	}
	dst[start] = byte(len(dst) - start - 1)
	return dst
}

// concatIELen is the size of the concatenation IE a mode adds.
func concatIELen(is16 bool) int {
	if is16 {
		return 6
	}
	return 5
}
