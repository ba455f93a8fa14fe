package cimd2

// Operation codes (docs/protocols.md, "CIMD2 / Operation codes"). A response is the request's code
// plus OpResponse; a negative response carries 900 (error code) and
// optionally 901 (error text).
const (
	OpLogin                = 1
	OpLogout               = 2
	OpSubmit               = 3
	OpEnquireMessageStatus = 4
	OpDeliveryRequest      = 5
	OpCancel               = 6
	OpSet                  = 8
	OpGet                  = 9
	OpDeliverMessage       = 20
	OpDeliverStatusReport  = 23
	OpAlive                = 40

	OpResponse = 50 // added to a request code gives its response code

	OpLoginResponse                = 51
	OpLogoutResponse               = 52
	OpSubmitResponse               = 53
	OpEnquireMessageStatusResponse = 54
	OpDeliveryRequestResponse      = 55
	OpCancelResponse               = 56
	OpSetResponse                  = 58
	OpGetResponse                  = 59
	OpDeliverMessageResponse       = 70
	OpDeliverStatusReportResponse  = 73
	OpAliveResponse                = 90
	OpGeneralError                 = 98 // SMSC -> application: unexpected operation
	OpNack                         = 99 // either way: the packet could not be understood
)

var opNames = map[int]string{
	OpLogin: "login", OpLogout: "logout", OpSubmit: "submit message",
	OpEnquireMessageStatus: "enquire message status", OpDeliveryRequest: "delivery request",
	OpCancel: "cancel message", OpSet: "set", OpGet: "get",
	OpDeliverMessage: "deliver message", OpDeliverStatusReport: "deliver status report",
	OpAlive: "alive", OpGeneralError: "general error response", OpNack: "nack",
}

// OpName is a readable name for an operation code ("submit message",
// "submit message response"); "" for codes CIMD2 does not define.
func OpName(op int) string {
	if n, ok := opNames[op]; ok {
		return n
	}
	if IsResponse(op) {
		return opNames[op-OpResponse] + " response"
	}
	return ""
}

// IsClientRequest reports whether an application (client) may send op as a
// request: 01..09 (not 07) and 40 alive.
func IsClientRequest(op int) bool {
	switch op {
	case OpLogin, OpLogout, OpSubmit, OpEnquireMessageStatus, OpDeliveryRequest,
		OpCancel, OpSet, OpGet, OpAlive:
		return true
	}
	return false
}

// IsServerRequest reports whether an SMSC (server) may send op as a request:
// 20 deliver message, 23 deliver status report and 40 alive.
func IsServerRequest(op int) bool {
	return op == OpDeliverMessage || op == OpDeliverStatusReport || op == OpAlive
}

// IsResponse reports whether op is the response to a request CIMD2 defines
// (51..59, 70, 73, 90). 98 and 99 are answers too, but to no particular
// request: test them separately.
func IsResponse(op int) bool {
	r := op - OpResponse
	return r > 0 && (IsClientRequest(r) || IsServerRequest(r))
}

// Error codes of parameter 900 a server commonly sends (docs/protocols.md,
// "CIMD2 / Error codes (900)").
const (
	ErrCodeNone                  = 0
	ErrCodeUnexpectedOperation   = 1
	ErrCodeSyntax                = 2
	ErrCodeUnsupportedParameter  = 3
	ErrCodeConnectionLost        = 4
	ErrCodeNoResponse            = 5
	ErrCodeGeneralSystem         = 6
	ErrCodeCannotFindInformation = 7
	ErrCodeParameterFormatting   = 8
	ErrCodeOperationFailed       = 9
	ErrCodeCongestion            = 10
	ErrCodeInvalidLogin          = 100
	ErrCodeDestination           = 300
	ErrCodeDestinationCount      = 301
	ErrCodeUserDataSyntax        = 302
	ErrCodeUserDataCombination   = 303
	ErrCodeDCS                   = 304
	ErrCodeValidityPeriod        = 305
	ErrCodeOriginator            = 306
	ErrCodePID                   = 307
	ErrCodeFirstDelivery         = 308
)

var errorTexts = map[int]string{
	0: "No error", 1: "Unexpected operation", 2: "Syntax error", 3: "Unsupported parameter error",
	4: "Connection to message center lost", 5: "No response from message center",
	6: "General system error", 7: "Cannot find information", 8: "Parameter formatting error",
	9: "Requested operation failed", 10: "Temporary congestion error",
	100: "Invalid login", 101: "Incorrect access type", 102: "Too many users with this login id",
	103: "Login refused by message center", 104: "Invalid window size", 105: "Windowing disabled",
	106: "Virtual SMS center-based barring", 107: "Invalid subaddr", 108: "Alias account, login refused",
	300: "Incorrect destination address", 301: "Incorrect number of destination addresses",
	302: "Syntax error in user data parameter", 303: "Incorrect bin/head/normal user data parameter combination",
	304: "Incorrect data coding scheme parameter usage", 305: "Incorrect validity period parameters usage",
	306: "Incorrect originator address usage", 307: "Incorrect pid parameter usage",
	308: "Incorrect first delivery parameter usage", 309: "Incorrect reply path usage",
	310: "Incorrect status report request parameter usage", 311: "Incorrect cancel enabled parameter usage",
	312: "Incorrect priority parameter usage", 313: "Incorrect tariff class parameter usage",
	314: "Incorrect service description parameter usage", 315: "Incorrect transport type parameter usage",
	316: "Incorrect message type parameter usage", 318: "Incorrect MMs parameter usage",
	319: "Incorrect operation timer parameter usage", 320: "Incorrect dialogue ID parameter usage",
	321: "Incorrect alphanumeric originator address usage", 322: "Invalid data for alphanumeric originator",
	323: "Online closed user group rejection", 324: "Licence expired",
	400: "Incorrect address parameter usage", 401: "Incorrect scts parameter usage",
	500: "Incorrect scts parameter usage", 501: "Incorrect mode parameter usage",
	502: "Incorrect parameter combination",
	600: "Incorrect scts parameter usage", 601: "Incorrect address parameter usage",
	602: "Incorrect mode parameter usage", 603: "Incorrect parameter combination",
	800: "Changing password failed", 801: "Changing password not allowed",
	900: "Unsupported item requested",
}

// ErrorText is the spec's text for a 900 error code, "" when unknown. Every
// text fits parameter 901 (64 characters).
func ErrorText(code int) string { return errorTexts[code] }
