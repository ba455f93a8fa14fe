package text

import "github.com/smscserver/libsmscserver/codec/sms"

// SMPP 3.4 data_coding (§5.2.19). Values 0x00..0x0F are SMPP's own table;
// from 0x10 up SMSCs and handsets read the value as a GSM TP-DCS, and so do we.

// SMPPDataCoding is the data_coding to send for enc and opts:
//
//	Et7BitText 0x00, Et8BitHexadecimal 0x04, EtUCS2Text 0x08,
//	EtISO88591 0x03, EtISO88595 0x06, EtISO88598 0x07, EtWAPPushOrMMS 0xF5.
//
// 8-bit data is 0x04 rather than 0x02 because 0x04 is also the GSM DCS for
// 8-bit data, so an SMSC or handset that copies data_coding into TP-DCS gets
// it right (Kannel sends 0x04 too). With a message class (or flash) GSM
// 7-bit, 8-bit and UCS-2 use the GSM general group, 0x10|class, 0x14|class,
// 0x18|class (Kannel's form). The ISO charsets have no code with a class; the
// class then goes in dest_addr_subunit only (see SMPPDestAddrSubunit).
func SMPPDataCoding(enc sms.Encoding, opts sms.SubmitOption) byte {
	switch enc {
	case sms.EtISO88591:
		return 0x03
	case sms.EtISO88595:
		return 0x06
	case sms.EtISO88598:
		return 0x07
	}
	return GSMDCS(enc, opts)
}

// FromSMPPDataCoding maps a received data_coding to an encoding and the
// class options it carries:
//
//	0x00 GSM 7-bit; 0x01 IA5 -> EtISO88591 (IA5/T.50 is ASCII, a subset of
//	Latin-1: decoding it as GSM would turn '@' into '¡' and '$' into '¤';
//	but see DetectSMPPEncoding, which also recognises node-smpp's GSM-in-0x01);
//	0x02, 0x04 8-bit; 0x03 Latin-1; 0x06 Cyrillic; 0x07 Hebrew; 0x08 UCS-2;
//	0x05, 0x09..0x0F (JIS, pictogram, ISO-2022-JP, KS C 5601, reserved) ->
//	Et8BitHexadecimal, so the host gets the octets and the raw DataCoding;
//	0x10 and up -> FromGSMDCS (class bits, MWI groups, 0xF0..0xFF).
func FromSMPPDataCoding(dc byte) (sms.Encoding, sms.SubmitOption) {
	switch dc {
	case 0x00:
		return sms.Et7BitText, 0
	case 0x01, 0x03:
		return sms.EtISO88591, 0
	case 0x06:
		return sms.EtISO88595, 0
	case 0x07:
		return sms.EtISO88598, 0
	case 0x08:
		return sms.EtUCS2Text, 0
	}
	if dc < 0x10 {
		return sms.Et8BitHexadecimal, 0
	}
	return FromGSMDCS(dc)
}

// SMPPDestAddrSubunit is the dest_addr_subunit TLV (0x0005) value for the
// class in opts: 1 MS display (class 0), 2 mobile equipment (class 1),
// 3 SIM (class 2), 4 external unit (class 3); 0 when no class is asked for
// (then the TLV should be left out). SMPP 3.4 §5.3.2.1 recommends it over
// class bits in data_coding; sending both is harmless.
func SMPPDestAddrSubunit(opts sms.SubmitOption) byte {
	return byte(MessageClass(opts) + 1)
}

// FromSMPPDestAddrSubunit maps dest_addr_subunit / source_addr_subunit back
// to class options (0 and unknown values give none).
func FromSMPPDestAddrSubunit(v byte) sms.SubmitOption {
	if v >= 1 && v <= 4 {
		return ClassOptions(int(v) - 1)
	}
	return 0
}

// DetectSMPPEncoding is FromSMPPDataCoding for received data. It differs
// only for data_coding 0x01, whose meaning real clients disagree on: IA5
// (ASCII) per SMPP 3.4 — gosmpp and Kannel send plain ASCII — while node
// "smpp" (farhadi/node-smpp 0.5) sends GSM 03.38 septets with 0x01, so '@'
// arrives as 0x00 and '{' as 1B 28. ASCII text never contains control
// octets other than LF and CR, while GSM text with '@', '$', '£', 'è', 'Δ',
// an escape or similar does; so 0x01 data holding any other octet below 0x20
// is read as GSM, anything else as ASCII (EtISO88591, which also shows stray
// 8-bit octets as Latin-1 rather than losing them).
func DetectSMPPEncoding(dc byte, data []byte) (sms.Encoding, sms.SubmitOption) {
	if dc == 0x01 {
		for _, c := range data {
			if c < 0x20 && c != '\n' && c != '\r' {
				return sms.Et7BitText, 0
			}
		}
	}
	return FromSMPPDataCoding(dc)
}
