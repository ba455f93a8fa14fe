package smpp

// DataSM is the body of data_sm (3.4+): addressing plus TLVs, the message
// normally travelling in message_payload. Its response is SMResp.
type DataSM struct {
	ServiceType        []byte // C6
	SourceAddrTON      byte
	SourceAddrNPI      byte
	SourceAddr         []byte // C65 (wider than submit_sm's C21)
	DestAddrTON        byte
	DestAddrNPI        byte
	DestinationAddr    []byte // C65
	EsmClass           byte
	RegisteredDelivery byte
	DataCoding         byte
	TLVs               TLVs
}

// Decode parses a data_sm body into p, reusing p.TLVs.
func (p *DataSM) Decode(body []byte) error {
	d := decoder{b: body}
	p.ServiceType = d.cstr(sizeServiceType, StatusInvSerTyp, "service_type")
	p.SourceAddrTON = d.u8("source_addr_ton")
	p.SourceAddrNPI = d.u8("source_addr_npi")
	p.SourceAddr = d.cstr(sizeAddr65, StatusInvSrcAdr, "source_addr")
	p.DestAddrTON = d.u8("dest_addr_ton")
	p.DestAddrNPI = d.u8("dest_addr_npi")
	p.DestinationAddr = d.cstr(sizeAddr65, StatusInvDstAdr, "destination_addr")
	p.EsmClass = d.u8("esm_class")
	p.RegisteredDelivery = d.u8("registered_delivery")
	p.DataCoding = d.u8("data_coding")
	p.TLVs = d.tlvs(p.TLVs[:0])
	return d.err
}

func (p *DataSM) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.ServiceType)
	dst = append(dst, p.SourceAddrTON, p.SourceAddrNPI)
	dst = appendCStr(dst, p.SourceAddr)
	dst = append(dst, p.DestAddrTON, p.DestAddrNPI)
	dst = appendCStr(dst, p.DestinationAddr)
	dst = append(dst, p.EsmClass, p.RegisteredDelivery, p.DataCoding)
	return p.TLVs.AppendTo(dst)
}

// Validate checks sizes before encoding.
func (p *DataSM) Validate() error {
	var v validator
	v.cstr(p.ServiceType, sizeServiceType, StatusInvSerTyp, "service_type")
	v.cstr(p.SourceAddr, sizeAddr65, StatusInvSrcAdr, "source_addr")
	v.cstr(p.DestinationAddr, sizeAddr65, StatusInvDstAdr, "destination_addr")
	v.tlvs(p.TLVs)
	return v.err
}
