package core

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
)

// deliverOptions are the per-call settings a host can give a deliver_sm
// through ExtendedParameters, over the values derived from the arguments.
type deliverOptions struct {
	mode       multipart.Mode
	esmClass   int // -1 = derive
	protocolID int
	priority   int
	regDel     int
	dataCoding int
	tlvs       smpp.TLVs
}

func parseDeliverOptions(ext string) (deliverOptions, Code) {
	o := deliverOptions{mode: multipart.ModeUDH8, esmClass: -1, protocolID: -1, priority: -1, regDel: -1, dataCoding: -1}
	p := ParseParams(ext)
	if v, ok := p.Get("smpp", "long-messages"); ok && v != "" {
		m, err := multipart.ParseMode(v)
		if err != nil {
			return o, ErrInvalidArgument
		}
		o.mode = m
	}
	ints := []struct {
		key string
		dst *int
		max int64
	}{
		{"esm_class", &o.esmClass, 255}, {"protocol_id", &o.protocolID, 255}, {"priority_flag", &o.priority, 3},
		{"registered_delivery", &o.regDel, 255}, {"data_coding", &o.dataCoding, 255},
	}
	for _, f := range ints {
		v, ok, err := p.Int("smpp", f.key, -1)
		if err != nil || (ok && (v < 0 || v > f.max)) {
			return o, ErrInvalidArgument
		}
		if ok {
			*f.dst = int(v)
		}
	}
	var ok bool
	if o.tlvs, ok = parseTLVParams(p); !ok {
		return o, ErrInvalidArgument
	}
	return o, OK
}

// parseTLVParams reads the TLVs a host adds to a deliver_sm, in the order
// given: smpp.tlvs=<hex of whole TLVs> and smpp.tlv.<name or tag>=<hex value>.
func parseTLVParams(p Params) (tlvs smpp.TLVs, ok bool) {
	ok = true
	p.Each("smpp", func(k, v string) {
		if !ok {
			return
		}
		switch {
		case k == "tlvs":
			tlvs, ok = appendEncodedTLVs(tlvs, v)
		case strings.HasPrefix(k, "tlv."):
			var t smpp.TLV
			if t, ok = namedTLV(k[4:], v); ok {
				tlvs = append(tlvs, t)
			}
		}
	})
	return tlvs, ok
}

// appendEncodedTLVs appends the TLVs encoded in hex as on the wire.
func appendEncodedTLVs(tlvs smpp.TLVs, hexTLVs string) (smpp.TLVs, bool) {
	b, err := hex.DecodeString(hexTLVs)
	if err != nil {
		return tlvs, false
	}
	for len(b) > 0 {
		if len(b) < 4 {
			return tlvs, false
		}
		tag, n := binary.BigEndian.Uint16(b), int(binary.BigEndian.Uint16(b[2:]))
		if len(b) < 4+n {
			return tlvs, false
		}
		tlvs = append(tlvs, smpp.TLV{Tag: tag, Value: b[4 : 4+n]})
		b = b[4+n:]
	}
	return tlvs, true
}

// namedTLV is one TLV given by its name (message_payload) or its tag
// (0x1403, 5123) and its value in hex.
func namedTLV(name, hexValue string) (smpp.TLV, bool) {
	tag, ok := smpp.TagByName(name)
	if !ok {
		n, err := strconv.ParseUint(name, 0, 16)
		if err != nil {
			return smpp.TLV{}, false
		}
		tag = uint16(n)
	}
	b, err := hex.DecodeString(hexValue)
	if err != nil || len(b) > 65535 {
		return smpp.TLV{}, false
	}
	return smpp.TLV{Tag: tag, Value: b}, true
}

// SmppSendDeliverMessage sends a message to a receiver or transceiver
// session as deliver_sm, split into concatenated parts when it does not fit
// one (long-messages=udh8|udh16|sar|payload; udh8 by default). The parts use
// SequenceNumber, SequenceNumber+1, ...; SequenceNumber 0 lets the library
// number them. The numbers used are returned in order.
func (s *SMPPServer) SmppSendDeliverMessage(clientID int32, sequenceNumber uint32, destination string, destinationTON, destinationNPI uint8,
	originator string, originatorTON, originatorNPI uint8, content string, encoding sms.Encoding, userDataHeader string,
	options sms.SubmitOption, serviceType string, extendedParameters string) ([]uint32, Code) {
	seqs, _, code := s.SmppSendDeliverMessageMaxParts(-1, clientID, sequenceNumber, destination, destinationTON, destinationNPI,
		originator, originatorTON, originatorNPI, content, encoding, userDataHeader, options, serviceType, extendedParameters)
	return seqs, code
}

