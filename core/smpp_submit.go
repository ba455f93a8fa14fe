package core

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/codec/multipart"
	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/smstime"
	"github.com/smscserver/libsmscserver/codec/text"
)

// submitFields is what submit_sm, submit_multi and data_sm have in common
// once decoded; one builder turns it into the event arguments.
type submitFields struct {
	cmd                      smpp.CommandID
	seq                      uint32
	serviceType              []byte
	srcTON, srcNPI           byte
	src                      []byte
	dstTON, dstNPI           byte
	dst                      []byte
	esm, pid, prio           byte
	schedule, validity       []byte
	regDel, replaceIfPresent byte
	dataCoding, defaultMsgID byte
	shortMessage             []byte
	tlvs                     smpp.TLVs
	extra                    string // additional ExtendedParameters
}

func (ss *smppSession) onSubmitSM(h smpp.Header, body []byte) {
	sm := &ss.dec.sm
	if err := sm.Decode(body); err != nil {
		ss.srv.stats.malformed.Add(1)
		ss.send(smpp.CmdSubmitSMResp, smpp.StatusOf(err), h.Sequence, nil)
		return
	}
	ss.submit(submitFields{
		cmd: smpp.CmdSubmitSM, seq: h.Sequence, serviceType: sm.ServiceType,
		srcTON: sm.SourceAddrTON, srcNPI: sm.SourceAddrNPI, src: sm.SourceAddr,
		dstTON: sm.DestAddrTON, dstNPI: sm.DestAddrNPI, dst: sm.DestinationAddr,
		esm: sm.EsmClass, pid: sm.ProtocolID, prio: sm.PriorityFlag,
		schedule: sm.ScheduleDeliveryTime, validity: sm.ValidityPeriod,
		regDel: sm.RegisteredDelivery, replaceIfPresent: sm.ReplaceIfPresentFlag,
		dataCoding: sm.DataCoding, defaultMsgID: sm.SmDefaultMsgID, shortMessage: sm.ShortMessage, tlvs: sm.TLVs,
	}, nil)
}

func (ss *smppSession) onSubmitMulti(h smpp.Header, body []byte) {
	m := &ss.dec.multi
	if err := m.Decode(body); err != nil {
		ss.srv.stats.malformed.Add(1)
		ss.send(smpp.CmdSubmitMultiResp, smpp.StatusOf(err), h.Sequence, nil)
		return
	}
	var dst []byte
	var flags strings.Builder
	var ton, npi byte
	dests := make([]multiDest, 0, len(m.Dests))
	for i, d := range m.Dests {
		if i > 0 {
			dst = append(dst, ';')
			flags.WriteByte(',')
		}
		flags.WriteString(strconv.Itoa(int(d.Flag)))
		if d.Flag == 2 {
			dst = append(dst, d.DLName...)
			dests = append(dests, multiDest{addr: string(d.DLName)})
			continue
		}
		if ton == 0 && npi == 0 {
			ton, npi = d.TON, d.NPI
		}
		dst = append(dst, d.Address...)
		dests = append(dests, multiDest{ton: d.TON, npi: d.NPI, addr: string(d.Address)})
	}
	ss.submit(submitFields{
		cmd: smpp.CmdSubmitMulti, seq: h.Sequence, serviceType: m.ServiceType,
		srcTON: m.SourceAddrTON, srcNPI: m.SourceAddrNPI, src: m.SourceAddr,
		dstTON: ton, dstNPI: npi, dst: dst,
		esm: m.EsmClass, pid: m.ProtocolID, prio: m.PriorityFlag,
		schedule: m.ScheduleDeliveryTime, validity: m.ValidityPeriod,
		regDel: m.RegisteredDelivery, replaceIfPresent: m.ReplaceIfPresentFlag,
		dataCoding: m.DataCoding, defaultMsgID: m.SmDefaultMsgID, shortMessage: m.ShortMessage, tlvs: m.TLVs,
		extra: "smpp.dest_flags=" + flags.String(),
	}, dests)
}

// multiDest remembers a submit_multi destination so that an answer naming
// unsuccessful addresses can repeat their TON/NPI.
type multiDest struct {
	ton, npi byte
	addr     string
}

