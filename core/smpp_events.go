package core

import (
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
)

// BindMode is smppBindModeEnum (docs/api.md, "Enumerations").
type BindMode int32

const (
	BmTransmitter BindMode = 0
	BmReceiver    BindMode = 1
	BmTransceiver BindMode = 2
)

func (m BindMode) Valid() bool { return m >= BmTransmitter && m <= BmTransceiver }

// ReportType is smppReportTypeEnum (docs/api.md, "Enumerations").
type ReportType int32

const (
	RtFinal        ReportType = 0
	RtIntermediate ReportType = 1
)

// MessageState is smppMessageStateEnum (docs/api.md, "Enumerations"): SMPP
// message_state.
type MessageState int32

const (
	MsScheduled     MessageState = 0 // SMPP 5.0
	MsEnroute       MessageState = 1
	MsDelivered     MessageState = 2
	MsExpired       MessageState = 3
	MsDeleted       MessageState = 4
	MsUndeliverable MessageState = 5
	MsAccepted      MessageState = 6
	MsUnknown       MessageState = 7
	MsRejected      MessageState = 8
	MsSkipped       MessageState = 9 // SMPP 5.0
)

// SmppLoginReceivedEventArgs: a bind_transmitter/receiver/transceiver.
// Answer with SmppSendLoginResponse.
type SmppLoginReceivedEventArgs struct {
	Reply
	ClientID         int32
	SequenceNumber   uint32
	SystemID         string
	Password         string
	SystemType       string
	InterfaceVersion uint8 // 0x33 or lower = 3.3, 0x34 = 3.4, 0x50 = 5.0
	AddressTON       uint8
	AddressNPI       uint8
	AddressRange     string
	BindMode         BindMode
}

// SmppLogoutReceivedEventArgs: an unbind. Answer with SmppSendLogoutResponse.
type SmppLogoutReceivedEventArgs struct {
	Reply
	ClientID       int32
	SequenceNumber uint32
}

// SmppSubmitMessageReceivedEventArgs: one submit_sm, submit_multi or data_sm
// (every part of a long message). Answer with SmppSendSubmitMessageResponse.
type SmppSubmitMessageReceivedEventArgs struct {
	Reply
	ClientID           int32
	SequenceNumber     uint32
	Destination        string // submit_multi: all destinations joined by ';'
	DestinationTON     uint8
	DestinationNPI     uint8
	Originator         string
	OriginatorTON      uint8
	OriginatorNPI      uint8
	Content            string // decoded text; hex for 8-bit data
	Encoding           sms.Encoding
	UserDataHeader     string // hex, including the UDHL octet; "" when none
	Options            sms.SubmitOption
	DeliveryTime       time.Time // zero when none; see Options for relative/absolute
	ValidityPeriod     time.Time
	ServiceType        string
	ProtocolID         uint8
	Priority           uint8
	DataCoding         uint8
	RegisteredDelivery uint8
	EsmClass           uint8
	ExtendedParameters string // "smpp.command=submit_sm;smpp.tlv.<name>=<hex>;..."
}

// SmppSubmitMessageCompletedEventArgs: a whole message, once all its parts
// arrived (at once for a single-part message).
type SmppSubmitMessageCompletedEventArgs struct {
	SmppSubmitMessageReceivedEventArgs
	SequenceNumbers []uint32 // of the parts, in part order
}

// SmppSubmitMessageIncompleteEventArgs (beyond the reference): a multipart
// message was dropped because its remaining parts did not arrive within
// reassembly-timeout, or because the connection ended.
type SmppSubmitMessageIncompleteEventArgs struct {
	ClientID        int32
	Originator      string
	Destination     string
	Reference       uint16
	Total           int32
	Received        int32
	SequenceNumbers []uint32
}

// SmppDeliverResponseReceivedEventArgs: deliver_sm_resp (or a generic_nack)
// for a message or status report sent with SequenceNumber.
type SmppDeliverResponseReceivedEventArgs struct {
	ClientID           int32
	SequenceNumber     uint32
	Status             uint32
	MessageID          string
	ExtendedParameters string
}

// SmppRAWReceivedEventArgs: a PDU that no typed event decodes.
type SmppRAWReceivedEventArgs struct {
	Reply
	ClientID       int32
	SequenceNumber uint32
	CommandID      uint32
	CommandStatus  uint32
	Payload        string // body after the 16-octet header, hex
}

// SmppTraceProtocolEventArgs: every PDU in either direction.
type SmppTraceProtocolEventArgs struct {
	ClientID      int32
	FromAddress   string // "ip:port"
	ToAddress     string
	Operation     uint32 // command_id
	OperationType uint32 // sequence_number
	PDU           string // whole PDU, hex
}

// SmppQueryReceivedEventArgs: query_sm. Answer with SmppSendQueryResponse.
type SmppQueryReceivedEventArgs struct {
	Reply
	ClientID       int32
	SequenceNumber uint32
	MessageID      string
	Originator     string
	OriginatorTON  uint8
	OriginatorNPI  uint8
}

// SmppCancelReceivedEventArgs: cancel_sm. Answer with SmppSendCancelResponse.
type SmppCancelReceivedEventArgs struct {
	Reply
	ClientID       int32
	SequenceNumber uint32
	ServiceType    string
	MessageID      string
	Originator     string
	OriginatorTON  uint8
	OriginatorNPI  uint8
	Destination    string
	DestinationTON uint8
	DestinationNPI uint8
}

// SmppReplaceReceivedEventArgs: replace_sm. Answer with SmppSendReplaceResponse.
// replace_sm carries no data_coding, so Content is the new short_message in hex.
type SmppReplaceReceivedEventArgs struct {
	Reply
	ClientID           int32
	SequenceNumber     uint32
	MessageID          string
	Originator         string
	OriginatorTON      uint8
	OriginatorNPI      uint8
	DeliveryTime       time.Time
	ValidityPeriod     time.Time
	Options            sms.SubmitOption
	RegisteredDelivery uint8
	DefaultMessageID   uint8
	Content            string
}

// SMPPHandlers holds the host's event handlers. A nil handler means the
// library's default (docs/api.md, "Events"). Handlers run on the connection's
// goroutine (direct mode) or inside DispatchEvents (pumped mode); they may call
// any method of the server, including close, finalize and Destroy without wait.
type SMPPHandlers struct {
	OnTcpConnected                func(*TcpConnectedEventArgs)
	OnTcpDisconnected             func(*TcpDisconnectedEventArgs)
	OnSmppLoginReceived           func(*SmppLoginReceivedEventArgs)
	OnSmppLogoutReceived          func(*SmppLogoutReceivedEventArgs)
	OnSmppSubmitMessageReceived   func(*SmppSubmitMessageReceivedEventArgs)
	OnSmppSubmitMessageCompleted  func(*SmppSubmitMessageCompletedEventArgs)
	OnSmppSubmitMessageIncomplete func(*SmppSubmitMessageIncompleteEventArgs)
	OnSmppDeliverResponseReceived func(*SmppDeliverResponseReceivedEventArgs)
	OnSmppRAWReceived             func(*SmppRAWReceivedEventArgs)
	OnSmppTraceProtocol           func(*SmppTraceProtocolEventArgs)
	OnSmppQueryReceived           func(*SmppQueryReceivedEventArgs)
	OnSmppCancelReceived          func(*SmppCancelReceivedEventArgs)
	OnSmppReplaceReceived         func(*SmppReplaceReceivedEventArgs)
}
