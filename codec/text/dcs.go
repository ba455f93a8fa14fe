package text

import "github.com/smscserver/libsmscserver/codec/sms"

// GSM TP-DCS (3GPP TS 23.038 §4), the data coding of CIMD2 030 and UCP XSer
// type 02, and of SMPP data_coding values from 0x10 up.
//
// Sending uses the general data coding group: 0x00 / 0x04 / 0x08 for GSM
// 7-bit / 8-bit / UCS-2, or 0x10|class (0x14|class, 0x18|class) when a
// message class is asked for — Kannel's default form, and the only group
// that can give UCS-2 a class. WAP Push is always 0xF5 (8-bit, class 1).
//
// The class comes from the options: SoDirectDisplay (flash) or
// SoMessageClass0 give class 0; otherwise the lowest of SoMessageClass1..3
// that is set. On receipt class 0 sets both SoMessageClass0 and
// SoDirectDisplay, so a host testing either sees a flash message.

// MessageClass returns the message class (0..3) opts ask for, or -1.
func MessageClass(opts sms.SubmitOption) int {
	switch {
	case opts&(sms.SoDirectDisplay|sms.SoMessageClass0) != 0:
		return 0
	case opts&sms.SoMessageClass1 != 0:
		return 1
	case opts&sms.SoMessageClass2 != 0:
		return 2
	case opts&sms.SoMessageClass3 != 0:
		return 3
	}
	return -1
}

// ClassOptions is the inverse of MessageClass (class 0 is also "direct display").
func ClassOptions(class int) sms.SubmitOption {
	switch class {
	case 0:
		return sms.SoMessageClass0 | sms.SoDirectDisplay
	case 1:
		return sms.SoMessageClass1
	case 2:
		return sms.SoMessageClass2
	case 3:
		return sms.SoMessageClass3
	}
	return 0
}

// GSMEncoding is the encoding to send where the data coding can only be a
// GSM DCS (UCP, CIMD2): the ISO-8859 charsets have no DCS, so their text
// goes as UCS-2, which carries every one of their characters losslessly.
// Other encodings are returned unchanged.
func GSMEncoding(enc sms.Encoding) sms.Encoding {
	switch enc {
	case sms.EtISO88591, sms.EtISO88595, sms.EtISO88598:
		return sms.EtUCS2Text
	}
	return enc
}

// GSMDCS is the TP-DCS for enc and the class options (CIMD2 030, UCP XSer 02).
// ISO encodings give UCS-2's DCS (see GSMEncoding: the content must then be
// encoded as UCS-2); an invalid enc is treated as 8-bit data.
func GSMDCS(enc sms.Encoding, opts sms.SubmitOption) byte {
	var alphabet byte
	switch GSMEncoding(enc) {
	case sms.Et7BitText:
		alphabet = 0x00
	case sms.EtUCS2Text:
		alphabet = 0x08
	case sms.EtWAPPushOrMMS:
		return 0xF5
	default:
		alphabet = 0x04
	}
	if c := MessageClass(opts); c >= 0 {
		return 0x10 | alphabet | byte(c)
	}
	return alphabet
}

// FromGSMDCS decodes a TP-DCS. Anything this library cannot turn into text —
// compressed data, reserved alphabets and coding groups — is reported as
// Et8BitHexadecimal, so the octets reach the host unchanged. 0xF5 is
// EtWAPPushOrMMS (with SoMessageClass1). Message-waiting groups give their
// alphabet and no option (the API has no MWI flags; the host sees the
// raw DCS in the event's DataCoding).
func FromGSMDCS(dcs byte) (sms.Encoding, sms.SubmitOption) {
	switch {
	case dcs < 0x80: // 00xxxxxx general group, 01xxxxxx the same marked for automatic deletion
		var opts sms.SubmitOption
		if dcs&0x10 != 0 {
			opts = ClassOptions(int(dcs & 0x03))
		}
		if dcs&0x20 != 0 { // compressed (23.042): not decodable here
			return sms.Et8BitHexadecimal, opts
		}
		switch (dcs >> 2) & 0x03 {
		case 0:
			return sms.Et7BitText, opts
		case 2:
			return sms.EtUCS2Text, opts
		}
		return sms.Et8BitHexadecimal, opts // 8-bit data, or the reserved alphabet
	case dcs < 0xC0: // 1000xxxx..1011xxxx reserved
		return sms.Et8BitHexadecimal, 0
	case dcs < 0xE0: // message waiting, discard / store, GSM 7-bit
		return sms.Et7BitText, 0
	case dcs < 0xF0: // message waiting, store, UCS-2
		return sms.EtUCS2Text, 0
	}
	// 1111xxxx: data coding / message class; bit 2 selects 8-bit.
	opts := ClassOptions(int(dcs & 0x03))
	switch {
	case dcs == 0xF5:
		return sms.EtWAPPushOrMMS, opts
	case dcs&0x04 != 0:
		return sms.Et8BitHexadecimal, opts
	}
	return sms.Et7BitText, opts
}