func (ss *smppSession) onDataSM(h smpp.Header, body []byte) {
	d := &ss.dec.data
	if err := d.Decode(body); err != nil {
		ss.srv.stats.malformed.Add(1)
		ss.send(smpp.CmdDataSMResp, smpp.StatusOf(err), h.Sequence, nil)
		return
	}
	ss.submit(submitFields{
		cmd: smpp.CmdDataSM, seq: h.Sequence, serviceType: d.ServiceType,
		srcTON: d.SourceAddrTON, srcNPI: d.SourceAddrNPI, src: d.SourceAddr,
		dstTON: d.DestAddrTON, dstNPI: d.DestAddrNPI, dst: d.DestinationAddr,
		esm: d.EsmClass, regDel: d.RegisteredDelivery, dataCoding: d.DataCoding, tlvs: d.TLVs,
	}, nil)
}

// submit checks a submit, then reports OnSmppSubmitMessageReceived and
// feeds the reassembly that reports OnSmppSubmitMessageCompleted.
func (ss *smppSession) submit(f submitFields, dests []multiDest) {
	var m submitContent
	if status := f.check(ss.now, &m); status != smpp.StatusOK {
		ss.send(f.cmd.Response(), status, f.seq, nil)
		return
	}
	// With no handler to hear of it the submit gets the default answer
	// before any text is converted.
	hs := ss.srv.h()
	if hs.OnSmppSubmitMessageReceived == nil && hs.OnSmppSubmitMessageCompleted == nil {
		ss.answerDefault(f.seq, pendingReq{cmd: uint32(f.cmd)}, false)
		return
	}
	ev, enc := ss.newSubmitEvent(&f, &m)
	// Reassemble before reporting: a part the reassembler cannot hold is
	// refused with a throttling error, so the client sends it again instead
	// of the host acknowledging a message that can never complete.
	var completed *SmppSubmitMessageCompletedEventArgs
	if hs.OnSmppSubmitMessageCompleted != nil {
		var ok bool
		completed, ok = ss.reassemble(&ev.args, f, enc, m.udh, m.data, ss.now)
		if !ok {
			ss.send(f.cmd.Response(), smpp.StatusThrottled, f.seq, nil)
			return
		}
	}
	var extra any
	if dests != nil {
		extra = dests
	}
	ss.pending.add(f.seq, uint32(f.cmd), ss.deadline(), extra)
	if hs.OnSmppSubmitMessageReceived != nil {
		ss.srv.emitEvent(ss.c, ev)
	}
	if completed != nil {
		ss.srv.emit(ss.c, &completed.ClientID, func() {
			if hd := ss.srv.h().OnSmppSubmitMessageCompleted; hd != nil {
				safeCall(&ss.srv.server, "OnSmppSubmitMessageCompleted", func() { hd(completed) })
			}
		})
	}
}

// submitContent is what a submit carries once checked.
type submitContent struct {
	opts                   sms.SubmitOption // from the times, registered_delivery and protocol_id
	deliveryTime, validity time.Time
	udh, data              []byte // user data: short_message, or message_payload when that is empty
}

// check validates the fields a submit is refused for and reads its times,
// options, UDH and user data into m. A refusal is the status to answer
// with.
func (f *submitFields) check(now time.Time, m *submitContent) smpp.Status {
	if f.prio > 3 {
		return smpp.StatusInvPrtFlg
	}
	if len(f.schedule) > 0 || len(f.validity) > 0 { // most submits have neither
		var status smpp.Status
		m.deliveryTime, m.validity, m.opts, status = parseSMPPTimes(f.schedule, f.validity, now)
		if status != smpp.StatusOK {
			return status
		}
	}
	if f.regDel&0x03 != 0 {
		m.opts |= sms.SoRequestStatusReport
	}
	if f.pid == 0x40 {
		m.opts |= sms.SoZeroSMS
	}
	m.data = f.shortMessage
	if p, ok := f.tlvs.Get(smpp.TagMessagePayload); ok && len(m.data) == 0 {
		m.data = p
	}
	if f.esm&0x40 != 0 {
		u, rest, err := multipart.ParseUDH(m.data)
		if err != nil {
			return smpp.StatusInvMsgLen
		}
		m.udh, m.data = u, rest
	}
	return smpp.StatusOK
}