// SmppSendDeliverMessageMaxParts is SmppSendDeliverMessage that sends
// nothing and returns ErrBufferTooSmall when the content needs more than
// maxParts parts (maxParts < 0 = no limit); parts is the number needed. The
// C API uses it to fill a caller's array without ever overrunning it.
func (s *SMPPServer) SmppSendDeliverMessageMaxParts(maxParts int, clientID int32, sequenceNumber uint32, destination string, destinationTON, destinationNPI uint8,
	originator string, originatorTON, originatorNPI uint8, content string, encoding sms.Encoding, userDataHeader string,
	options sms.SubmitOption, serviceType string, extendedParameters string) (seqs []uint32, nparts int, code Code) {

	if !encoding.Valid() || options&^sms.SoAll != 0 || len(destination) > 20 || len(originator) > 20 || len(serviceType) > 5 {
		return nil, 0, ErrInvalidArgument
	}
	udh, ok := decodeHostUDH(userDataHeader)
	if !ok {
		return nil, 0, ErrInvalidArgument
	}
	o, code := parseDeliverOptions(extendedParameters)
	if code != OK {
		return nil, 0, code
	}
	ss, code := s.receiver(clientID, &o)
	if code != OK {
		return nil, 0, code
	}
	if ss.version.Load() < 0x34 && (o.mode == multipart.ModeSAR || o.mode == multipart.ModePayload) {
		o.mode = multipart.ModeUDH8 // neither TLV exists before 3.4
	}
	parts, code := splitDelivery(&ss.ref, encoding, content, udh, o.mode, maxParts)
	if code != OK {
		return nil, len(parts), code
	}
	head := smpp.SM{ServiceType: bytesOf(serviceType),
		SourceAddrTON: originatorTON, SourceAddrNPI: originatorNPI, SourceAddr: bytesOf(originator),
		DestAddrTON: destinationTON, DestAddrNPI: destinationNPI, DestinationAddr: bytesOf(destination)}
	o.deliverHeader(&head, encoding, options)
	return deliverParts(&ss.sessionBase, parts, partNumbers{first: sequenceNumber, step: 1, next: ss.nextSeq},
		func(seq uint32, p *multipart.Part) (uint32, Code) {
			return seq, ss.sendRequest(seq, seq, uint32(smpp.CmdDeliverSM), func() Code {
				return ss.sendDeliverPart(seq, &head, &o, p, len(parts))
			})
		})
}

// receiver resolves clientID for a delivery: the session must be bound to
// receive (receiver or transceiver). An SMPP 3.3 client knows no TLVs, so
// TLVs from the host are ErrUnsupported.
func (s *SMPPServer) receiver(clientID int32, o *deliverOptions) (*smppSession, Code) {
	ss, code := s.session(clientID)
	if code != OK {
		return nil, code
	}
	if st := ss.state.Load(); st != smppStBoundRX && st != smppStBoundTRX {
		return nil, ErrWrongState
	}
	if ss.version.Load() < 0x34 && len(o.tlvs) > 0 {
		return nil, ErrUnsupported
	}
	return ss, OK
}

// deliverHeader sets the deliver_sm fields that follow from the encoding
// and options, unless ExtendedParameters gave them.
func (o *deliverOptions) deliverHeader(sm *smpp.SM, encoding sms.Encoding, options sms.SubmitOption) {
	sm.DataCoding = byte(text.SMPPDataCoding(encoding, options))
	if o.dataCoding >= 0 {
		sm.DataCoding = byte(o.dataCoding)
	}
	if options&sms.SoZeroSMS != 0 {
		sm.ProtocolID = 0x40
	}
	if o.protocolID >= 0 {
		sm.ProtocolID = byte(o.protocolID)
	}
	if options&sms.SoRequestStatusReport != 0 {
		sm.RegisteredDelivery = 1
	}
	if o.regDel >= 0 {
		sm.RegisteredDelivery = byte(o.regDel)
	}
	if o.priority >= 0 {
		sm.PriorityFlag = byte(o.priority)
	}
}

// sendDeliverPart sends one part as deliver_sm: head's fields, esm_class
// 0x40 when the part has a UDH, and the part's UDH and data in
// short_message, in message_payload, or with the SAR TLVs, after o.mode;
// then the host's TLVs.
func (ss *smppSession) sendDeliverPart(seq uint32, head *smpp.SM, o *deliverOptions, p *multipart.Part, nparts int) Code {
	esm := byte(0)
	if len(p.UDH) > 0 {
		esm |= 0x40
	}
	if o.esmClass >= 0 {
		esm = byte(o.esmClass)
	}
	return ss.sendWith(smpp.CmdDeliverSM, smpp.StatusOK, seq, func() smpp.BodyAppender {
		sm := &ss.enc.sm
		tlvs, um := sm.TLVs[:0], sm.ShortMessage[:0]
		*sm = *head
		sm.EsmClass = esm
		um = append(append(um, p.UDH...), p.Data...)
		switch o.mode {
		case multipart.ModePayload:
			if len(um) > 254 || nparts > 1 {
				tlvs = append(tlvs, smpp.TLV{Tag: smpp.TagMessagePayload, Value: um})
				um = um[:0]
			}
		case multipart.ModeSAR:
			if p.Total > 1 {
				b := ss.enc.tlvBuf[:4]
				binary.BigEndian.PutUint16(b, p.Ref)
				b[2], b[3] = p.Total, p.Seq
				tlvs = append(tlvs,
					smpp.TLV{Tag: smpp.TagSarMsgRefNum, Value: b[0:2]},
					smpp.TLV{Tag: smpp.TagSarTotalSegments, Value: b[2:3]},
					smpp.TLV{Tag: smpp.TagSarSegmentSeqnum, Value: b[3:4]})
			}
		}
		sm.ShortMessage = um
		sm.TLVs = append(tlvs, o.tlvs...)
		return sm
	})
}
