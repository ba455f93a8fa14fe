package ucp

import (
	"errors"
	"strconv"
)

// Error codes (EC) of negative results, EMI-UCP 4.x (Wireshark packet-ucp.c,
// Kannel smsc_emi.c). The ones a server uses itself have names.
const (
	ECChecksum                 = 1  // checksum error
	ECSyntax                   = 2  // syntax error
	ECNotSupported             = 3  // operation not supported by system
	ECNotAllowed               = 4  // operation not allowed (at this point in time)
	ECCallBarring              = 5  // call barring active
	ECAdCInvalid               = 6  // AdC invalid
	ECAuthentication           = 7  // authentication failure
	ECLegitimisation           = 8  // legitimisation code for all calls, failure
	ECDeferredNotAllowed       = 18 // deferred delivery not allowed
	ECTimePeriodInvalid        = 22 // time period not valid
	ECMessageTypeNotSupported  = 23 // message type not supported by system
	ECMessageTooLong           = 24 // message too long
	ECInvalidCharacterSet      = 28 // invalid character set
	ECOperationNotSuccessful   = 54 // operation not successful
	ECSystemError              = 55 // system error
	ECProprietaryThrottlingMin = 90 // 90..99 are operator specific (often throttling)
)

var ecText = map[int]string{
	1: "Checksum error", 2: "Syntax error", 3: "Operation not supported by system",
	4: "Operation not allowed", 5: "Call barring active", 6: "AdC invalid",
	7: "Authentication failure", 8: "Legitimisation code for all calls, failure",
	9: "GA not valid", 10: "Repetition not allowed", 11: "Legitimisation code for repetition, failure",
	12: "Priority call not allowed", 13: "Legitimisation code for priority call, failure",
	14: "Urgent message not allowed", 15: "Legitimisation code for urgent message, failure",
	16: "Reverse charging not allowed", 17: "Legitimisation code for reverse charging, failure",
	18: "Deferred delivery not allowed", 19: "New AC not valid", 20: "New legitimisation code not valid",
	21: "Standard text not valid", 22: "Time period not valid", 23: "Message type not supported by system",
	24: "Message too long", 25: "Requested standard text not valid", 26: "Message type not valid for the pager type",
	27: "Message not found in SMSC", 28: "Invalid character set", 30: "Subscriber hang-up",
	31: "Fax group not supported", 32: "Fax message type not supported", 33: "Address already in list",
	34: "Address not in list", 35: "List full, cannot add address to list", 36: "RPID already in use",
	37: "Delivery in progress", 38: "Message forwarded", 50: "Low network status",
	51: "Legitimisation code for standard text, failure", 53: "Operation partially successful",
	54: "Operation not successful", 55: "System error", 57: "One or more addresses already in list",
	58: "Address not in list", 59: "Standard text not valid", 60: "Invalid MO/MT list", 61: "Address list full",
	62: "Standard text list full", 63: "Invalid standard text number", 64: "Invalid address list number",
	65: "Address list number already in use", 66: "Restricted to mobile subscribers", 68: "Invalid AdC type",
	69: "Address list empty",
}

// ECText is a short English text for an error code ("" when unknown; 90..99
// are operator specific).
func ECText(ec int) string { return ecText[ec] }

// Error is a frame that cannot be accepted. EC is the error code to NACK it
// with (ECChecksum or ECSyntax from Parse, anything from the typed decoders).
// TRN, Kind and OT are the frame's own when HeaderOK; otherwise the frame's
// header was unreadable and no NACK can be addressed.
type Error struct {
	EC       int
	HeaderOK bool
	TRN      int
	Kind     Kind
	OT       int
	Msg      string
}

func (e *Error) Error() string {
	s := "ucp: " + e.Msg + " (EC " + pad2(e.EC)
	if e.HeaderOK {
		s += ", TRN " + pad2(e.TRN) + ", OT " + pad2(e.OT)
	}
	return s + ")"
}

func pad2(n int) string {
	if n >= 0 && n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// ECOf returns the EC an error should be answered with: the one an *Error
// carries, ECSyntax for other errors, 0 for nil.
func ECOf(err error) int {
	if err == nil {
		return 0
	}
	var e *Error
	if errors.As(err, &e) {
		return e.EC
	}
	return ECSyntax
}

// Stream framing errors (Scan). After any of them the stream cannot be
// trusted; servers close the connection.
var (
	ErrNoSTX    = errors.New("ucp: ETX without a preceding STX")
	ErrNoETX    = errors.New("ucp: STX inside a frame (frame without ETX)")
	ErrTooLong  = errors.New("ucp: frame longer than the maximum")
	ErrLenLimit = errors.New("ucp: frame too long for the 5-digit LEN field")
	// ErrField is returned by builders given a field value that would break
	// the frame (contains '/', STX or ETX).
	ErrField = errors.New("ucp: field value contains '/', STX or ETX")
	// ErrXSer is a malformed XSer field (odd hex, a TLV running past the end).
	ErrXSer = errors.New("ucp: malformed XSer")
	// ErrHex is a hex field (AMsg, TMsg, PWD) that is not hex.
	ErrHex = errors.New("ucp: invalid hex field")
)