// parseSMPPTimes reads schedule_delivery_time and validity_period (either
// may be empty): the times, whether each is relative or absolute, or the
// status that refuses a bad one.
func parseSMPPTimes(schedule, validity []byte, now time.Time) (deliveryTime, validityPeriod time.Time,
	opts sms.SubmitOption, status smpp.Status) {
	if len(schedule) > 0 {
		t, rel, err := smstime.ParseSMPP(string(schedule), now)
		if err != nil {
			return deliveryTime, validityPeriod, opts, smpp.StatusInvSched
		}
		deliveryTime = t
		opts |= pick(rel, sms.SoDeliveryTimeRelative, sms.SoDeliveryTimeAbsolute)
	}
	if len(validity) > 0 {
		t, rel, err := smstime.ParseSMPP(string(validity), now)
		if err != nil {
			return deliveryTime, validityPeriod, opts, smpp.StatusInvExpiry
		}
		opts |= pick(rel, sms.SoValidityPeriodRelative, sms.SoValidityPeriodAbsolute)
		validityPeriod = capRelativeValidity(t, opts, now)
	}
	return deliveryTime, validityPeriod, opts, smpp.StatusOK
}

// newSubmitEvent converts the text and builds the event's arguments. It
// returns the encoding the text was read in.
func (ss *smppSession) newSubmitEvent(f *submitFields, m *submitContent) (*submitEvent, sms.Encoding) {
	// Some clients (node smpp) send GSM septets under data_coding 1 (IA5);
	// the detection looks at the octets to tell GSM from plain ASCII.
	enc, dcsOpts := text.DetectSMPPEncoding(f.dataCoding, m.data)
	// Text and header go to the session's scratch first, so that every
	// string of the event comes out of a single allocation.
	scratch, err := text.AppendDecode(ss.scratch[:0], enc, m.data)
	if err != nil {
		// Undecodable text is still delivered, as hex, rather than lost.
		enc, scratch = sms.Et8BitHexadecimal, text.AppendHex(ss.scratch[:0], m.data)
	}
	contentLen := len(scratch)
	scratch = text.AppendHex(scratch, m.udh)
	if cap(scratch) <= maxScratch {
		ss.scratch = scratch
	}
	var sb stringBlock
	sb.init(len(f.dst) + len(f.src) + len(f.serviceType) + len(scratch))

	ev := &submitEvent{ss: ss, seq: f.seq}
	ev.args = SmppSubmitMessageReceivedEventArgs{
		ClientID: ss.c.id, SequenceNumber: f.seq,
		Destination: sb.add(f.dst), DestinationTON: f.dstTON, DestinationNPI: f.dstNPI,
		Originator: sb.add(f.src), OriginatorTON: f.srcTON, OriginatorNPI: f.srcNPI,
		Content: sb.add(scratch[:contentLen]), Encoding: enc, Options: m.opts | dcsOpts,
		UserDataHeader: sb.add(scratch[contentLen:]),
		DeliveryTime:   m.deliveryTime, ValidityPeriod: m.validity,
		ServiceType: sb.add(f.serviceType), ProtocolID: f.pid, Priority: f.prio,
		DataCoding: f.dataCoding, RegisteredDelivery: f.regDel, EsmClass: f.esm,
		ExtendedParameters: submitParams(f),
	}
	return ev, enc
}

// submitEvent is OnSmppSubmitMessageReceived on its way to the handler:
// the arguments and what the default answer needs, in one allocation.
type submitEvent struct {
	args SmppSubmitMessageReceivedEventArgs
	ss   *smppSession
	seq  uint32 // the handler may change args.SequenceNumber
}

func (ev *submitEvent) fire() {
	ss, e := ev.ss, &ev.args
	ss.c.stamp(&e.ClientID)
	ok := false
	if hd := ss.srv.h().OnSmppSubmitMessageReceived; hd != nil {
		ok = safeCall(&ss.srv.server, "OnSmppSubmitMessageReceived", func() { hd(e) })
	}
	if !ok || e.Declined() {
		ss.answerDefaultIfPending(ev.seq)
	}
}

// submitParams renders what a submit carries beyond the typed fields. The
// common case (no TLVs, no extras) is a constant, so it costs nothing.
func submitParams(f *submitFields) string {
	if f.replaceIfPresent == 0 && f.defaultMsgID == 0 && f.extra == "" && len(f.tlvs) == 0 {
		switch f.cmd {
		case smpp.CmdSubmitSM:
			return "smpp.command=submit_sm"
		case smpp.CmdDataSM:
			return "smpp.command=data_sm"
		case smpp.CmdSubmitMulti:
			return "smpp.command=submit_multi"
		}
	}
	var pb ParamsBuilder
	pb.Add("smpp.command", f.cmd.String())
	if f.replaceIfPresent != 0 {
		pb.AddInt("smpp.replace_if_present_flag", int64(f.replaceIfPresent))
	}
	if f.defaultMsgID != 0 {
		pb.AddInt("smpp.sm_default_msg_id", int64(f.defaultMsgID))
	}
	pb.AddRaw(f.extra)
	return tlvParams(f.tlvs, &pb)
}

