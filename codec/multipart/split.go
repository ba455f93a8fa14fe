package multipart

import (
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

// One SMS carries 140 octets of TP-UD; GSM 7-bit text is packed there, so
// it holds 160 septets (23.040 §9.2.3.16). A UDH takes ceil(octets×8/7)
// septets of that, or its octets for 8-bit and UCS-2 data.
const (
	tpudOctets  = 140
	tpudSeptets = 160
	// MaxPayload is the most a message_payload TLV can carry.
	MaxPayload = 0xFFFF
)

// Part is one message to send.
type Part struct {
	UDH  []byte // full UDH incl. UDHL (caller's IEs, then the concatenation IE), nil if none
	Data []byte // wire octets: unpacked GSM septets, octets or UTF-16BE
	Ref  uint16 // concatenation reference (8-bit in ModeUDH8); 0 when Total == 1
	// Total and Seq number the parts 1..Total. For ModeSAR they are the
	// sar_total_segments / sar_segment_seqnum values and Ref is sar_msg_ref_num.
	Total, Seq uint8
}

// Capacity is how many units (septets for GSM text, UTF-16 units for UCS-2,
// octets otherwise) fit one message next to a UDH of udhLen octets (UDHL
// included; 0 for none): 160/140/70 without UDH, 153/134/67 with an 8-bit
// concatenation UDH, 152/133/66 with a 16-bit one.
func Capacity(enc sms.Encoding, udhLen int) int {
	var n int
	switch enc {
	case sms.Et7BitText:
		n = tpudSeptets - text.UDHSeptets(udhLen)
	case sms.EtUCS2Text:
		n = (tpudOctets - udhLen) / 2
	default:
		n = tpudOctets - udhLen
	}
	if n < 0 {
		n = 0
	}
	return n
}

// Split encodes content (text.Encode) and cuts it into parts.
//
// userUDH (UDHL included; nil for none) is kept at the front of every
// part's UDH. The message goes in one part, with UDH = userUDH, when it fits
// (160/140/70 units minus the user UDH) or mode is ModePayload. Otherwise it
// is cut at 153/134/67 units (152/133/66 for ModeUDH16, less when userUDH
// takes room too) and, except in ModeSAR, each part's UDH gets the
// concatenation IE. ModeSAR parts obey the same limits as ModeUDH8 because
// the SMSC that forwards them adds that IE.
//
// A cut never separates an escape (0x1B) from the septet it escapes, nor a
// UTF-16 surrogate pair; such a part is one unit shorter. ref is chosen by
// the caller (a per-connection counter), so the result is deterministic.
//
// Parts' Data share one buffer; UDHs share another.
func Split(enc sms.Encoding, content string, userUDH []byte, mode Mode, ref uint16) ([]Part, error) {
	if mode < ModeUDH8 || mode > ModePayload {
		return nil, ErrBadMode
	}
	if len(userUDH) == 0 {
		userUDH = nil
	} else if u, rest, err := ParseUDH(userUDH); err != nil || len(rest) != 0 {
		return nil, ErrBadUDH
	} else {
		userUDH = u
	}
	data, err := text.Encode(enc, content)
	if err != nil {
		return nil, err
	}
	units := len(data)
	unitSize := 1
	if enc == sms.EtUCS2Text {
		unitSize = 2
		units = len(data) / 2
	}
	if mode == ModePayload {
		if len(data)+len(userUDH) > MaxPayload {
			return nil, ErrTooLong
		}
		return []Part{{UDH: userUDH, Data: data, Total: 1, Seq: 1}}, nil
	}
	if units <= Capacity(enc, len(userUDH)) {
		return []Part{{UDH: userUDH, Data: data, Total: 1, Seq: 1}}, nil
	}
	if _, has := FindConcat(userUDH); has {
		return nil, ErrTooLong // the caller cut this message itself
	}
	is16 := mode == ModeUDH16
	udhLen := len(userUDH)
	if udhLen == 0 {
		udhLen = 1 // the UDHL octet the concatenation IE needs
	}
	limit := Capacity(enc, udhLen+concatIELen(is16))
	if limit < 2 { // no room for an escape pair or a surrogate pair
		return nil, ErrTooLong
	}

	// Cut points first, so the parts can be allocated at once.
	var cutBuf [16]int
	cuts := cutBuf[:0]
	for pos := 0; pos < units; {
		end := pos + limit
		if end >= units {
			end = units
		} else if enc == sms.Et7BitText && data[end-1] == text.GSMEscape {
			end--
		} else if enc == sms.EtUCS2Text && isHighSurrogate(data[2*(end-1)]) {
			end--
		}
		cuts = append(cuts, end)
		pos = end
	}
	if len(cuts) > 255 {
		return nil, ErrTooLong
	}
	total := uint8(len(cuts))
	if !is16 && mode != ModeSAR {
		ref &= 0xFF
	}
	parts := make([]Part, total)
	var udhBuf []byte
	if mode != ModeSAR {
		udhBuf = make([]byte, 0, int(total)*(udhLen+concatIELen(is16)))
	}
	pos := 0
	for i, end := range cuts {
		p := &parts[i]
		p.Data = data[pos*unitSize : end*unitSize : end*unitSize]
		p.Ref, p.Total, p.Seq = ref, total, uint8(i+1)
		if mode == ModeSAR {
			p.UDH = userUDH
		} else {
			start := len(udhBuf)
			udhBuf = AppendConcat(udhBuf, userUDH, Concat{Ref: ref, Total: total, Seq: p.Seq, Is16Bit: is16})
			p.UDH = udhBuf[start:len(udhBuf):len(udhBuf)]
		}
		pos = end
	}
	return parts, nil
}

// isHighSurrogate tests the first octet of a big-endian UTF-16 unit.
func isHighSurrogate(hi byte) bool { return hi >= 0xD8 && hi <= 0xDB }
