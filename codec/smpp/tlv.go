package smpp

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// TLV is one optional parameter: tag, and a value that aliases the decoded
// body (length = len(Value)).
type TLV struct {
	Tag   uint16
	Value []byte
}

// TLVs is the optional part of a body, in wire order. Unknown tags are kept
// so that they can be logged, passed to the application or relayed.
type TLVs []TLV

// Get returns the value of the first TLV with the given tag.
func (t TLVs) Get(tag uint16) ([]byte, bool) {
	for i := range t {
		if t[i].Tag == tag {
			return t[i].Value, true
		}
	}
	return nil, false
}

// GetUint returns the value of the first TLV with the given tag read as a
// big-endian integer; ok is false if the tag is absent or its length is not
// 1, 2 or 4 (a GSM network_error_code, 3 octets, is not an integer).
func (t TLVs) GetUint(tag uint16) (v uint32, ok bool) {
	b, ok := t.Get(tag)
	if !ok {
		return 0, false
	}
	switch len(b) {
	case 1:
		return uint32(b[0]), true
	case 2:
		return uint32(binary.BigEndian.Uint16(b)), true
	case 4:
		return binary.BigEndian.Uint32(b), true
	}
	return 0, false
}

// AppendTo appends the TLVs in wire format. A value longer than 65535
// octets cannot be represented; Validate of the enclosing body rejects it.
func (t TLVs) AppendTo(dst []byte) []byte {
	for i := range t {
		dst = binary.BigEndian.AppendUint16(dst, t[i].Tag)
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(t[i].Value)))
		dst = append(dst, t[i].Value...)
	}
	return dst
}

// validate reports a value too long for its 16-bit length field.
func (t TLVs) validate() error {
	for i := range t {
		if len(t[i].Value) > 0xFFFF {
			return &DecodeError{Status: StatusInvTLVLen, Field: TagName(t[i].Tag), Msg: "value longer than 65535 octets"}
		}
	}
	return nil
}

// DecodeTLVs parses a TLV stream (e.g. the optional part of a body, or a
// "smpp.tlvs" hex parameter) by appending to dst[:0]; values alias b. A
// truncated TLV yields a *DecodeError with StatusInvTLVStream.
func DecodeTLVs(dst TLVs, b []byte) (TLVs, error) {
	d := decoder{b: b}
	dst = d.tlvs(dst[:0])
	return dst, d.err
}

