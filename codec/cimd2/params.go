package cimd2

import "github.com/smscserver/libsmscserver/codec/internal/hexdigit"

// Parameter codes (docs/protocols.md, "CIMD2 / Parameters").
const (
	ParamUserIdentity              = 10
	ParamPassword                  = 11
	ParamSubaddr                   = 12
	ParamWindowSize                = 19
	ParamDestinationAddress        = 21
	ParamOriginatingAddress        = 23
	ParamOriginatingIMSI           = 26
	ParamAlphanumericOriginator    = 27
	ParamOriginatedVisitedMSC      = 28
	ParamDataCodingScheme          = 30
	ParamUserDataHeader            = 32
	ParamUserData                  = 33
	ParamUserDataBinary            = 34
	ParamMoreMessagesToSend        = 44
	ParamValidityPeriodRelative    = 50
	ParamValidityPeriodAbsolute    = 51
	ParamProtocolIdentifier        = 52
	ParamFirstDeliveryTimeRelative = 53
	ParamFirstDeliveryTimeAbsolute = 54
	ParamReplyPath                 = 55
	ParamStatusReportRequest       = 56
	ParamCancelEnabled             = 58
	ParamCancelMode                = 59
	ParamServiceCentreTimestamp    = 60
	ParamStatusCode                = 61
	ParamStatusErrorCode           = 62
	ParamDischargeTime             = 63
	ParamTariffClass               = 64
	ParamServiceDescription        = 65
	ParamMessageCount              = 66
	ParamPriority                  = 67
	ParamDeliveryRequestMode       = 68
	ParamServiceCenterAddress      = 69
	ParamGetParameter              = 500
	ParamMCTime                    = 501
	ParamErrorCode                 = 900
	ParamErrorText                 = 901
)

// ParamType is the value syntax of a parameter.
type ParamType uint8

const (
	TypeString   ParamType = iota // any octets except the reserved ones
	TypeInt                       // decimal, optional leading '-', within Min..Max
	TypeAddress                   // digits, '+' and '-' (Kannel isphonedigit)
	TypeTime                      // 12 digits yyMMddHHmmss
	TypeHex                       // an even number of hex digits
	TypeUserData                  // 033 text with CIMD escapes; any octets except the reserved ones
)

// ParamInfo describes one parameter of the spec.
type ParamInfo struct {
	Code        int
	Name        string
	Type        ParamType
	MaxLen      int // octets of the value as written
	Min, Max    int // TypeInt range
	Repeatable  bool
	SubmitError int // 900 code refusing a submit with a bad value (0 = 8, formatting error)
}

