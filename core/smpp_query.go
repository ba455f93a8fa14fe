package core

import (
	"time"

	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/sms"
)

// onQueryCancelReplace raises the typed event when the host registered
// one, RAW when it only listens to RAW, and otherwise answers with the
// operation's failure status (docs/api.md, "Events": beyond the reference).
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
	var req smppRequestEvent
	var status smpp.Status
	switch h.CommandID {
	case smpp.CmdQuerySM:
		req, status = ss.queryEvent(h.Sequence, body)
	case smpp.CmdCancelSM:
		req, status = ss.cancelEvent(h.Sequence, body)
	case smpp.CmdReplaceSM:
		req, status = ss.replaceEvent(h.Sequence, body)
	}
	if status != smpp.StatusOK {
		ss.send(h.CommandID.Response(), status, h.Sequence, nil)
		return
	}
	seq := h.Sequence
	ss.pending.add(seq, uint32(h.CommandID), ss.deadline(), req.extra)
	ss.srv.emit(ss.c, req.clientID, func() {
		if !req.run() || req.reply.Declined() {
			ss.answerDefaultIfPending(seq)
		}
	})
}

// smppRequestEvent is a decoded query_sm, cancel_sm or replace_sm on its
// way to its handler.
type smppRequestEvent struct {
	run      func() bool // calls the handler; false when there is none now, or it panicked
	reply    *Reply
	clientID *int32 // the event's ClientID, -1 when the connection ends first
	extra    any    // what the request's default answer needs of it
}

func (ss *smppSession) queryEvent(seq uint32, body []byte) (smppRequestEvent, smpp.Status) {
	q := &ss.dec.query
	if err := q.Decode(body); err != nil {
		ss.srv.stats.malformed.Add(1)
		return smppRequestEvent{}, smpp.StatusOf(err)
	}
	e := &SmppQueryReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: seq, MessageID: string(q.MessageID),
		Originator: string(q.SourceAddr), OriginatorTON: q.SourceAddrTON, OriginatorNPI: q.SourceAddrNPI}
	return smppRequestEvent{reply: &e.Reply, clientID: &e.ClientID, extra: e.MessageID, run: func() bool {
		hd := ss.srv.h().OnSmppQueryReceived
		return hd != nil && safeCall(&ss.srv.server, "OnSmppQueryReceived", func() { hd(e) })
	}}, smpp.StatusOK
}

func (ss *smppSession) cancelEvent(seq uint32, body []byte) (smppRequestEvent, smpp.Status) {
	c := &ss.dec.cancel
	if err := c.Decode(body); err != nil {
		ss.srv.stats.malformed.Add(1)
		return smppRequestEvent{}, smpp.StatusOf(err)
	}
	e := &SmppCancelReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: seq, ServiceType: string(c.ServiceType),
		MessageID: string(c.MessageID), Originator: string(c.SourceAddr), OriginatorTON: c.SourceAddrTON,
		OriginatorNPI: c.SourceAddrNPI, Destination: string(c.DestinationAddr), DestinationTON: c.DestAddrTON,
		DestinationNPI: c.DestAddrNPI}
	return smppRequestEvent{reply: &e.Reply, clientID: &e.ClientID, run: func() bool {
		hd := ss.srv.h().OnSmppCancelReceived
		return hd != nil && safeCall(&ss.srv.server, "OnSmppCancelReceived", func() { hd(e) })
	}}, smpp.StatusOK
}

func (ss *smppSession) replaceEvent(seq uint32, body []byte) (smppRequestEvent, smpp.Status) {
	r := &ss.dec.replace
	if err := r.Decode(body); err != nil {
		ss.srv.stats.malformed.Add(1)
		return smppRequestEvent{}, smpp.StatusOf(err)
	}
	e := &SmppReplaceReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: seq, MessageID: string(r.MessageID),
		Originator: string(r.SourceAddr), OriginatorTON: r.SourceAddrTON, OriginatorNPI: r.SourceAddrNPI,
		RegisteredDelivery: r.RegisteredDelivery, DefaultMessageID: r.SmDefaultMsgID,
		Content: upperHex(r.ShortMessage)}
	var status smpp.Status
	e.DeliveryTime, e.ValidityPeriod, e.Options, status = parseSMPPTimes(r.ScheduleDeliveryTime, r.ValidityPeriod, time.Now())
	if status != smpp.StatusOK {
		return smppRequestEvent{}, status
	}
	if r.RegisteredDelivery&0x03 != 0 {
		e.Options |= sms.SoRequestStatusReport
	}
	return smppRequestEvent{reply: &e.Reply, clientID: &e.ClientID, run: func() bool {
		hd := ss.srv.h().OnSmppReplaceReceived
		return hd != nil && safeCall(&ss.srv.server, "OnSmppReplaceReceived", func() { hd(e) })
	}}, smpp.StatusOK
}
