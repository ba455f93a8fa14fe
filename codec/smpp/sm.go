package smpp

// SM is the body of submit_sm and deliver_sm, which share one layout. For
// deliver_sm the spec wants schedule_delivery_time and validity_period empty
// and replace_if_present_flag and sm_default_msg_id 0; that is the sender's
// business and is not checked here.
type SM struct {
	ServiceType          []byte // C6, ESME_RINVSERTYP
	SourceAddrTON        byte
	SourceAddrNPI        byte
	SourceAddr           []byte // C21, ESME_RINVSRCADR
	DestAddrTON          byte
	DestAddrNPI          byte
	DestinationAddr      []byte // C21, ESME_RINVDSTADR
	EsmClass             byte
	ProtocolID           byte
	PriorityFlag         byte
	ScheduleDeliveryTime []byte // empty or 16 characters, ESME_RINVSCHED
	ValidityPeriod       []byte // empty or 16 characters, ESME_RINVEXPIRY
	RegisteredDelivery   byte
	ReplaceIfPresentFlag byte
	DataCoding           byte
	SmDefaultMsgID       byte
	ShortMessage         []byte // sm_length octets (sm_length is implied)
	TLVs                 TLVs
}

// Decode parses a submit_sm or deliver_sm body into p, reusing p.TLVs.
func (p *SM) Decode(body []byte) error {
	d := decoder{b: body}
	p.ServiceType = d.cstr(sizeServiceType, StatusInvSerTyp, "service_type")
	p.SourceAddrTON = d.u8("source_addr_ton")
	p.SourceAddrNPI = d.u8("source_addr_npi")
	p.SourceAddr = d.cstr(sizeAddr, StatusInvSrcAdr, "source_addr")
	p.DestAddrTON = d.u8("dest_addr_ton")
	p.DestAddrNPI = d.u8("dest_addr_npi")
	p.DestinationAddr = d.cstr(sizeAddr, StatusInvDstAdr, "destination_addr")
	p.EsmClass = d.u8("esm_class")
	p.ProtocolID = d.u8("protocol_id")
	p.PriorityFlag = d.u8("priority_flag")
	p.ScheduleDeliveryTime = d.time(StatusInvSched, "schedule_delivery_time")
	p.ValidityPeriod = d.time(StatusInvExpiry, "validity_period")
	p.RegisteredDelivery = d.u8("registered_delivery")
	p.ReplaceIfPresentFlag = d.u8("replace_if_present_flag")
	p.DataCoding = d.u8("data_coding")
	p.SmDefaultMsgID = d.u8("sm_default_msg_id")
	// sm_length 255 is out of spec (0..254) but unambiguous, so it is read.
	p.ShortMessage = d.octets(int(d.u8("sm_length")), "short_message")
	p.TLVs = d.tlvs(p.TLVs[:0])
	if d.err != nil {
		return d.err
	}
	return checkPayload(p.ShortMessage, p.TLVs)
}

func (p *SM) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.ServiceType)
	dst = append(dst, p.SourceAddrTON, p.SourceAddrNPI)
	dst = appendCStr(dst, p.SourceAddr)
	dst = append(dst, p.DestAddrTON, p.DestAddrNPI)
	dst = appendCStr(dst, p.DestinationAddr)
	dst = append(dst, p.EsmClass, p.ProtocolID, p.PriorityFlag)
	dst = appendCStr(dst, p.ScheduleDeliveryTime)
	dst = appendCStr(dst, p.ValidityPeriod)
	dst = append(dst, p.RegisteredDelivery, p.ReplaceIfPresentFlag, p.DataCoding, p.SmDefaultMsgID,
		byte(len(p.ShortMessage)))
	dst = append(dst, p.ShortMessage...)
	return p.TLVs.AppendTo(dst)
}

// Validate checks field sizes before encoding: string limits, time length,
// short_message <= 254 octets and not combined with message_payload, TLV
// value lengths.
func (p *SM) Validate() error {
	var v validator
	v.cstr(p.ServiceType, sizeServiceType, StatusInvSerTyp, "service_type")
	v.cstr(p.SourceAddr, sizeAddr, StatusInvSrcAdr, "source_addr")
	v.cstr(p.DestinationAddr, sizeAddr, StatusInvDstAdr, "destination_addr")
	v.time(p.ScheduleDeliveryTime, StatusInvSched, "schedule_delivery_time")
	v.time(p.ValidityPeriod, StatusInvExpiry, "validity_period")
	v.shortMessage(p.ShortMessage, p.TLVs)
	v.tlvs(p.TLVs)
	return v.err
}

// SMResp is the body of submit_sm_resp, deliver_sm_resp and data_sm_resp.
// deliver_sm_resp carries an empty message_id (a single NUL); responses with
// a non-zero status are best sent header-only (AppendPDU with a nil body).
type SMResp struct {
	MessageID []byte // C65, ESME_RINVMSGID
	TLVs      TLVs   // 3.4 data_sm_resp and 5.0 responses only
}

// Decode accepts an empty body, which error responses may have.
func (p *SMResp) Decode(body []byte) error {
	p.TLVs = p.TLVs[:0]
	if len(body) == 0 {
		p.MessageID = nil
		return nil
	}
	d := decoder{b: body}
	p.MessageID = d.cstr(sizeMessageID, StatusInvMsgID, "message_id")
	p.TLVs = d.tlvs(p.TLVs)
	return d.err
}

func (p *SMResp) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.MessageID)
	return p.TLVs.AppendTo(dst)
}

// Validate checks field sizes before encoding.
func (p *SMResp) Validate() error {
	var v validator
	v.cstr(p.MessageID, sizeMessageID, StatusInvMsgID, "message_id")
	v.tlvs(p.TLVs)
	return v.err
}

// Message returns the message text: ShortMessage, or the message_payload
// TLV when the message travels there instead (Decode guarantees that at
// most one of them is non-empty).
func (p *SM) Message() []byte {
	if len(p.ShortMessage) == 0 {
		if v, ok := p.TLVs.Get(TagMessagePayload); ok {
			return v
		}
	}
	return p.ShortMessage
}