var paramTable = []ParamInfo{
	{Code: 10, Name: "user identity", Type: TypeString, MaxLen: 32},
	{Code: 11, Name: "password", Type: TypeString, MaxLen: 32},
	{Code: 12, Name: "subaddr", Type: TypeInt, MaxLen: 1, Min: 0, Max: 9},
	{Code: 19, Name: "window size", Type: TypeInt, MaxLen: 3, Min: 1, Max: 128},
	{Code: 21, Name: "destination address", Type: TypeAddress, MaxLen: 20, Repeatable: true, SubmitError: 300},
	{Code: 23, Name: "originating address", Type: TypeAddress, MaxLen: 20, SubmitError: 306},
	{Code: 26, Name: "originating IMSI", Type: TypeAddress, MaxLen: 20},
	{Code: 27, Name: "alphanumeric originating address", Type: TypeString, MaxLen: 11, SubmitError: 321},
	{Code: 28, Name: "originated visited MSC address", Type: TypeAddress, MaxLen: 20},
	{Code: 30, Name: "data coding scheme", Type: TypeInt, MaxLen: 3, Min: 0, Max: 255, SubmitError: 304},
	{Code: 32, Name: "user data header", Type: TypeHex, MaxLen: 280, SubmitError: 303},
	{Code: 33, Name: "user data", Type: TypeUserData, MaxLen: 480, SubmitError: 302},
	{Code: 34, Name: "user data binary", Type: TypeHex, MaxLen: 280, SubmitError: 302},
	{Code: 41, Name: "transport type", Type: TypeInt, MaxLen: 1, Min: 0, Max: 9, SubmitError: 315},
	{Code: 42, Name: "message type", Type: TypeInt, MaxLen: 1, Min: 0, Max: 9, SubmitError: 316},
	{Code: 44, Name: "more messages to send", Type: TypeInt, MaxLen: 1, Min: 0, Max: 1, SubmitError: 318},
	{Code: 45, Name: "operation timer", Type: TypeInt, MaxLen: 3, Min: 0, Max: 999, SubmitError: 319},
	{Code: 46, Name: "dialogue ID", Type: TypeInt, MaxLen: 5, Min: 0, Max: 99999, SubmitError: 320},
	{Code: 47, Name: "USSD phase", Type: TypeInt, MaxLen: 1, Min: 0, Max: 9},
	{Code: 50, Name: "validity period relative", Type: TypeInt, MaxLen: 3, Min: -1, Max: 255, SubmitError: 305},
	{Code: 51, Name: "validity period absolute", Type: TypeTime, MaxLen: 12, SubmitError: 305},
	{Code: 52, Name: "protocol identifier", Type: TypeInt, MaxLen: 3, Min: 0, Max: 255, SubmitError: 307},
	{Code: 53, Name: "first delivery time relative", Type: TypeInt, MaxLen: 3, Min: -1, Max: 255, SubmitError: 308},
	{Code: 54, Name: "first delivery time absolute", Type: TypeTime, MaxLen: 12, SubmitError: 308},
	{Code: 55, Name: "reply path", Type: TypeInt, MaxLen: 1, Min: 0, Max: 1, SubmitError: 309},
	{Code: 56, Name: "status report request", Type: TypeInt, MaxLen: 2, Min: 0, Max: 63, SubmitError: 310},
	{Code: 58, Name: "cancel enabled", Type: TypeInt, MaxLen: 1, Min: 0, Max: 1, SubmitError: 311},
	{Code: 59, Name: "cancel mode", Type: TypeInt, MaxLen: 1, Min: 0, Max: 2},
	{Code: 60, Name: "service centre timestamp", Type: TypeTime, MaxLen: 12},
	{Code: 61, Name: "status code", Type: TypeInt, MaxLen: 2, Min: 0, Max: 9},
	{Code: 62, Name: "status error code", Type: TypeInt, MaxLen: 3, Min: 0, Max: 999},
	{Code: 63, Name: "discharge time", Type: TypeTime, MaxLen: 12},
	{Code: 64, Name: "tariff class", Type: TypeInt, MaxLen: 2, Min: 0, Max: 99, SubmitError: 313},
	{Code: 65, Name: "service description", Type: TypeInt, MaxLen: 2, Min: 0, Max: 9, SubmitError: 314},
	{Code: 66, Name: "message count", Type: TypeInt, MaxLen: 3, Min: 0, Max: 999},
	{Code: 67, Name: "priority", Type: TypeInt, MaxLen: 1, Min: 1, Max: 9, SubmitError: 312},
	{Code: 68, Name: "delivery request mode", Type: TypeInt, MaxLen: 1, Min: 0, Max: 2},
	{Code: 69, Name: "service center address", Type: TypeAddress, MaxLen: 20},
	{Code: 500, Name: "get parameter", Type: TypeInt, MaxLen: 3, Min: 501, Max: 999},
	{Code: 501, Name: "MC time", Type: TypeTime, MaxLen: 12},
	{Code: 900, Name: "error code", Type: TypeInt, MaxLen: 3, Min: 0, Max: 999},
	{Code: 901, Name: "error text", Type: TypeString, MaxLen: 64},
}

