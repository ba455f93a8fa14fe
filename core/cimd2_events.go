package core

import (
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// CIMD2 event arguments. Field names follow the reference component
// (SMSCserverCIMD2); fields marked "beyond the reference" are additions.
// Times are time.Time (the C ABI passes Unix milliseconds UTC, 0 = none).

// Cimd2LoginReceivedEventArgs: a login (01). Answer with Cimd2SendLoginResponse.
type Cimd2LoginReceivedEventArgs struct {
	Reply
	ClientID           int32
	TransactionNumber  uint32
	UserIdentity       string // 010
	Password           string // 011
	ExtendedParameters string // beyond the reference: other parameters, "cimd2.019=8;cimd2.012=1"
}

// Cimd2LogoutReceivedEventArgs (beyond the reference): a logout (02). The
// library has already answered it (52) and closes the connection once the
// answer is written; the event only informs.
type Cimd2LogoutReceivedEventArgs struct {
	ClientID          int32
	TransactionNumber uint32
}

// Cimd2SubmitMessageReceivedEventArgs: one submit message (03), every part
// of a long message. Answer with Cimd2SendSubmitMessageResponse.
type Cimd2SubmitMessageReceivedEventArgs struct {
	Reply
	ClientID          int32
	TransactionNumber uint32
	Destination       string           // 021; several destinations joined by ';'
	Originator        string           // 023, or 027 (alphanumeric) when 023 is absent
	Content           string           // 033 decoded from CIMD escapes; 034 as text (UCS-2) or hex (8-bit)
	Encoding          sms.Encoding     // from 030 and which user data parameter was used
	Options           sms.SubmitOption // 056 report request, 030 class, 052 PID 0x40, time flags
	UserDataHeader    string           // 032, hex incl. UDHL; "" when none
	DeliveryTime      time.Time        // 053 / 054; zero when none (see Options)
	ValidityPeriod    time.Time        // 050 / 051; zero when none (see Options)
	// Every received parameter except 021, 023, 032, 033 and 034, in the
	// order received: "cimd2.056=14;cimd2.055=0;cimd2.044=0".
	ExtendedParameters string
}

// Cimd2SubmitMessageCompletedEventArgs: a whole message (a single-part one
// too). It fires once every part has arrived and every part handed to
// OnCimd2SubmitMessageReceived has been answered — by the host, by a
// Decline, or by the library after response-timeout — so TimeStamps holds
// the 060 time stamp sent back for each part (zero for a part refused with
// an error), and it always follows the Received events of its parts. With
// no OnCimd2SubmitMessageReceived handler it fires as soon as the last part
// arrives, with zero TimeStamps, and the host answers the parts by
// TransactionNumbers. The header fields (originator, options, extended
// parameters, TransactionNumber) are part 1's; Options asks for a status
// report if any part did. A message the connection loses before its parts
// are answered is not reported: the client got no confirmation and sends
// it again.
type Cimd2SubmitMessageCompletedEventArgs struct {
	Cimd2SubmitMessageReceivedEventArgs
	TimeStamps         []time.Time // of the parts, in part order
	TransactionNumbers []uint32    // beyond the reference: of the parts, in part order
}

// Cimd2SubmitMessageIncompleteEventArgs (beyond the reference): a multipart
// message dropped because its remaining parts did not arrive within
// reassembly-timeout, or because the connection ended.
type Cimd2SubmitMessageIncompleteEventArgs struct {
	ClientID           int32
	Originator         string
	Destination        string
	Reference          uint16
	Total              int32
	Received           int32
	TransactionNumbers []uint32
}

// Cimd2DeliverResponseReceivedEventArgs: the client's answer to a deliver
// message (70) or status report (73) sent with TransactionNumber, or a NACK
// (99) / general error (98) for it.
type Cimd2DeliverResponseReceivedEventArgs struct {
	ClientID          int32
	TransactionNumber uint32
	// ErrorCode is 900 of the answer; 0 = accepted. A NACK without 900 is
	// reported as 2 (syntax error): the client did not take the packet.
	ErrorCode          uint32
	Code               int32  // beyond the reference: 70, 73, 98 or 99
	ErrorMessage       string // beyond the reference: 901
	ExtendedParameters string // beyond the reference: other parameters, "cimd2.<code>=<value>"
}

// Cimd2RAWReceivedEventArgs: a packet no typed event decodes — requests the
// library has no event for (04 enquire message status, 05 delivery request,
// 06 cancel, 08 set, 09 get, unknown codes) once logged in, and unexpected
// responses. A request must be answered (Cimd2SendRAW with Code+50, or 98),
// or the library answers it as if no handler were registered.
type Cimd2RAWReceivedEventArgs struct {
	Reply
	ClientID          int32
	TransactionNumber uint32
	Code              int32  // operation code
	Payload           string // hex of the parameters as on the wire, "PPP:value<TAB>..." (no header, checksum, ETX)
}

// Cimd2TraceProtocolEventArgs: every packet in either direction.
type Cimd2TraceProtocolEventArgs struct {
	ClientID      int32
	FromAddress   string // "ip:port"
	ToAddress     string
	Operation     uint32 // operation code (0xFFFFFFFF when the header was unreadable)
	OperationType uint32 // packet (transaction) number (0xFFFFFFFF when unreadable)
	PDU           string // whole packet STX..ETX, hex
}

// CIMD2Handlers holds the host's event handlers. A nil handler means the
// library's default (docs/api.md, "Events"). Handlers run on the connection's
// goroutine (direct mode) or inside DispatchEvents (pumped mode); they may
// call any method of the server.
type CIMD2Handlers struct {
	OnTcpConnected                 func(*TcpConnectedEventArgs)
	OnTcpDisconnected              func(*TcpDisconnectedEventArgs)
	OnCimd2RAWReceived             func(*Cimd2RAWReceivedEventArgs)
	OnCimd2LoginReceived           func(*Cimd2LoginReceivedEventArgs)
	OnCimd2LogoutReceived          func(*Cimd2LogoutReceivedEventArgs)
	OnCimd2DeliverResponseReceived func(*Cimd2DeliverResponseReceivedEventArgs)
	OnCimd2SubmitMessageReceived   func(*Cimd2SubmitMessageReceivedEventArgs)
	OnCimd2SubmitMessageCompleted  func(*Cimd2SubmitMessageCompletedEventArgs)
	OnCimd2SubmitMessageIncomplete func(*Cimd2SubmitMessageIncompleteEventArgs)
	OnCimd2TraceProtocol           func(*Cimd2TraceProtocolEventArgs)
}
