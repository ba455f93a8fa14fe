package smpp

import "fmt"

// CommandID is the command_id header field. Bit 31 marks a response.
type CommandID uint32

// respBit is set in the command_id of every response (and of generic_nack).
const respBit CommandID = 0x80000000

// Command ids (SMPP 3.4 §5.1.2, 5.0 for the broadcast family). The Cmd prefix
// keeps them apart from the body types of the same spec name (QuerySM,
// SubmitMulti, DataSM, ...).
const (
	CmdGenericNack       CommandID = 0x80000000
	CmdBindReceiver      CommandID = 0x00000001
	CmdBindTransmitter   CommandID = 0x00000002
	CmdQuerySM           CommandID = 0x00000003
	CmdSubmitSM          CommandID = 0x00000004
	CmdDeliverSM         CommandID = 0x00000005
	CmdUnbind            CommandID = 0x00000006
	CmdReplaceSM         CommandID = 0x00000007
	CmdCancelSM          CommandID = 0x00000008
	CmdBindTransceiver   CommandID = 0x00000009 // 3.4+
	CmdOutbind           CommandID = 0x0000000B // 3.4+, no response
	CmdEnquireLink       CommandID = 0x00000015
	CmdSubmitMulti       CommandID = 0x00000021
	CmdAlertNotification CommandID = 0x00000102 // 3.4+, no response
	CmdDataSM            CommandID = 0x00000103 // 3.4+
	CmdBroadcastSM       CommandID = 0x00000111 // 5.0
	CmdQueryBroadcastSM  CommandID = 0x00000112 // 5.0
	CmdCancelBroadcastSM CommandID = 0x00000113 // 5.0

	CmdBindReceiverResp      = CmdBindReceiver | respBit
	CmdBindTransmitterResp   = CmdBindTransmitter | respBit
	CmdQuerySMResp           = CmdQuerySM | respBit
	CmdSubmitSMResp          = CmdSubmitSM | respBit
	CmdDeliverSMResp         = CmdDeliverSM | respBit
	CmdUnbindResp            = CmdUnbind | respBit
	CmdReplaceSMResp         = CmdReplaceSM | respBit
	CmdCancelSMResp          = CmdCancelSM | respBit
	CmdBindTransceiverResp   = CmdBindTransceiver | respBit
	CmdEnquireLinkResp       = CmdEnquireLink | respBit
	CmdSubmitMultiResp       = CmdSubmitMulti | respBit
	CmdDataSMResp            = CmdDataSM | respBit
	CmdBroadcastSMResp       = CmdBroadcastSM | respBit
	CmdQueryBroadcastSMResp  = CmdQueryBroadcastSM | respBit
	CmdCancelBroadcastSMResp = CmdCancelBroadcastSM | respBit
)

var commandNames = map[CommandID]string{
	CmdGenericNack:           "generic_nack",
	CmdBindReceiver:          "bind_receiver",
	CmdBindReceiverResp:      "bind_receiver_resp",
	CmdBindTransmitter:       "bind_transmitter",
	CmdBindTransmitterResp:   "bind_transmitter_resp",
	CmdQuerySM:               "query_sm",
	CmdQuerySMResp:           "query_sm_resp",
	CmdSubmitSM:              "submit_sm",
	CmdSubmitSMResp:          "submit_sm_resp",
	CmdDeliverSM:             "deliver_sm",
	CmdDeliverSMResp:         "deliver_sm_resp",
	CmdUnbind:                "unbind",
	CmdUnbindResp:            "unbind_resp",
	CmdReplaceSM:             "replace_sm",
	CmdReplaceSMResp:         "replace_sm_resp",
	CmdCancelSM:              "cancel_sm",
	CmdCancelSMResp:          "cancel_sm_resp",
	CmdBindTransceiver:       "bind_transceiver",
	CmdBindTransceiverResp:   "bind_transceiver_resp",
	CmdOutbind:               "outbind",
	CmdEnquireLink:           "enquire_link",
	CmdEnquireLinkResp:       "enquire_link_resp",
	CmdSubmitMulti:           "submit_multi",
	CmdSubmitMultiResp:       "submit_multi_resp",
	CmdAlertNotification:     "alert_notification",
	CmdDataSM:                "data_sm",
	CmdDataSMResp:            "data_sm_resp",
	CmdBroadcastSM:           "broadcast_sm",
	CmdBroadcastSMResp:       "broadcast_sm_resp",
	CmdQueryBroadcastSM:      "query_broadcast_sm",
	CmdQueryBroadcastSMResp:  "query_broadcast_sm_resp",
	CmdCancelBroadcastSM:     "cancel_broadcast_sm",
	CmdCancelBroadcastSMResp: "cancel_broadcast_sm_resp",
}

// String returns the spec name ("submit_sm", "bind_transceiver_resp");
// undefined ids print as "command_id(0x00000042)".
func (c CommandID) String() string {
	if n, ok := commandNames[c]; ok {
		return n
	}
	return fmt.Sprintf("command_id(0x%08X)", uint32(c))
}

// Known reports whether c is a command id defined by SMPP 3.4 or 5.0. A
// server answers an unknown id with generic_nack ESME_RINVCMDID.
func (c CommandID) Known() bool {
	_, ok := commandNames[c]
	return ok
}

// IsResponse reports whether bit 31 is set (responses and generic_nack).
// A server never answers such a PDU.
func (c CommandID) IsResponse() bool { return c&respBit != 0 }

// Response returns the id of the response to request c. It is only
// meaningful when c.HasResponse().
func (c CommandID) Response() CommandID { return c | respBit }

// HasResponse reports whether c is a request that gets a response:
// every known request except outbind and alert_notification.
func (c CommandID) HasResponse() bool {
	return !c.IsResponse() && c != CmdOutbind && c != CmdAlertNotification && c.Known()
}
