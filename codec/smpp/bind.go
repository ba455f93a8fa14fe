package smpp

// Bind is the body of bind_transmitter, bind_receiver and bind_transceiver
// (the header's command_id says which).
type Bind struct {
	SystemID         []byte // C16, ESME_RINVSYSID
	Password         []byte // C9, ESME_RINVPASWD
	SystemType       []byte // C13, ESME_RINVSYSTYP
	InterfaceVersion byte   // 0x00..0x33 = 3.3, 0x34 = 3.4, 0x50 = 5.0
	AddrTON          byte
	AddrNPI          byte
	AddressRange     []byte // C41
}

// Decode parses a bind body. Octets after address_range are ignored (bind
// has no TLVs in 3.4 or 5.0).
func (p *Bind) Decode(body []byte) error {
	d := decoder{b: body}
	p.SystemID = d.cstr(sizeSystemID, StatusInvSysID, "system_id")
	p.Password = d.cstr(sizePassword, StatusInvPaswd, "password")
	p.SystemType = d.cstr(sizeSystemType, StatusInvSysTyp, "system_type")
	p.InterfaceVersion = d.u8("interface_version")
	p.AddrTON = d.u8("addr_ton")
	p.AddrNPI = d.u8("addr_npi")
	p.AddressRange = d.cstr(sizeAddressRange, StatusInvMsgLen, "address_range")
	return d.err
}

func (p *Bind) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.SystemID)
	dst = appendCStr(dst, p.Password)
	dst = appendCStr(dst, p.SystemType)
	dst = append(dst, p.InterfaceVersion, p.AddrTON, p.AddrNPI)
	return appendCStr(dst, p.AddressRange)
}

// Validate checks field sizes before encoding.
func (p *Bind) Validate() error {
	var v validator
	v.cstr(p.SystemID, sizeSystemID, StatusInvSysID, "system_id")
	v.cstr(p.Password, sizePassword, StatusInvPaswd, "password")
	v.cstr(p.SystemType, sizeSystemType, StatusInvSysTyp, "system_type")
	v.cstr(p.AddressRange, sizeAddressRange, StatusInvMsgLen, "address_range")
	return v.err
}

// BindResp is the body of bind_*_resp: the SMSC's system_id and, for
// ESMEs that bound with interface_version >= 0x34, the sc_interface_version
// TLV. Never put TLVs in a response to a 3.3 ESME.
type BindResp struct {
	SystemID []byte // C16
	TLVs     TLVs
}

// Decode accepts an empty body: a failed bind may be answered header-only.
func (p *BindResp) Decode(body []byte) error {
	p.TLVs = p.TLVs[:0]
	if len(body) == 0 {
		p.SystemID = nil
		return nil
	}
	d := decoder{b: body}
	p.SystemID = d.cstr(sizeSystemID, StatusInvSysID, "system_id")
	p.TLVs = d.tlvs(p.TLVs)
	return d.err
}

func (p *BindResp) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.SystemID)
	return p.TLVs.AppendTo(dst)
}

// Validate checks field sizes before encoding.
func (p *BindResp) Validate() error {
	var v validator
	v.cstr(p.SystemID, sizeSystemID, StatusInvSysID, "system_id")
	v.tlvs(p.TLVs)
	return v.err
}

// Outbind is the body of outbind (SMSC to ESME, asking it to bind back).
type Outbind struct {
	SystemID []byte // C16
	Password []byte // C9
}

// Decode parses an outbind body; trailing octets are ignored.
func (p *Outbind) Decode(body []byte) error {
	d := decoder{b: body}
	p.SystemID = d.cstr(sizeSystemID, StatusInvSysID, "system_id")
	p.Password = d.cstr(sizePassword, StatusInvPaswd, "password")
	return d.err
}

func (p *Outbind) AppendBody(dst []byte) []byte {
	dst = appendCStr(dst, p.SystemID)
	return appendCStr(dst, p.Password)
}

// Validate checks field sizes before encoding.
func (p *Outbind) Validate() error {
	var v validator
	v.cstr(p.SystemID, sizeSystemID, StatusInvSysID, "system_id")
	v.cstr(p.Password, sizePassword, StatusInvPaswd, "password")
	return v.err
}