// paramIndex[code] is 1 + the table index, 0 for codes the spec does not define.
var paramIndex [1000]uint8

func init() {
	for i, p := range paramTable {
		paramIndex[p.Code] = uint8(i + 1)
	}
}

// Info describes parameter code; ok is false for codes the spec does not
// define (such parameters are still parsed and passed on).
func Info(code int) (ParamInfo, bool) {
	if code < 0 || code >= len(paramIndex) || paramIndex[code] == 0 {
		return ParamInfo{}, false
	}
	return paramTable[paramIndex[code]-1], true
}

func info(code int) *ParamInfo {
	if code < 0 || code >= len(paramIndex) || paramIndex[code] == 0 {
		return nil
	}
	return &paramTable[paramIndex[code]-1]
}

// Check validates value against the parameter's type, length and range.
func (in ParamInfo) Check(value []byte) *ParamError {
	return in.check(value)
}

func (in *ParamInfo) check(v []byte) *ParamError {
	if len(v) > in.MaxLen {
		return &ParamError{Param: in.Code, Reason: "too long"}
	}
	if i := reservedIndex(v); i >= 0 {
		return &ParamError{Param: in.Code, Reason: "reserved octet in value"}
	}
	switch in.Type {
	case TypeInt:
		n, ok := atoi(v)
		if !ok {
			return &ParamError{Param: in.Code, Reason: "not an integer"}
		}
		if n < in.Min || n > in.Max {
			return &ParamError{Param: in.Code, Reason: "out of range"}
		}
	case TypeAddress:
		for _, c := range v {
			if !(c >= '0' && c <= '9' || c == '+' || c == '-') {
				return &ParamError{Param: in.Code, Reason: "not an address"}
			}
		}
	case TypeTime:
		if len(v) != 12 || !allDigits(v) {
			return &ParamError{Param: in.Code, Reason: "not a yyMMddHHmmss time"}
		}
	case TypeHex:
		if len(v)%2 != 0 {
			return &ParamError{Param: in.Code, Reason: "odd number of hex digits"}
		}
		for _, c := range v {
			if _, ok := hexdigit.Value(c); !ok {
				return &ParamError{Param: in.Code, Reason: "not hex"}
			}
		}
	}
	return nil
}

// Check validates every parameter the spec defines against the table, and
// that only 021 repeats. Parameters with undefined codes are not checked.
// It returns the first problem found, or nil.
func (p *Packet) Check() *ParamError {
	for i := range p.Params {
		pr := &p.Params[i]
		in := info(pr.Code)
		if in == nil {
			continue
		}
		if e := in.check(pr.Value); e != nil {
			return e
		}
		if !in.Repeatable {
			for j := 0; j < i; j++ {
				if p.Params[j].Code == pr.Code {
					return &ParamError{Param: pr.Code, Reason: "repeated"}
				}
			}
		}
	}
	return nil
}

// atoi reads a decimal integer with an optional leading '-' (1..4 digits
// are enough for every CIMD2 integer; more digits are refused so nothing
// can overflow).
func atoi(v []byte) (int, bool) {
	neg := false
	if len(v) > 0 && v[0] == '-' {
		neg, v = true, v[1:]
	}
	if len(v) == 0 || len(v) > 9 || !allDigits(v) {
		return 0, false
	}
	n := 0
	for _, c := range v {
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// Atoi reads an integer parameter value as Check accepts it.
func Atoi(v []byte) (int, bool) { return atoi(v) }

func allDigits(v []byte) bool {
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// reservedIndex is the index of the first STX, ETX or TAB in v, or -1.
func reservedIndex(v []byte) int {
	for i, c := range v {
		if c == STX || c == ETX || c == TAB {
			return i
		}
	}
	return -1
}

// ValidValue reports whether s can be written as a parameter value: no
// NUL, STX, ETX or TAB (the spec reserves them).
func ValidValue(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0, STX, ETX, TAB:
			return false
		}
	}
	return true
}
