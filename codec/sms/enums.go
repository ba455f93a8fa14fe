// Package sms holds the protocol-independent vocabulary of the library: the
// content encodings and submit options of the API (docs/api.md, "Enumerations"). The numeric
// values are part of the C ABI and must never change.
package sms

// Encoding is the API's EncodingEnum: how the Content of a message is
// represented on the wire.
type Encoding int32

const (
	Et7BitText        Encoding = 0 // GSM 03.38 default alphabet (with extension table)
	Et8BitHexadecimal Encoding = 1 // binary data; Content is hex text, two digits per octet
	EtUCS2Text        Encoding = 2 // UCS-2 / UTF-16BE; non-BMP characters as surrogate pairs
	EtISO88591        Encoding = 3 // Latin-1
	EtISO88595        Encoding = 4 // Latin/Cyrillic
	EtISO88598        Encoding = 5 // Latin/Hebrew
	EtWAPPushOrMMS    Encoding = 6 // binary (hex Content) sent with DCS 0xF5
)

// Valid reports whether e is one of the defined encodings.
func (e Encoding) Valid() bool { return e >= Et7BitText && e <= EtWAPPushOrMMS }

func (e Encoding) String() string {
	switch e {
	case Et7BitText:
		return "et7BitText"
	case Et8BitHexadecimal:
		return "et8BitHexadecimal"
	case EtUCS2Text:
		return "etUCS2Text"
	case EtISO88591:
		return "etISO88591"
	case EtISO88595:
		return "etISO88595"
	case EtISO88598:
		return "etISO88598"
	case EtWAPPushOrMMS:
		return "etWAPPushOrMMS"
	}
	return "Encoding(?)"
}

// SubmitOption is the API's SubmitOptionEnum, a set of bit flags.
type SubmitOption uint32

const (
	SoRequestStatusReport    SubmitOption = 1 << 0
	SoDirectDisplay          SubmitOption = 1 << 1 // flash SMS (message class 0 display)
	SoDeliveryTimeRelative   SubmitOption = 1 << 2
	SoDeliveryTimeAbsolute   SubmitOption = 1 << 3
	SoValidityPeriodRelative SubmitOption = 1 << 4
	SoValidityPeriodAbsolute SubmitOption = 1 << 5
	SoMessageClass0          SubmitOption = 1 << 6
	SoMessageClass1          SubmitOption = 1 << 7
	SoMessageClass2          SubmitOption = 1 << 8
	SoMessageClass3          SubmitOption = 1 << 9
	SoZeroSMS                SubmitOption = 1 << 10 // TP-PID 0x40 "short message type 0"

	// SoAll is the union of every defined flag; anything outside it is invalid.
	SoAll SubmitOption = 1<<11 - 1
)

// MessageClassMask selects the four message-class flags.
const MessageClassMask = SoMessageClass0 | SoMessageClass1 | SoMessageClass2 | SoMessageClass3
