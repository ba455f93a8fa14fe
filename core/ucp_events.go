package core

import (
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// UCP/EMI event arguments. Names follow the reference component's CIMD2
// class (the UCP class is shaped like it); times are time.Time (the C API
// passes Unix milliseconds UTC, 0 = not set).
//
// UCP times on the wire (DDT, VP, SCTS, DSCTS) are the SMSC's local time
// without a zone; the server reads and writes them in the zone given by the
// ExtendedParameters key time-zone of UcpInitializeServer (default: the
// machine's local zone, as the reference says).

// UcpLoginReceivedEventArgs: an OT 60 session management operation (open
// session, change password, ...). Answer with UcpSendLoginResponse.
type UcpLoginReceivedEventArgs struct {
	Reply
	ClientID          int32
	TransactionNumber uint32
	UserIdentity      string // OAdC: the account of the client (Kannel: smsc-username)
	Originator        string // the same OAdC (reference name)
	Password          string // PWD, decoded from IRA hex; given as sent when it is not hex
	NewPassword       string // NPWD (STYP 3 / 6), decoded like Password
	OTON              uint8  // 1 international, 2 national, 6 abbreviated; 0 = empty
	ONPI              uint8  // 1 E.164, 3 X.121, 5 private; 0 = empty
	STYP              uint8  // 1 open session, 3 change password, 4 open provisioning session, 6 change provisioning password
	VERS              string // "0100"
	OPID              string // originator protocol id: "00" mobile station, "39" PC application
	// ExtendedParameters: ucp.OT=60 and every other non-empty field
	// (ucp.LAdC, ucp.LTON, ucp.LNPI, ucp.RES1, ucp.field13... for fields beyond the 12th).
	ExtendedParameters string
}

// UcpSubmitMessageReceivedEventArgs: one OT 51 submit (every part of a long
// message) or OT 01 call input. Answer with UcpSendSubmitMessageResponse.
type UcpSubmitMessageReceivedEventArgs struct {
	Reply
	ClientID          int32
	TransactionNumber uint32
	Destination       string // AdC
	Originator        string // OAdC; an alphanumeric OAdC (OTOA 5039) decoded to text
	Content           string // decoded text; hex for 8-bit data (et8BitHexadecimal, etWAPPushOrMMS)
	Encoding          sms.Encoding
	Options           sms.SubmitOption // NRq, MCLs / XSer DCS class, RPID 0064 (zero SMS), DDT/VP flags
	UserDataHeader    string           // XSer type 01 in hex, UDHL included; "" when none
	DeliveryTime      time.Time        // DDT (absolute, SoDeliveryTimeAbsolute); zero when none
	ValidityPeriod    time.Time        // VP (absolute, SoValidityPeriodAbsolute); zero when none
	// ExtendedParameters: ucp.OT=51 (or 01), then every other non-empty field
	// by its spec name with its value as received — ucp.NRq, ucp.NT, ucp.NAdC,
	// ucp.NPID, ucp.DD, ucp.DDT, ucp.VP, ucp.RPID, ucp.PR, ucp.MCLs, ucp.OTOA,
	// ucp.XSer (the whole field, hex), ... — and ucp.field34=... for fields
	// beyond the 33rd. AdC, OAdC, MT, NB and the message itself are the typed
	// fields above and not repeated.
	ExtendedParameters string
}

// UcpSubmitMessageCompletedEventArgs: a whole message once all its parts
// arrived (at once for a single-part message). Content is the parts'
// data joined and decoded once; UserDataHeader is what remains of the UDH
// without the concatenation IE; the other fields (Options, times,
// ExtendedParameters) are those of the first part — Kannel sends NRq on the
// first part only — and Options has SoRequestStatusReport when any part
// asked for a report.
type UcpSubmitMessageCompletedEventArgs struct {
	UcpSubmitMessageReceivedEventArgs
	TransactionNumbers []uint32 // of the parts, in part order
	// TimeStamps are the SCTS the host gave each part's positive answer
	// (UcpSendSubmitMessageResponse), in part order: the identities to use
	// in UcpSendDeliverStatusReport. A part not answered positively by the
	// time this event runs (answered later, or with an error) has the zero
	// time. Answering inside OnUcpSubmitMessageReceived guarantees them.
	TimeStamps []time.Time
}

// UcpSubmitMessageIncompleteEventArgs (beyond the reference): a multipart
// message was dropped because its remaining parts did not arrive within
// reassembly-timeout, or because the connection ended.
type UcpSubmitMessageIncompleteEventArgs struct {
	ClientID           int32
	Originator         string
	Destination        string
	Reference          uint16
	Total              int32
	Received           int32
	TransactionNumbers []uint32
	TimeStamps         []time.Time
}

// UcpDeliverResponseReceivedEventArgs: the client's result for an OT 52
// (message) or 53 (status report) the server sent with TransactionNumber.
type UcpDeliverResponseReceivedEventArgs struct {
	ClientID          int32
	TransactionNumber uint32
	OperationType     uint32 // 52 or 53
	ErrorCode         uint32 // 0 for an ACK, the EC of a NACK
	ErrorMessage      string // the result's SM field (ACK or NACK)
	// ExtendedParameters: ucp.MVP=... when an ACK carried one.
	ExtendedParameters string
}

// UcpRAWReceivedEventArgs: a frame no typed event decodes — an operation the
// library does not handle (answer it with UcpSendRAW, which sends a result
// for a pending operation) or a result nothing else expects.
type UcpRAWReceivedEventArgs struct {
	Reply
	ClientID          int32
	TransactionNumber uint32
	OperationType     uint32
	IsResult          bool   // the frame is a result (R), not an operation (O)
	Payload           string // the data part (every field followed by '/') in hex
}

// UcpTraceProtocolEventArgs: every frame in either direction.
type UcpTraceProtocolEventArgs struct {
	ClientID      int32
	FromAddress   string // "ip:port"
	ToAddress     string
	Operation     uint32 // OT (0 when unreadable)
	OperationType uint32 // TRN (0 when unreadable)
	PDU           string // whole frame, STX and ETX included, hex
}

// UCPHandlers holds the host's event handlers. A nil handler means the library's
// default (docs/api.md, "Events"; details on UCPServer). Handlers run on the
// connection's goroutine (direct mode) or inside DispatchEvents (pumped mode);
// they may call any method of the server.
type UCPHandlers struct {
	OnTcpConnected               func(*TcpConnectedEventArgs)
	OnTcpDisconnected            func(*TcpDisconnectedEventArgs)
	OnUcpLoginReceived           func(*UcpLoginReceivedEventArgs)
	OnUcpSubmitMessageReceived   func(*UcpSubmitMessageReceivedEventArgs)
	OnUcpSubmitMessageCompleted  func(*UcpSubmitMessageCompletedEventArgs)
	OnUcpSubmitMessageIncomplete func(*UcpSubmitMessageIncompleteEventArgs)
	OnUcpDeliverResponseReceived func(*UcpDeliverResponseReceivedEventArgs)
	OnUcpRAWReceived             func(*UcpRAWReceivedEventArgs)
	OnUcpTraceProtocol           func(*UcpTraceProtocolEventArgs)
}
