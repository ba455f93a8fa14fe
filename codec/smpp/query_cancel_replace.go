package smpp

// These three requests address an earlier message by message_id; their
// bodies have no TLVs in 3.4, so octets after the last mandatory field are
// ignored rather than rejected (5.0 peers may append TLVs there).

// QuerySM is the body of query_sm.
type QuerySM struct {
	MessageID     []byte // C65, ESME_RINVMSGID
	SourceAddrTON byte
	SourceAddrNPI byte
	SourceAddr    []byte // C21
}

func (p *QuerySM) Decode(body []byte) error {
	d := decoder{b: body}
	p.MessageID = d.cstr(sizeMessageID, StatusInvMsgID, "message_id")
	p.SourceAddrTON = d.u8("source_addr_ton")
	p.SourceAddrNPI = d.u8("source_addr_npi")
	p.SourceAddr = d.cstr(sizeAddr, StatusInvSrcAdr, "source_addr")
	return d.err
}

func (p *QuerySM) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.MessageID)
	dst = append(dst, p.SourceAddrTON, p.SourceAddrNPI)
	return appendCStr(dst, p.SourceAddr)
}

// Validate checks sizes before encoding.
func (p *QuerySM) Validate() error {
	var v validator
	v.cstr(p.MessageID, sizeMessageID, StatusInvMsgID, "message_id")
	v.cstr(p.SourceAddr, sizeAddr, StatusInvSrcAdr, "source_addr")
	return v.err
}

// QuerySMResp is the body of query_sm_resp.
type QuerySMResp struct {
	MessageID    []byte // C65
	FinalDate    []byte // empty or 16 characters; no status of its own, so ESME_RINVMSGLEN
	MessageState byte   // 1 ENROUTE .. 8 REJECTED (0 and 9 in 5.0)
	ErrorCode    byte   // GSM network error, 0 if none
}

func (p *QuerySMResp) Decode(body []byte) error {
	d := decoder{b: body}
	p.MessageID = d.cstr(sizeMessageID, StatusInvMsgID, "message_id")
	p.FinalDate = d.time(StatusInvMsgLen, "final_date")
	p.MessageState = d.u8("message_state")
	p.ErrorCode = d.u8("error_code")
	return d.err
}

func (p *QuerySMResp) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.MessageID)
	dst = appendCStr(dst, p.FinalDate)
	return append(dst, p.MessageState, p.ErrorCode)
}

// Validate checks sizes before encoding.
func (p *QuerySMResp) Validate() error {
	var v validator
	v.cstr(p.MessageID, sizeMessageID, StatusInvMsgID, "message_id")
	v.time(p.FinalDate, StatusInvMsgLen, "final_date")
	return v.err
}

// CancelSM is the body of cancel_sm. An empty MessageID means "every
// message from SourceAddr to DestinationAddr with this service_type".
// cancel_sm_resp is header-only.
type CancelSM struct {
	ServiceType     []byte // C6
	MessageID       []byte // C65
	SourceAddrTON   byte
	SourceAddrNPI   byte
	SourceAddr      []byte // C21
	DestAddrTON     byte
	DestAddrNPI     byte
	DestinationAddr []byte // C21
}

func (p *CancelSM) Decode(body []byte) error {
	d := decoder{b: body}
	p.ServiceType = d.cstr(sizeServiceType, StatusInvSerTyp, "service_type")
	p.MessageID = d.cstr(sizeMessageID, StatusInvMsgID, "message_id")
	p.SourceAddrTON = d.u8("source_addr_ton")
	p.SourceAddrNPI = d.u8("source_addr_npi")
	p.SourceAddr = d.cstr(sizeAddr, StatusInvSrcAdr, "source_addr")
	p.DestAddrTON = d.u8("dest_addr_ton")
	p.DestAddrNPI = d.u8("dest_addr_npi")
	p.DestinationAddr = d.cstr(sizeAddr, StatusInvDstAdr, "destination_addr")
	return d.err
}

func (p *CancelSM) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.ServiceType)
	dst = appendCStr(dst, p.MessageID)
	dst = append(dst, p.SourceAddrTON, p.SourceAddrNPI)
	dst = appendCStr(dst, p.SourceAddr)
	dst = append(dst, p.DestAddrTON, p.DestAddrNPI)
	return appendCStr(dst, p.DestinationAddr)
}

// Validate checks sizes before encoding.
func (p *CancelSM) Validate() error {
	var v validator
	v.cstr(p.ServiceType, sizeServiceType, StatusInvSerTyp, "service_type")
	v.cstr(p.MessageID, sizeMessageID, StatusInvMsgID, "message_id")
	v.cstr(p.SourceAddr, sizeAddr, StatusInvSrcAdr, "source_addr")
	v.cstr(p.DestinationAddr, sizeAddr, StatusInvDstAdr, "destination_addr")
	return v.err
}

// ReplaceSM is the body of replace_sm. replace_sm_resp is header-only.
type ReplaceSM struct {
	MessageID            []byte // C65
	SourceAddrTON        byte
	SourceAddrNPI        byte
	SourceAddr           []byte // C21
	ScheduleDeliveryTime []byte // empty or 16 characters
	ValidityPeriod       []byte // empty or 16 characters
	RegisteredDelivery   byte
	SmDefaultMsgID       byte
	ShortMessage         []byte // sm_length is implied
}

func (p *ReplaceSM) Decode(body []byte) error {
	d := decoder{b: body}
	p.MessageID = d.cstr(sizeMessageID, StatusInvMsgID, "message_id")
	p.SourceAddrTON = d.u8("source_addr_ton")
	p.SourceAddrNPI = d.u8("source_addr_npi")
	p.SourceAddr = d.cstr(sizeAddr, StatusInvSrcAdr, "source_addr")
	p.ScheduleDeliveryTime = d.time(StatusInvSched, "schedule_delivery_time")
	p.ValidityPeriod = d.time(StatusInvExpiry, "validity_period")
	p.RegisteredDelivery = d.u8("registered_delivery")
	p.SmDefaultMsgID = d.u8("sm_default_msg_id")
	p.ShortMessage = d.octets(int(d.u8("sm_length")), "short_message")
	return d.err
}

func (p *ReplaceSM) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.MessageID)
	dst = append(dst, p.SourceAddrTON, p.SourceAddrNPI)
	dst = appendCStr(dst, p.SourceAddr)
	dst = appendCStr(dst, p.ScheduleDeliveryTime)
	dst = appendCStr(dst, p.ValidityPeriod)
	dst = append(dst, p.RegisteredDelivery, p.SmDefaultMsgID, byte(len(p.ShortMessage)))
	return append(dst, p.ShortMessage...)
}

// Validate checks sizes before encoding.
func (p *ReplaceSM) Validate() error {
	var v validator
	v.cstr(p.MessageID, sizeMessageID, StatusInvMsgID, "message_id")
	v.cstr(p.SourceAddr, sizeAddr, StatusInvSrcAdr, "source_addr")
	v.time(p.ScheduleDeliveryTime, StatusInvSched, "schedule_delivery_time")
	v.time(p.ValidityPeriod, StatusInvExpiry, "validity_period")
	v.shortMessage(p.ShortMessage, nil)
	return v.err
}
