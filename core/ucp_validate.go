package core

import (
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// Field limits of received UCP operations (docs/protocols.md, "UCP / Field
// limits"). The EMI-UCP specification gives AdC and a numeric OAdC 16
// digits; the library takes 20, the address size of SMPP and CIMD2, because
// Kannel writes an international AdC as 00 + up to 15 digits of E.164.
const (
	ucpMaxAddress      = 20  // AdC, numeric OAdC: digits
	ucpMaxAlphaOAdC    = 22  // OTOA 5039: hex of a length octet and 11 packed characters
	ucpMaxAlphaChars   = 11  // characters of an alphanumeric OAdC
	ucpMaxNMsg         = 160 // MT 2 digits
	ucpMaxAMsgOctets   = 160 // MT 3: one octet per GSM septet, escapes included: one SMS
	ucpMaxTMsgOctets   = 140 // MT 4, with the UDH of XSer: one SMS's user data
	ucpMaxXSer         = 400 // hex: a 140-octet UDH and the other services' few octets
	ucpMaxOtherField   = 32  // every other field: twice the longest the specification defines (16)
	ucpMaxExtraFields  = 8   // fields after the last defined one (Kannel ignores them)
	ucpMaxExtraFieldSz = ucpMaxOtherField
)

// checkUCPFields checks the sizes of fields the message checks do not see:
// every field but AdC, OAdC, the message and XSer (skip), and the extra
// fields after the defined ones. It returns the NACK's EC, or 0.
func checkUCPFields(fields [][]byte, extra [][]byte, skip func(i int) bool) int {
	for i, f := range fields {
		if !skip(i) && len(f) > ucpMaxOtherField {
			return ucp.ECSyntax
		}
	}
	if len(extra) > ucpMaxExtraFields {
		return ucp.ECSyntax
	}
	for _, f := range extra {
		if len(f) > ucpMaxExtraFieldSz {
			return ucp.ECSyntax
		}
	}
	return 0
}

// checkUCP5x checks a 51's addresses and field sizes; the message fields
// are checked as they are read (readUCP5xMessage). It returns the NACK's
// EC, or 0.
func checkUCP5x(m *ucp.Msg5x) int {
	F := &m.F
	if ec := checkUCPAdC(F[ucp.F5xAdC]); ec != 0 {
		return ec
	}
	if ec := checkUCPOAdC(F[ucp.F5xOAdC], string(F[ucp.F5xOTOA])); ec != 0 {
		return ec
	}
	if len(F[ucp.F5xXSer]) > ucpMaxXSer {
		return ucp.ECSyntax
	}
	return checkUCPFields(F[:], m.Extra, func(i int) bool {
		return i == ucp.F5xAdC || i == ucp.F5xOAdC || i == ucp.F5xMsg || i == ucp.F5xXSer
	})
}

// checkUCP01 checks an 01's addresses and field sizes (its OAdC is
// numeric: the 01 has no OTOA).
func checkUCP01(m *ucp.Msg01) int {
	if ec := checkUCPAdC(m.F[ucp.F01AdC]); ec != 0 {
		return ec
	}
	if ec := checkUCPOAdC(m.F[ucp.F01OAdC], ""); ec != 0 {
		return ec
	}
	return checkUCPFields(m.F[:], m.Extra, func(i int) bool {
		return i == ucp.F01AdC || i == ucp.F01OAdC || i == ucp.F01Msg
	})
}

// checkUCPAdC: the recipient is 1..20 digits (EC 06 otherwise).
func checkUCPAdC(adc []byte) int {
	if !ucpDigits(adc, 1, ucpMaxAddress) {
		return ucp.ECAdCInvalid
	}
	return 0
}

// checkUCPOAdC: an originator is digits (at most 20), or with OTOA 5039 an
// alphanumeric address that decodes. The specification has no code of its
// own for a bad OAdC; it is a syntax error (02).
func checkUCPOAdC(oadc []byte, otoa string) int {
	if len(oadc) == 0 {
		return 0 // optional: the SMSC may know the sender from the login
	}
	if otoa == "5039" {
		if !ucpAlphaOAdCOK(oadc) {
			return ucp.ECSyntax
		}
		return 0
	}
	if !ucpDigits(oadc, 1, ucpMaxAddress) {
		return ucp.ECSyntax
	}
	return 0
}

// ucpAlphaOAdCOK: hex of a length octet, then packed septets holding at
// least the characters that octet announces (docs/protocols.md, "UCP /
// Alphanumeric OAdC"), 1..11 of them.
func ucpAlphaOAdCOK(oadc []byte) bool {
	if len(oadc) < 4 || len(oadc) > ucpMaxAlphaOAdC || len(oadc)%2 != 0 {
		return false
	}
	var buf [ucpMaxAlphaOAdC / 2]byte
	b, err := ucp.AppendHexDecode(buf[:0], oadc)
	if err != nil {
		return false
	}
	chars := int(b[0]) * 4 / 7
	return chars >= 1 && chars <= ucpMaxAlphaChars && chars*7 <= (len(b)-1)*8
}

func ucpDigits(b []byte, min, max int) bool {
	if len(b) < min || len(b) > max {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ucpMessageTooLong tells, before decoding, whether a message field is
// over the size of its MT (EC 24): NMsg in digits, AMsg and TMsg in hex.
func ucpMessageTooLong(mt int, msg []byte) bool {
	switch mt {
	case 2:
		return len(msg) > ucpMaxNMsg
	case 3:
		return len(msg) > 2*ucpMaxAMsgOctets
	case 4:
		return len(msg) > 2*ucpMaxTMsgOctets
	}
	return false
}
