package smpp

import "encoding/binary"

// dest_flag values of a submit_multi destination.
const (
	DestFlagSMEAddress       byte = 1
	DestFlagDistributionList byte = 2
)

// DestAddress is one submit_multi destination: an SME address (Flag 1: TON,
// NPI, Address) or a distribution list name (Flag 2: DLName). The fields of
// the other kind are left zero.
type DestAddress struct {
	Flag    byte
	TON     byte
	NPI     byte
	Address []byte // C21, ESME_RINVDSTADR
	DLName  []byte // C21, ESME_RINVDLNAME
}

// SubmitMulti is the body of submit_multi: submit_sm with a list of
// destinations in place of the single destination address.
type SubmitMulti struct {
	ServiceType          []byte // C6
	SourceAddrTON        byte
	SourceAddrNPI        byte
	SourceAddr           []byte        // C21
	Dests                []DestAddress // 1..254 (number_of_dests is implied)
	EsmClass             byte
	ProtocolID           byte
	PriorityFlag         byte
	ScheduleDeliveryTime []byte
	ValidityPeriod       []byte
	RegisteredDelivery   byte
	ReplaceIfPresentFlag byte
	DataCoding           byte
	SmDefaultMsgID       byte
	ShortMessage         []byte
	TLVs                 TLVs
}

// Decode parses a submit_multi body into p, reusing p.Dests and p.TLVs.
func (p *SubmitMulti) Decode(body []byte) error {
	d := decoder{b: body}
	p.ServiceType = d.cstr(sizeServiceType, StatusInvSerTyp, "service_type")
	p.SourceAddrTON = d.u8("source_addr_ton")
	p.SourceAddrNPI = d.u8("source_addr_npi")
	p.SourceAddr = d.cstr(sizeAddr, StatusInvSrcAdr, "source_addr")
	n := int(d.u8("number_of_dests"))
	if d.err == nil && (n == 0 || n > maxDests) {
		d.fail(StatusInvNumDests, "number_of_dests", "must be 1..254")
	}
	p.Dests = p.Dests[:0]
	for i := 0; i < n && d.err == nil; i++ {
		var da DestAddress
		da.Flag = d.u8("dest_flag")
		switch {
		case d.err != nil:
		case da.Flag == DestFlagSMEAddress:
			da.TON = d.u8("dest_addr_ton")
			da.NPI = d.u8("dest_addr_npi")
			da.Address = d.cstr(sizeAddr, StatusInvDstAdr, "destination_addr")
		case da.Flag == DestFlagDistributionList:
			da.DLName = d.cstr(sizeAddr, StatusInvDLName, "dl_name")
		default:
			d.fail(StatusInvDestFlag, "dest_flag", "must be 1 (SME address) or 2 (distribution list)")
		}
		p.Dests = append(p.Dests, da)
	}
	p.EsmClass = d.u8("esm_class")
	p.ProtocolID = d.u8("protocol_id")
	p.PriorityFlag = d.u8("priority_flag")
	p.ScheduleDeliveryTime = d.time(StatusInvSched, "schedule_delivery_time")
	p.ValidityPeriod = d.time(StatusInvExpiry, "validity_period")
	p.RegisteredDelivery = d.u8("registered_delivery")
	p.ReplaceIfPresentFlag = d.u8("replace_if_present_flag")
	p.DataCoding = d.u8("data_coding")
	p.SmDefaultMsgID = d.u8("sm_default_msg_id")
	p.ShortMessage = d.octets(int(d.u8("sm_length")), "short_message")
	p.TLVs = d.tlvs(p.TLVs[:0])
	if d.err != nil {
		return d.err
	}
	return checkPayload(p.ShortMessage, p.TLVs)
}

func (p *SubmitMulti) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.ServiceType)
	dst = append(dst, p.SourceAddrTON, p.SourceAddrNPI)
	dst = appendCStr(dst, p.SourceAddr)
	dst = append(dst, byte(len(p.Dests)))
	for i := range p.Dests {
		da := &p.Dests[i]
		dst = append(dst, da.Flag)
		if da.Flag == DestFlagDistributionList {
			dst = appendCStr(dst, da.DLName)
		} else {
			dst = append(dst, da.TON, da.NPI)
			dst = appendCStr(dst, da.Address)
		}
	}
	dst = append(dst, p.EsmClass, p.ProtocolID, p.PriorityFlag)
	dst = appendCStr(dst, p.ScheduleDeliveryTime)
	dst = appendCStr(dst, p.ValidityPeriod)
	dst = append(dst, p.RegisteredDelivery, p.ReplaceIfPresentFlag, p.DataCoding, p.SmDefaultMsgID,
		byte(len(p.ShortMessage)))
	dst = append(dst, p.ShortMessage...)
	return p.TLVs.AppendTo(dst)
}

