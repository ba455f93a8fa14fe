package smpp

// AlertNotification is the body of alert_notification (SMSC to ESME, no
// response): the mobile source_addr became available to esme_addr, with the
// ms_availability_status TLV (0 available, 1 denied, 2 unavailable).
type AlertNotification struct {
	SourceAddrTON byte
	SourceAddrNPI byte
	SourceAddr    []byte // C65 (Kannel's definition says 21; 65 accepts both)
	EsmeAddrTON   byte
	EsmeAddrNPI   byte
	EsmeAddr      []byte // C65, ESME_RINVDSTADR when bad (it is the alert's destination)
	TLVs          TLVs
}

// Decode parses an alert_notification body into p, reusing p.TLVs.
func (p *AlertNotification) Decode(body []byte) error {
	d := decoder{b: body}
	p.SourceAddrTON = d.u8("source_addr_ton")
	p.SourceAddrNPI = d.u8("source_addr_npi")
	p.SourceAddr = d.cstr(sizeAddr65, StatusInvSrcAdr, "source_addr")
	p.EsmeAddrTON = d.u8("esme_addr_ton")
	p.EsmeAddrNPI = d.u8("esme_addr_npi")
	p.EsmeAddr = d.cstr(sizeAddr65, StatusInvDstAdr, "esme_addr")
	p.TLVs = d.tlvs(p.TLVs[:0])
	return d.err
}

func (p *AlertNotification) AppendBody(dst []byte) []byte {
	dst = append(dst, p.SourceAddrTON, p.SourceAddrNPI)
	dst = appendCStr(dst, p.SourceAddr)
	dst = append(dst, p.EsmeAddrTON, p.EsmeAddrNPI)
	dst = appendCStr(dst, p.EsmeAddr)
	return p.TLVs.AppendTo(dst)
}

// Validate checks sizes before encoding.
func (p *AlertNotification) Validate() error {
	var v validator
	v.cstr(p.SourceAddr, sizeAddr65, StatusInvSrcAdr, "source_addr")
	v.cstr(p.EsmeAddr, sizeAddr65, StatusInvDstAdr, "esme_addr")
	v.tlvs(p.TLVs)
	return v.err
}
