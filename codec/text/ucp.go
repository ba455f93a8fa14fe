package text

import "github.com/smscserver/libsmscserver/codec/sms"

// UCP/EMI 5x operations describe the content with MT (field 19: 2 numeric
// NMsg, 3 alphanumeric AMsg, 4 transparent TMsg + NB), an optional GSM DCS in
// XSer type 02, and the legacy message class MCLs (field 25).

// UCPMessageType is UCPFields without the class: the MT to send and the
// XSer DCS (-1 = leave XSer 02 out).
func UCPMessageType(enc sms.Encoding) (mt int, xserDCS int) {
	mt, xserDCS, _ = UCPFields(enc, 0)
	return mt, xserDCS
}

// UCPFields gives MT, the XSer 02 DCS (-1 = none) and MCLs (-1 = empty) for
// enc and opts, the way Kannel does it: GSM text is MT=3 with AMsg = hex of the
// unpacked septets; everything else is MT=4 with TMsg = hex of the octets
// and NB = 8 × octets. XSer 02 is sent only when the DCS is not one UCP
// implies by default (0x00 for MT=3, 0x04 for MT=4). The ISO charsets go as
// UCS-2 (see GSMEncoding): encode the content with GSMEncoding(enc).
func UCPFields(enc sms.Encoding, opts sms.SubmitOption) (mt int, xserDCS int, mcls int) {
	enc = GSMEncoding(enc)
	mt = 4
	if enc == sms.Et7BitText {
		mt = 3
	}
	xserDCS = -1
	if dcs := GSMDCS(enc, opts); dcs != 0x00 && dcs != 0x04 {
		xserDCS = int(dcs)
	}
	return mt, xserDCS, MessageClass(opts)
}

// FromUCP is the encoding of a received 5x message (xserDCS -1 = no XSer 02).
func FromUCP(mt int, xserDCS int) sms.Encoding {
	enc, _ := FromUCPFields(mt, xserDCS, -1)
	return enc
}

// FromUCPFields maps MT, XSer DCS (-1 = absent) and MCLs (-1 = empty) to an
// encoding and class options:
//   - MT 2 (NMsg digits) and MT 3 (AMsg) are GSM text, except MT 3 with an
//     XSer DCS saying UCS-2, which some SMTs send;
//   - MT 4 (TMsg) is 8-bit data unless the XSer DCS says UCS-2 or WAP (0xF5).
//     A 7-bit DCS with MT 4 is reported as 8-bit too: whether TMsg then holds
//     packed or unpacked septets cannot be known, and hex keeps the octets;
//   - other MTs (1 tone, 5/6 ERMES) are 8-bit.
//
// Class options come from the XSer DCS and from MCLs.
func FromUCPFields(mt int, xserDCS int, mcls int) (sms.Encoding, sms.SubmitOption) {
	var opts sms.SubmitOption
	dcsEnc := sms.Encoding(-1)
	if xserDCS >= 0 && xserDCS <= 0xFF {
		dcsEnc, opts = FromGSMDCS(byte(xserDCS))
	}
	if mcls >= 0 && mcls <= 3 {
		opts |= ClassOptions(mcls)
	}
	switch mt {
	case 2:
		return sms.Et7BitText, opts
	case 3:
		if dcsEnc == sms.EtUCS2Text {
			return sms.EtUCS2Text, opts
		}
		return sms.Et7BitText, opts
	case 4:
		if dcsEnc == sms.EtUCS2Text || dcsEnc == sms.EtWAPPushOrMMS {
			return dcsEnc, opts
		}
	}
	return sms.Et8BitHexadecimal, opts
}

// EncodeUCPAlphaAddress encodes an alphanumeric OAdC (OTOA 5039): hex of one
// length octet — the number of useful semi-octets, (septets×7+3)/4 — and the
// packed GSM septets. At most 11 septets fit (ErrTooLong); characters
// outside GSM give ErrUnencodable. "Alpha" -> "0941361C1D06".
func EncodeUCPAlphaAddress(s string) (string, error) {
	var buf [24]byte
	septets, err := appendGSM(buf[:0], s)
	if err != nil {
		return "", err
	}
	if len(septets) > 11 {
		return "", ErrTooLong
	}
	var packed [12]byte
	p := append(packed[:0], byte((len(septets)*7+3)/4))
	p = PackSeptets(p, septets, 0)
	return string(AppendHex(make([]byte, 0, 2*len(p)), p)), nil
}

// DecodeUCPAlphaAddress decodes an alphanumeric OAdC: characters =
// floor(semi-octets×4/7) (Wireshark's rule), never more than the octets
// hold. Bad hex or an empty field gives ErrInvalidHex.
func DecodeUCPAlphaAddress(hex string) (string, error) {
	var buf [64]byte
	b, err := AppendHexDecode(buf[:0], hex)
	if err != nil {
		return "", err
	}
	if len(b) == 0 {
		return "", ErrInvalidHex
	}
	count := int(b[0]) * 4 / 7
	var sbuf [64]byte
	septets := UnpackSeptets(sbuf[:0], b[1:], count, 0)
	return string(appendGSMDecode(make([]byte, 0, len(septets)+8), septets)), nil
}