func pick(rel bool, a, b sms.SubmitOption) sms.SubmitOption {
	if rel {
		return a
	}
	return b
}

// reassemble returns the whole message when this part completes it (at
// once for a message without concatenation information), nil while parts
// are missing, and ok=false when the reassembler refused the part.
func (ss *smppSession) reassemble(e *SmppSubmitMessageReceivedEventArgs, f submitFields, enc sms.Encoding, udh, data []byte, now time.Time) (*SmppSubmitMessageCompletedEventArgs, bool) {
	var total, seqNo uint8
	var ref uint16
	concat := false
	if c, ok := multipart.FindConcat(udh); ok {
		total, seqNo, ref, concat = c.Total, c.Seq, c.Ref, true
	} else if r, ok := f.tlvs.Get(smpp.TagSarMsgRefNum); ok && len(r) == 2 {
		t, ok1 := f.tlvs.Get(smpp.TagSarTotalSegments)
		n, ok2 := f.tlvs.Get(smpp.TagSarSegmentSeqnum)
		if ok1 && ok2 && len(t) == 1 && len(n) == 1 {
			total, seqNo, ref, concat = t[0], n[0], uint16(r[0])<<8|uint16(r[1]), true
		}
	}
	if !concat || total <= 1 {
		return &SmppSubmitMessageCompletedEventArgs{SmppSubmitMessageReceivedEventArgs: *e, SequenceNumbers: []uint32{f.seq}}, true
	}
	key := multipart.Key{Client: int64(ss.c.id), Originator: e.Originator, Destination: e.Destination, Ref: ref}
	whole, ids, done, _, err := ss.reasm.Add(now, key, total, seqNo, data, uint64(f.seq))
	if err != nil {
		if errors.Is(err, multipart.ErrFull) {
			return nil, false
		}
		// A malformed part (seq 0 or beyond total) cannot join anything;
		// it is still reported as received on its own.
		ss.srv.logger().Warn("multipart part not reassembled", "client", ss.c.id, "err", err)
		return nil, true
	}
	ss.heads.note(key, seqNo, e, e.Options)
	if !done {
		return nil, true
	}
	base, report := ss.heads.complete(key, e)
	ce := &SmppSubmitMessageCompletedEventArgs{SmppSubmitMessageReceivedEventArgs: *base}
	ce.Options |= report
	ce.Content, ce.Encoding = decodeText(enc, whole)
	ce.UserDataHeader = udhWithoutConcat(udh)
	ce.SequenceNumbers = make([]uint32, len(ids))
	for i, id := range ids {
		ce.SequenceNumbers[i] = uint32(id)
	}
	ce.SequenceNumber = ce.SequenceNumbers[0]
	return ce, true
}

func (ss *smppSession) reportIncomplete(x multipart.Expired, why string) {
	delete(ss.heads, x.Key)
	if ss.srv.droppedQuietly(ss.c.id, x, why, ss.srv.h().OnSmppSubmitMessageIncomplete != nil) {
		return
	}
	seqs := make([]uint32, len(x.IDs))
	for i, id := range x.IDs {
		seqs[i] = uint32(id)
	}
	e := &SmppSubmitMessageIncompleteEventArgs{ClientID: ss.c.id, Originator: x.Key.Originator, Destination: x.Key.Destination,
		Reference: x.Key.Ref, Total: int32(x.Total), Received: int32(x.Received), SequenceNumbers: seqs}
	// An Incomplete event reports what the connection left behind, often
	// because it ended: it keeps the real ClientID, as OnTcpDisconnected does.
	ss.srv.emit(ss.c, nil, func() {
		if hd := ss.srv.h().OnSmppSubmitMessageIncomplete; hd != nil {
			safeCall(&ss.srv.server, "OnSmppSubmitMessageIncomplete", func() { hd(e) })
		}
	})
}

// tlvParams renders TLVs as ExtendedParameters: smpp.tlv.<name>=<hex>
// (unknown tags as smpp.tlv.0xTTTT), appended to pb when given.
func tlvParams(t smpp.TLVs, pb *ParamsBuilder) string {
	if pb == nil {
		pb = &ParamsBuilder{}
	}
	for _, v := range t {
		name := smpp.TagName(v.Tag)
		if name == "" {
			name = "0x" + strings.ToUpper(strconv.FormatUint(uint64(v.Tag)|0x10000, 16)[1:])
		}
		pb.Add("smpp.tlv."+name, upperHex(v.Value))
	}
	return pb.String()
}
