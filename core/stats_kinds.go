package core

import (
	"github.com/smscserver/libsmscserver/codec/cimd2"
	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/ucp"
)

// StatKinds is the size of the per-kind PDU counters of Statistics: room
// for every protocol's kinds, so the C struct keeps its size when a kind
// is added. Kind 0 is "other" in every protocol: whatever has no kind of
// its own.
const StatKinds = 32

// The PDU kinds of each protocol: Statistics.PDUsIn[k] and PDUsOut[k]
// count the PDUs of kind k, and StatKindNames(protocol)[k] names it.
var (
	smppKindNames = []string{"other",
		"bind", "bind_resp", "unbind", "unbind_resp",
		"submit_sm", "submit_sm_resp", "submit_multi", "submit_multi_resp",
		"data_sm", "data_sm_resp", "deliver_sm", "deliver_sm_resp",
		"query_sm", "query_sm_resp", "cancel_sm", "cancel_sm_resp",
		"replace_sm", "replace_sm_resp", "enquire_link", "enquire_link_resp",
		"generic_nack"}
	// UCP: an operation by its OT, and its result as ACK or NACK.
	ucpKindNames = []string{"other",
		"01", "01_ack", "01_nack", "31", "31_ack", "31_nack",
		"51", "51_ack", "51_nack", "52", "52_ack", "52_nack",
		"53", "53_ack", "53_nack", "60", "60_ack", "60_nack"}
	cimd2KindNames = []string{"other",
		"login", "login_resp", "logout", "logout_resp", "submit", "submit_resp",
		"deliver_message", "deliver_message_resp",
		"deliver_status_report", "deliver_status_report_resp",
		"alive", "alive_resp", "general_error", "nack"}
)

// StatKindNames returns the names of a protocol's PDU kinds ("smpp",
// "ucp", "cimd2"), indexed by kind; nil for another name. The slice is
// the caller's.
func StatKindNames(protocol string) []string {
	var n []string
	switch protocol {
	case "smpp":
		n = smppKindNames
	case "ucp":
		n = ucpKindNames
	case "cimd2":
		n = cimd2KindNames
	default:
		return nil
	}
	return append([]string(nil), n...)
}

func smppKind(id smpp.CommandID) int {
	switch id {
	case smpp.CmdBindReceiver, smpp.CmdBindTransmitter, smpp.CmdBindTransceiver:
		return 1
	case smpp.CmdBindReceiverResp, smpp.CmdBindTransmitterResp, smpp.CmdBindTransceiverResp:
		return 2
	case smpp.CmdUnbind:
		return 3
	case smpp.CmdUnbindResp:
		return 4
	case smpp.CmdSubmitSM:
		return 5
	case smpp.CmdSubmitSMResp:
		return 6
	case smpp.CmdSubmitMulti:
		return 7
	case smpp.CmdSubmitMultiResp:
		return 8
	case smpp.CmdDataSM:
		return 9
	case smpp.CmdDataSMResp:
		return 10
	case smpp.CmdDeliverSM:
		return 11
	case smpp.CmdDeliverSMResp:
		return 12
	case smpp.CmdQuerySM:
		return 13
	case smpp.CmdQuerySMResp:
		return 14
	case smpp.CmdCancelSM:
		return 15
	case smpp.CmdCancelSMResp:
		return 16
	case smpp.CmdReplaceSM:
		return 17
	case smpp.CmdReplaceSMResp:
		return 18
	case smpp.CmdEnquireLink:
		return 19
	case smpp.CmdEnquireLinkResp:
		return 20
	case smpp.CmdGenericNack:
		return 21
	}
	return 0
}

// ucpKind classifies a frame from its fixed-width header,
// STX TRN(2) / LEN(5) / O|R / OT(2) / [A|N /], so that a frame is counted
// by what it is even when its body does not decode. nack reports a NACK.
func ucpKind(f []byte) (kind int, nack bool) {
	if len(f) < 16 || f[0] != ucp.STX || f[11] != '/' || f[14] != '/' {
		return 0, false
	}
	base := 0
	switch string(f[12:14]) {
	case "01":
		base = 1
	case "31":
		base = 4
	case "51":
		base = 7
	case "52":
		base = 10
	case "53":
		base = 13
	case "60":
		base = 16
	}
	nack = f[10] == 'R' && f[15] == 'N'
	if base == 0 {
		return 0, nack
	}
	switch {
	case f[10] == 'O':
		return base, false
	case f[15] == 'A':
		return base + 1, false
	case nack:
		return base + 2, true
	}
	return 0, false
}

func cimd2Kind(op int) int {
	switch op {
	case cimd2.OpLogin:
		return 1
	case cimd2.OpLoginResponse:
		return 2
	case cimd2.OpLogout:
		return 3
	case cimd2.OpLogoutResponse:
		return 4
	case cimd2.OpSubmit:
		return 5
	case cimd2.OpSubmitResponse:
		return 6
	case cimd2.OpDeliverMessage:
		return 7
	case cimd2.OpDeliverMessageResponse:
		return 8
	case cimd2.OpDeliverStatusReport:
		return 9
	case cimd2.OpDeliverStatusReportResponse:
		return 10
	case cimd2.OpAlive:
		return 11
	case cimd2.OpAliveResponse:
		return 12
	case cimd2.OpGeneralError:
		return 13
	case cimd2.OpNack:
		return 14
	}
	return 0
}

// Latency classes of each protocol's requests.
func smppLatencyClass(cmd uint32) int {
	switch smpp.CommandID(cmd) {
	case smpp.CmdBindReceiver, smpp.CmdBindTransmitter, smpp.CmdBindTransceiver:
		return LatencyLogin
	case smpp.CmdSubmitSM, smpp.CmdSubmitMulti, smpp.CmdDataSM:
		return LatencySubmit
	}
	return LatencyOther
}

func ucpLatencyClass(ot uint32) int {
	switch ot {
	case ucp.OTSessionManagement:
		return LatencyLogin
	case ucp.OTSubmitSM, ucp.OTCallInput:
		return LatencySubmit
	}
	return LatencyOther
}

func cimd2LatencyClass(op uint32) int {
	switch op {
	case cimd2.OpLogin:
		return LatencyLogin
	case cimd2.OpSubmit:
		return LatencySubmit
	}
	return LatencyOther
}