// Validate checks sizes, the number of destinations and their flags.
func (p *SubmitMulti) Validate() error {
	var v validator
	v.cstr(p.ServiceType, sizeServiceType, StatusInvSerTyp, "service_type")
	v.cstr(p.SourceAddr, sizeAddr, StatusInvSrcAdr, "source_addr")
	if len(p.Dests) == 0 || len(p.Dests) > maxDests {
		v.fail(StatusInvNumDests, "number_of_dests", "must be 1..254")
	}
	for i := range p.Dests {
		switch da := &p.Dests[i]; da.Flag {
		case DestFlagSMEAddress:
			v.cstr(da.Address, sizeAddr, StatusInvDstAdr, "destination_addr")
		case DestFlagDistributionList:
			v.cstr(da.DLName, sizeAddr, StatusInvDLName, "dl_name")
		default:
			v.fail(StatusInvDestFlag, "dest_flag", "must be 1 (SME address) or 2 (distribution list)")
		}
	}
	v.time(p.ScheduleDeliveryTime, StatusInvSched, "schedule_delivery_time")
	v.time(p.ValidityPeriod, StatusInvExpiry, "validity_period")
	v.shortMessage(p.ShortMessage, p.TLVs)
	v.tlvs(p.TLVs)
	return v.err
}

// UnsuccessSME is one destination submit_multi could not accept.
type UnsuccessSME struct {
	TON         byte
	NPI         byte
	Address     []byte // C21
	ErrorStatus Status // error_status_code
}

// SubmitMultiResp is the body of submit_multi_resp.
type SubmitMultiResp struct {
	MessageID []byte         // C65
	Unsuccess []UnsuccessSME // no_unsuccess is implied, 0..255
	TLVs      TLVs
}

// Decode accepts an empty body (error responses); a non-empty body must
// carry message_id and no_unsuccess.
func (p *SubmitMultiResp) Decode(body []byte) error {
	p.Unsuccess = p.Unsuccess[:0]
	p.TLVs = p.TLVs[:0]
	if len(body) == 0 {
		p.MessageID = nil
		return nil
	}
	d := decoder{b: body}
	p.MessageID = d.cstr(sizeMessageID, StatusInvMsgID, "message_id")
	n := int(d.u8("no_unsuccess"))
	for i := 0; i < n && d.err == nil; i++ {
		var u UnsuccessSME
		u.TON = d.u8("dest_addr_ton")
		u.NPI = d.u8("dest_addr_npi")
		u.Address = d.cstr(sizeAddr, StatusInvDstAdr, "destination_addr")
		u.ErrorStatus = Status(d.u32("error_status_code"))
		p.Unsuccess = append(p.Unsuccess, u)
	}
	p.TLVs = d.tlvs(p.TLVs)
	return d.err
}

func (p *SubmitMultiResp) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.MessageID)
	dst = append(dst, byte(len(p.Unsuccess)))
	for i := range p.Unsuccess {
		u := &p.Unsuccess[i]
		dst = append(dst, u.TON, u.NPI)
		dst = appendCStr(dst, u.Address)
		dst = binary.BigEndian.AppendUint32(dst, uint32(u.ErrorStatus))
	}
	return p.TLVs.AppendTo(dst)
}

// Validate checks sizes before encoding.
func (p *SubmitMultiResp) Validate() error {
	var v validator
	v.cstr(p.MessageID, sizeMessageID, StatusInvMsgID, "message_id")
	if len(p.Unsuccess) > 255 {
		v.fail(StatusInvNumDests, "no_unsuccess", "more than 255 entries")
	}
	for i := range p.Unsuccess {
		v.cstr(p.Unsuccess[i].Address, sizeAddr, StatusInvDstAdr, "destination_addr")
	}
	v.tlvs(p.TLVs)
	return v.err
}

// Message returns ShortMessage, or the message_payload TLV when the
// message travels there instead.
func (p *SubmitMulti) Message() []byte {
	if len(p.ShortMessage) == 0 {
		if v, ok := p.TLVs.Get(TagMessagePayload); ok {
			return v
		}
	}
	return p.ShortMessage
}