// Optional parameter tags (SMPP 3.4 §5.3.2, 5.0 §4.8.4).
const (
	TagDestAddrSubunit          uint16 = 0x0005
	TagDestNetworkType          uint16 = 0x0006
	TagDestBearerType           uint16 = 0x0007
	TagDestTelematicsID         uint16 = 0x0008
	TagSourceAddrSubunit        uint16 = 0x000D
	TagSourceNetworkType        uint16 = 0x000E
	TagSourceBearerType         uint16 = 0x000F
	TagSourceTelematicsID       uint16 = 0x0010
	TagQosTimeToLive            uint16 = 0x0017
	TagPayloadType              uint16 = 0x0019
	TagAdditionalStatusInfoText uint16 = 0x001D
	TagReceiptedMessageID       uint16 = 0x001E
	TagMsMsgWaitFacilities      uint16 = 0x0030
	TagPrivacyIndicator         uint16 = 0x0201
	TagSourceSubaddress         uint16 = 0x0202
	TagDestSubaddress           uint16 = 0x0203
	TagUserMessageReference     uint16 = 0x0204
	TagUserResponseCode         uint16 = 0x0205
	TagSourcePort               uint16 = 0x020A
	TagDestinationPort          uint16 = 0x020B // 5.0 calls it dest_port
	TagSarMsgRefNum             uint16 = 0x020C
	TagLanguageIndicator        uint16 = 0x020D
	TagSarTotalSegments         uint16 = 0x020E
	TagSarSegmentSeqnum         uint16 = 0x020F
	TagScInterfaceVersion       uint16 = 0x0210
	TagCallbackNumPresInd       uint16 = 0x0302
	TagCallbackNumAtag          uint16 = 0x0303
	TagNumberOfMessages         uint16 = 0x0304
	TagCallbackNum              uint16 = 0x0381
	TagDpfResult                uint16 = 0x0420
	TagSetDpf                   uint16 = 0x0421
	TagMsAvailabilityStatus     uint16 = 0x0422
	TagNetworkErrorCode         uint16 = 0x0423
	TagMessagePayload           uint16 = 0x0424
	TagDeliveryFailureReason    uint16 = 0x0425
	TagMoreMessagesToSend       uint16 = 0x0426
	TagMessageState             uint16 = 0x0427
	TagCongestionState          uint16 = 0x0428 // 5.0
	TagUssdServiceOp            uint16 = 0x0501

	// 5.0 broadcast and number-portability parameters.
	TagBroadcastChannelIndicator  uint16 = 0x0600
	TagBroadcastContentType       uint16 = 0x0601
	TagBroadcastContentTypeInfo   uint16 = 0x0602
	TagBroadcastMessageClass      uint16 = 0x0603
	TagBroadcastRepNum            uint16 = 0x0604
	TagBroadcastFrequencyInterval uint16 = 0x0605
	TagBroadcastAreaIdentifier    uint16 = 0x0606
	TagBroadcastErrorStatus       uint16 = 0x0607
	TagBroadcastAreaSuccess       uint16 = 0x0608
	TagBroadcastEndTime           uint16 = 0x0609
	TagBroadcastServiceGroup      uint16 = 0x060A
	TagBillingIdentification      uint16 = 0x060B
	TagSourceNetworkID            uint16 = 0x060D
	TagDestNetworkID              uint16 = 0x060E
	TagSourceNodeID               uint16 = 0x060F
	TagDestNodeID                 uint16 = 0x0610
	TagDestAddrNpResolution       uint16 = 0x0611
	TagDestAddrNpInformation      uint16 = 0x0612
	TagDestAddrNpCountry          uint16 = 0x0613

	TagDisplayTime            uint16 = 0x1201
	TagSmsSignal              uint16 = 0x1203
	TagMsValidity             uint16 = 0x1204
	TagAlertOnMessageDelivery uint16 = 0x130C
	TagItsReplyType           uint16 = 0x1380
	TagItsSessionInfo         uint16 = 0x1383
)

