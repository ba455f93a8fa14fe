package core

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/smstime"
)

// onQueryCancelReplace raises the typed event when the host registered
// one, RAW when it only listens to RAW, and otherwise answers with the
// operation's failure status (contract §4, "Beyond the reference").
func (ss *smppSession) onQueryCancelReplace(h smpp.Header, body []byte) {
	hs := ss.srv.h()
	typed := (h.CommandID == smpp.CmdQuerySM && hs.OnSmppQueryReceived != nil) ||
		(h.CommandID == smpp.CmdCancelSM && hs.OnSmppCancelReceived != nil) ||
		(h.CommandID == smpp.CmdReplaceSM && hs.OnSmppReplaceReceived != nil)
	if !typed {
		if hs.OnSmppRAWReceived != nil {
			ss.pending.add(h.Sequence, uint32(h.CommandID), ss.deadline(), nil)
			ss.emitRAW(h, body, true)
			return
		}
		ss.answerDefault(h.Sequence, pendingReq{cmd: uint32(h.CommandID)}, false)
		return
	}
	var run func() bool
	var reply *Reply
	var extra any // what a default answer needs of the request
	switch h.CommandID {
	case smpp.CmdQuerySM:
		q := &ss.dec.query
		if err := q.Decode(body); err != nil {
			ss.send(smpp.CmdQuerySMResp, smpp.StatusOf(err), h.Sequence, nil)
			return
		}
		e := &SmppQueryReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: h.Sequence, MessageID: string(q.MessageID),
			Originator: string(q.SourceAddr), OriginatorTON: q.SourceAddrTON, OriginatorNPI: q.SourceAddrNPI}
		reply = &e.Reply
		extra = e.MessageID
		run = func() bool {
			hd := ss.srv.h().OnSmppQueryReceived
			return hd != nil && safeCall(&ss.srv.server, "OnSmppQueryReceived", func() { hd(e) })
		}
	case smpp.CmdCancelSM:
		c := &ss.dec.cancel
		if err := c.Decode(body); err != nil {
			ss.send(smpp.CmdCancelSMResp, smpp.StatusOf(err), h.Sequence, nil)
			return
		}
		e := &SmppCancelReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: h.Sequence, ServiceType: string(c.ServiceType),
			MessageID: string(c.MessageID), Originator: string(c.SourceAddr), OriginatorTON: c.SourceAddrTON,
			OriginatorNPI: c.SourceAddrNPI, Destination: string(c.DestinationAddr), DestinationTON: c.DestAddrTON,
			DestinationNPI: c.DestAddrNPI}
		reply = &e.Reply
		run = func() bool {
			hd := ss.srv.h().OnSmppCancelReceived
			return hd != nil && safeCall(&ss.srv.server, "OnSmppCancelReceived", func() { hd(e) })
		}
	case smpp.CmdReplaceSM:
		r := &ss.dec.replace
		if err := r.Decode(body); err != nil {
			ss.send(smpp.CmdReplaceSMResp, smpp.StatusOf(err), h.Sequence, nil)
			return
		}
		e := &SmppReplaceReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: h.Sequence, MessageID: string(r.MessageID),
			Originator: string(r.SourceAddr), OriginatorTON: r.SourceAddrTON, OriginatorNPI: r.SourceAddrNPI,
			RegisteredDelivery: r.RegisteredDelivery, DefaultMessageID: r.SmDefaultMsgID,
			Content: strings.ToUpper(hex.EncodeToString(r.ShortMessage))}
		now := time.Now()
		if len(r.ScheduleDeliveryTime) > 0 {
			t, rel, err := smstime.ParseSMPP(string(r.ScheduleDeliveryTime), now)
			if err != nil {
				ss.send(smpp.CmdReplaceSMResp, smpp.StatusInvSched, h.Sequence, nil)
				return
			}
			e.DeliveryTime = t
			e.Options |= pick(rel, sms.SoDeliveryTimeRelative, sms.SoDeliveryTimeAbsolute)
		}
		if len(r.ValidityPeriod) > 0 {
			t, rel, err := smstime.ParseSMPP(string(r.ValidityPeriod), now)
			if err != nil {
				ss.send(smpp.CmdReplaceSMResp, smpp.StatusInvExpiry, h.Sequence, nil)
				return
			}
			e.ValidityPeriod = t
			e.Options |= pick(rel, sms.SoValidityPeriodRelative, sms.SoValidityPeriodAbsolute)
		}
		if r.RegisteredDelivery&0x03 != 0 {
			e.Options |= sms.SoRequestStatusReport
		}
		reply = &e.Reply
		run = func() bool {
			hd := ss.srv.h().OnSmppReplaceReceived
			return hd != nil && safeCall(&ss.srv.server, "OnSmppReplaceReceived", func() { hd(e) })
		}
	}
	seq := h.Sequence
	ss.pending.add(seq, uint32(h.CommandID), ss.deadline(), extra)
	ss.srv.emit(ss.c, func() {
		if !run() || reply.Declined() {
			ss.answerDefaultIfPending(seq)
		}
	})
}
