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
	if v, ok := p.Get("", "long-messages"); ok && v != "" {
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
	var bad bool
	p.Each("smpp", func(k, v string) {
		switch {
		case k == "tlvs":
			b, err := hex.DecodeString(v)
			if err != nil {
				bad = true
				return
			}
			for len(b) > 0 {
				if len(b) < 4 {
					bad = true
					return
				}
				tag, n := binary.BigEndian.Uint16(b), int(binary.BigEndian.Uint16(b[2:]))
				if len(b) < 4+n {
					bad = true
					return
				}
				o.tlvs = append(o.tlvs, smpp.TLV{Tag: tag, Value: b[4 : 4+n]})
				b = b[4+n:]
			}
		case strings.HasPrefix(k, "tlv."):
			name := k[4:]
			tag, ok := smpp.TagByName(name)
			if !ok {
				n, err := strconv.ParseUint(name, 0, 16)
				if err != nil {
					bad = true
					return
				}
				tag = uint16(n)
			}
			b, err := hex.DecodeString(v)
			if err != nil || len(b) > 65535 {
				bad = true
				return
			}
			o.tlvs = append(o.tlvs, smpp.TLV{Tag: tag, Value: b})
		}
	})
	if bad {
		return o, ErrInvalidArgument
	}
	return o, OK
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
	udh, err := hex.DecodeString(userDataHeader)
	if err != nil || (len(udh) > 0 && int(udh[0])+1 != len(udh)) {
		return nil, 0, ErrInvalidArgument
	}
	o, code := parseDeliverOptions(extendedParameters)
	if code != OK {
		return nil, 0, code
	}
	ss, code := s.session(clientID)
	if code != OK {
		return nil, 0, code
	}
	if st := ss.state.Load(); st != smppStBoundRX && st != smppStBoundTRX {
		return nil, 0, ErrWrongState
	}
	v33 := ss.version.Load() < 0x34
	if v33 {
		if len(o.tlvs) > 0 {
			return nil, 0, ErrUnsupported // an SMPP 3.3 client has no TLVs
		}
		if o.mode == multipart.ModeSAR || o.mode == multipart.ModePayload {
			o.mode = multipart.ModeUDH8
		}
	}
	ref := uint16(ss.ref.Add(1))
	parts, err := multipart.Split(encoding, content, udh, o.mode, ref)
	if err != nil {
		return nil, 0, CodeOf(err)
	}
	if maxParts >= 0 && len(parts) > maxParts {
		return nil, len(parts), ErrBufferTooSmall
	}
	dc := byte(text.SMPPDataCoding(encoding, options))
	if o.dataCoding >= 0 {
		dc = byte(o.dataCoding)
	}
	pid := byte(0)
	if options&sms.SoZeroSMS != 0 {
		pid = 0x40
	}
	if o.protocolID >= 0 {
		pid = byte(o.protocolID)
	}
	regDel := byte(0)
	if options&sms.SoRequestStatusReport != 0 {
		regDel = 1
	}
	if o.regDel >= 0 {
		regDel = byte(o.regDel)
	}
	prio := byte(0)
	if o.priority >= 0 {
		prio = byte(o.priority)
	}

	seqs = make([]uint32, 0, len(parts))
	for i := range parts {
		p := &parts[i]
		seq := sequenceNumber + uint32(i)
		if sequenceNumber == 0 {
			seq = ss.nextSeq()
		}
		if !ss.c.throttle.wait(int64(s.ThrottleRate()), ss.c.done) {
			return seqs, len(parts), ErrConnectionClosed
		}
		esm := byte(0)
		if len(p.UDH) > 0 {
			esm |= 0x40
		}
		if o.esmClass >= 0 {
			esm = byte(o.esmClass)
		}
		code := ss.sendWith(smpp.CmdDeliverSM, smpp.StatusOK, seq, func() smpp.BodyAppender {
			sm := &ss.enc.sm
			*sm = smpp.SM{TLVs: sm.TLVs[:0], ShortMessage: sm.ShortMessage[:0]}
			sm.ServiceType = bytesOf(serviceType)
			sm.SourceAddrTON, sm.SourceAddrNPI, sm.SourceAddr = originatorTON, originatorNPI, bytesOf(originator)
			sm.DestAddrTON, sm.DestAddrNPI, sm.DestinationAddr = destinationTON, destinationNPI, bytesOf(destination)
			sm.EsmClass, sm.ProtocolID, sm.PriorityFlag = esm, pid, prio
			sm.RegisteredDelivery, sm.DataCoding = regDel, dc
			um := append(append(sm.ShortMessage, p.UDH...), p.Data...)
			switch o.mode {
			case multipart.ModePayload:
				if len(um) > 254 || len(parts) > 1 {
					sm.TLVs = append(sm.TLVs, smpp.TLV{Tag: smpp.TagMessagePayload, Value: um})
					um = um[:0]
				}
			case multipart.ModeSAR:
				if p.Total > 1 {
					b := ss.enc.tlvBuf[:4]
					binary.BigEndian.PutUint16(b, p.Ref)
					b[2], b[3] = p.Total, p.Seq
					sm.TLVs = append(sm.TLVs,
						smpp.TLV{Tag: smpp.TagSarMsgRefNum, Value: b[0:2]},
						smpp.TLV{Tag: smpp.TagSarTotalSegments, Value: b[2:3]},
						smpp.TLV{Tag: smpp.TagSarSegmentSeqnum, Value: b[3:4]})
				}
			}
			sm.ShortMessage = um
			sm.TLVs = append(sm.TLVs, o.tlvs...)
			return sm
		})
		if code != OK {
			return seqs, len(parts), code
		}
		seqs = append(seqs, seq)
	}
	return seqs, len(parts), OK
}