var tagNames = map[uint16]string{
	TagDestAddrSubunit:            "dest_addr_subunit",
	TagDestNetworkType:            "dest_network_type",
	TagDestBearerType:             "dest_bearer_type",
	TagDestTelematicsID:           "dest_telematics_id",
	TagSourceAddrSubunit:          "source_addr_subunit",
	TagSourceNetworkType:          "source_network_type",
	TagSourceBearerType:           "source_bearer_type",
	TagSourceTelematicsID:         "source_telematics_id",
	TagQosTimeToLive:              "qos_time_to_live",
	TagPayloadType:                "payload_type",
	TagAdditionalStatusInfoText:   "additional_status_info_text",
	TagReceiptedMessageID:         "receipted_message_id",
	TagMsMsgWaitFacilities:        "ms_msg_wait_facilities",
	TagPrivacyIndicator:           "privacy_indicator",
	TagSourceSubaddress:           "source_subaddress",
	TagDestSubaddress:             "dest_subaddress",
	TagUserMessageReference:       "user_message_reference",
	TagUserResponseCode:           "user_response_code",
	TagSourcePort:                 "source_port",
	TagDestinationPort:            "destination_port",
	TagSarMsgRefNum:               "sar_msg_ref_num",
	TagLanguageIndicator:          "language_indicator",
	TagSarTotalSegments:           "sar_total_segments",
	TagSarSegmentSeqnum:           "sar_segment_seqnum",
	TagScInterfaceVersion:         "sc_interface_version",
	TagCallbackNumPresInd:         "callback_num_pres_ind",
	TagCallbackNumAtag:            "callback_num_atag",
	TagNumberOfMessages:           "number_of_messages",
	TagCallbackNum:                "callback_num",
	TagDpfResult:                  "dpf_result",
	TagSetDpf:                     "set_dpf",
	TagMsAvailabilityStatus:       "ms_availability_status",
	TagNetworkErrorCode:           "network_error_code",
	TagMessagePayload:             "message_payload",
	TagDeliveryFailureReason:      "delivery_failure_reason",
	TagMoreMessagesToSend:         "more_messages_to_send",
	TagMessageState:               "message_state",
	TagCongestionState:            "congestion_state",
	TagUssdServiceOp:              "ussd_service_op",
	TagBroadcastChannelIndicator:  "broadcast_channel_indicator",
	TagBroadcastContentType:       "broadcast_content_type",
	TagBroadcastContentTypeInfo:   "broadcast_content_type_info",
	TagBroadcastMessageClass:      "broadcast_message_class",
	TagBroadcastRepNum:            "broadcast_rep_num",
	TagBroadcastFrequencyInterval: "broadcast_frequency_interval",
	TagBroadcastAreaIdentifier:    "broadcast_area_identifier",
	TagBroadcastErrorStatus:       "broadcast_error_status",
	TagBroadcastAreaSuccess:       "broadcast_area_success",
	TagBroadcastEndTime:           "broadcast_end_time",
	TagBroadcastServiceGroup:      "broadcast_service_group",
	TagBillingIdentification:      "billing_identification",
	TagSourceNetworkID:            "source_network_id",
	TagDestNetworkID:              "dest_network_id",
	TagSourceNodeID:               "source_node_id",
	TagDestNodeID:                 "dest_node_id",
	TagDestAddrNpResolution:       "dest_addr_np_resolution",
	TagDestAddrNpInformation:      "dest_addr_np_information",
	TagDestAddrNpCountry:          "dest_addr_np_country",
	TagDisplayTime:                "display_time",
	TagSmsSignal:                  "sms_signal",
	TagMsValidity:                 "ms_validity",
	TagAlertOnMessageDelivery:     "alert_on_message_delivery",
	TagItsReplyType:               "its_reply_type",
	TagItsSessionInfo:             "its_session_info",
}

// tagsByName inverts tagNames, plus the 5.0 spelling of destination_port.
var tagsByName = func() map[string]uint16 {
	m := make(map[string]uint16, len(tagNames)+1)
	for tag, name := range tagNames {
		m[name] = tag
	}
	m["dest_port"] = TagDestinationPort
	return m
}()

// TagName returns the spec name of tag ("message_payload"). Tags without a
// name (vendor-specific 0x1400..0x3FFF and reserved ones) are written as
// "0x" plus four lower-case hex digits, a form TagByName accepts back, so
// TagByName(TagName(t)) == t for every t.
func TagName(tag uint16) string {
	if n, ok := tagNames[tag]; ok {
		return n
	}
	return fmt.Sprintf("0x%04x", tag)
}

// TagByName maps a spec name (case-insensitive; "dest_port" is accepted for
// destination_port) or a hex tag such as "0x1403" to the tag number. The hex
// form lets configuration name vendor-specific TLVs.
func TagByName(name string) (uint16, bool) {
	if t, ok := tagsByName[name]; ok {
		return t, true
	}
	lower := strings.ToLower(name)
	if t, ok := tagsByName[lower]; ok {
		return t, true
	}
	if hex, ok := strings.CutPrefix(lower, "0x"); ok && hex != "" && len(hex) <= 4 {
		v, err := strconv.ParseUint(hex, 16, 16)
		if err == nil {
			return uint16(v), true
		}
	}
	return 0, false
}
