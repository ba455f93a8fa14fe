package core

import (
	"time"

	"github.com/smscserver/libsmscserver/codec/smpp"
)

// handle processes one received PDU on the reading goroutine.
func (ss *smppSession) handle(frame []byte) {
	h, _ := smpp.ParseHeader(frame) // the splitter guaranteed a full header
	body := frame[smpp.HeaderLen:]
	ss.srv.stats.in[smppKind(h.CommandID)].Add(1)
	if ss.srv.h().OnSmppTraceProtocol != nil {
		traced := frame
		if !ss.c.cfg.TracePasswords {
			traced = maskSMPPBind(frame)
		}
		ss.trace(ss.c.remoteAddr, ss.c.localAddr, uint32(h.CommandID), h.Sequence, upperHex(traced), false)
	}
	st := ss.state.Load()
	switch h.CommandID {
	case smpp.CmdBindReceiver, smpp.CmdBindTransmitter, smpp.CmdBindTransceiver:
		ss.onBind(h, body, st)
	case smpp.CmdUnbind:
		ss.onUnbind(h, st)
	case smpp.CmdEnquireLink:
		// Always answered by the library, in any state (JSMPP and most
		// SMSCs do; 3.4 lists it for bound states only).
		ss.send(smpp.CmdEnquireLinkResp, smpp.StatusOK, h.Sequence, nil)
	case smpp.CmdEnquireLinkResp:
		ss.keepAliveAnswered(h.Sequence)
	case smpp.CmdSubmitSM:
		if ss.requireState(h, st, smppStBoundTX, smppStBoundTRX) {
			ss.onSubmitSM(h, body)
		}
	case smpp.CmdSubmitMulti:
		if ss.requireState(h, st, smppStBoundTX, smppStBoundTRX) {
			ss.onSubmitMulti(h, body)
		}
	case smpp.CmdDataSM:
		if ss.requireState(h, st, smppStBoundTX, smppStBoundTRX, smppStBoundRX) {
			ss.onDataSM(h, body)
		}
	case smpp.CmdQuerySM, smpp.CmdCancelSM, smpp.CmdReplaceSM:
		if ss.requireState(h, st, smppStBoundTX, smppStBoundTRX) {
			ss.onQueryCancelReplace(h, body)
		}
	case smpp.CmdDeliverSMResp, smpp.CmdDataSMResp:
		ss.onDeliverResp(h, body)
	case smpp.CmdGenericNack:
		if ss.keepAliveAnswered(h.Sequence) {
			return
		}
		ss.onDeliverResp(h, nil)
	case smpp.CmdUnbindResp:
		// We never send unbind; nothing to correlate.
	default:
		ss.onOther(h, body)
	}
}

// requireState answers RINVBNDSTS when the PDU is not allowed now.
func (ss *smppSession) requireState(h smpp.Header, st int32, allowed ...int32) bool {
	for _, a := range allowed {
		if st == a {
			return true
		}
	}
	ss.send(h.CommandID.Response(), smpp.StatusInvBndSts, h.Sequence, nil)
	return false
}

// deadline is when a request received now must have been answered. Only
// the reading goroutine calls it (it reads that goroutine's clock).
func (ss *smppSession) deadline() time.Time { return ss.responseDeadline(ss.now) }

func (ss *smppSession) onBind(h smpp.Header, body []byte, st int32) {
	if st != smppStOpen {
		status := smpp.StatusAlyBnd
		if st == smppStUnbound {
			status = smpp.StatusInvBndSts
		}
		ss.sendBindResp(h.CommandID.Response(), status, h.Sequence, "", 0)
		return
	}
	b := &ss.dec.bind
	if err := b.Decode(body); err != nil {
		ss.srv.stats.malformed.Add(1)
		ss.sendBindResp(h.CommandID.Response(), smpp.StatusOf(err), h.Sequence, "", 0)
		return
	}
	e := &SmppLoginReceivedEventArgs{
		ClientID:         ss.c.id,
		SequenceNumber:   h.Sequence,
		SystemID:         string(b.SystemID),
		Password:         string(b.Password),
		SystemType:       string(b.SystemType),
		InterfaceVersion: b.InterfaceVersion,
		AddressTON:       b.AddrTON,
		AddressNPI:       b.AddrNPI,
		AddressRange:     string(b.AddressRange),
		BindMode:         bindModeOf(h.CommandID),
	}
	ss.state.Store(smppStBindPending)
	ss.version.Store(uint32(b.InterfaceVersion))
	hd := ss.srv.h().OnSmppLoginReceived
	ss.pending.add(h.Sequence, uint32(h.CommandID), ss.deadline(), nil)
	if hd == nil {
		ss.answerDefault(h.Sequence, pendingReq{cmd: uint32(h.CommandID)}, false)
		return
	}
	ss.srv.emit(ss.c, &e.ClientID, func() {
		ok := false
		if hd := ss.srv.h().OnSmppLoginReceived; hd != nil {
			ok = safeCall(&ss.srv.server, "OnSmppLoginReceived", func() { hd(e) })
		}
		if !ok || e.Declined() {
			ss.answerDefaultIfPending(h.Sequence)
		}
	})
}

func bindModeOf(id smpp.CommandID) BindMode {
	switch id {
	case smpp.CmdBindReceiver:
		return BmReceiver
	case smpp.CmdBindTransmitter:
		return BmTransmitter
	}
	return BmTransceiver
}

func (ss *smppSession) onUnbind(h smpp.Header, st int32) {
	if !isBound(st) {
		ss.send(smpp.CmdUnbindResp, smpp.StatusInvBndSts, h.Sequence, nil)
		return
	}
	ss.pending.add(h.Sequence, uint32(smpp.CmdUnbind), ss.deadline(), nil)
	hd := ss.srv.h().OnSmppLogoutReceived
	if hd == nil {
		ss.answerDefaultIfPending(h.Sequence)
		return
	}
	e := &SmppLogoutReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: h.Sequence}
	ss.srv.emit(ss.c, &e.ClientID, func() {
		ok := false
		if hd := ss.srv.h().OnSmppLogoutReceived; hd != nil {
			ok = safeCall(&ss.srv.server, "OnSmppLogoutReceived", func() { hd(e) })
		}
		if !ok || e.Declined() {
			ss.answerDefaultIfPending(h.Sequence)
		}
	})
}

func (ss *smppSession) onDeliverResp(h smpp.Header, body []byte) {
	if _, st := ss.out.answer(h.Sequence); st == answerLate {
		// Its outcome (a timeout) was reported already.
		ss.srv.logger().Debug("late deliver_sm_resp dropped", "client", ss.c.id, "sequence", h.Sequence)
		return
	}
	hd := ss.srv.h().OnSmppDeliverResponseReceived
	if hd == nil {
		return
	}
	r := &ss.dec.resp
	e := &SmppDeliverResponseReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: h.Sequence, Status: uint32(h.Status)}
	if body != nil && r.Decode(body) == nil {
		e.MessageID = string(r.MessageID)
		e.ExtendedParameters = tlvParams(r.TLVs, nil)
	}
	if h.CommandID == smpp.CmdDataSMResp {
		e.ExtendedParameters = joinParams("smpp.command=data_sm_resp", e.ExtendedParameters)
	} else if h.CommandID == smpp.CmdGenericNack {
		e.ExtendedParameters = "smpp.command=generic_nack"
	}
	// An answer is the outcome of the host's own request: it keeps the real
	// ClientID, as the library's outcomes do, so the host can match it.
	ss.srv.emit(ss.c, nil, func() {
		if hd := ss.srv.h().OnSmppDeliverResponseReceived; hd != nil {
			safeCall(&ss.srv.server, "OnSmppDeliverResponseReceived", func() { hd(e) })
		}
	})
}

// onOther handles every PDU without a typed event: RAW when the host
// listens, otherwise the protocol's answer. Responses are never answered.
func (ss *smppSession) onOther(h smpp.Header, body []byte) {
	if h.CommandID.IsResponse() {
		ss.emitRAW(h, body, false)
		return
	}
	if ss.srv.h().OnSmppRAWReceived != nil && !notBound(ss.state.Load()) {
		ss.pending.add(h.Sequence, uint32(h.CommandID), ss.deadline(), nil)
		ss.emitRAW(h, body, true)
		return
	}
	ss.defaultUnknown(h.CommandID, h.Sequence)
}

// defaultUnknown answers a request nobody handles: known requests that
// an ESME may not send (deliver_sm, outbind, alert_notification, 5.0
// broadcasts) and unknown ids alike get generic_nack RINVCMDID, as Kannel
// and the spec's error table do. In OPEN state a known request gets its
// own response with RINVBNDSTS instead.
func (ss *smppSession) defaultUnknown(id smpp.CommandID, seq uint32) {
	if notBound(ss.state.Load()) && id.HasResponse() && id.Known() {
		ss.send(id.Response(), smpp.StatusInvBndSts, seq, nil)
		return
	}
	ss.send(smpp.CmdGenericNack, smpp.StatusInvCmdID, seq, nil)
}

func (ss *smppSession) emitRAW(h smpp.Header, body []byte, request bool) {
	if ss.srv.h().OnSmppRAWReceived == nil {
		return
	}
	e := &SmppRAWReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: h.Sequence, CommandID: uint32(h.CommandID),
		CommandStatus: uint32(h.Status), Payload: upperHex(body)}
	ss.srv.emit(ss.c, &e.ClientID, func() {
		ok := false
		if hd := ss.srv.h().OnSmppRAWReceived; hd != nil {
			ok = safeCall(&ss.srv.server, "OnSmppRAWReceived", func() { hd(e) })
		}
		if request && (!ok || e.Declined()) {
			ss.answerDefaultIfPending(h.Sequence)
		}
	})
}

// answerDefault sends the default answer (docs/api.md, "Events") to a request
// that no handler answered (timedOut: the host had it but let response-timeout
// pass).
func (ss *smppSession) answerDefault(seq uint32, q pendingReq, timedOut bool) {
	id := smpp.CommandID(q.cmd)
	if timedOut {
		ss.srv.logger().Warn("request not answered within response-timeout", "client", ss.c.id, "command", id.String(), "sequence", seq)
	}
	switch id {
	case smpp.CmdBindReceiver, smpp.CmdBindTransmitter, smpp.CmdBindTransceiver:
		// Nothing opens by accident: reject and close.
		ss.pending.take(seq)
		ss.state.Store(smppStOpen)
		ss.sendBindResp(id.Response(), smpp.StatusBindFail, seq, "", 0)
		ss.c.finish(ReasonLocal, "login rejected by default")
	case smpp.CmdUnbind:
		ss.pending.take(seq)
		ss.send(smpp.CmdUnbindResp, smpp.StatusOK, seq, nil)
		ss.state.Store(smppStUnbound)
		ss.c.finish(ReasonLocal, "unbound")
	case smpp.CmdSubmitSM, smpp.CmdSubmitMulti, smpp.CmdDataSM:
		ss.send(id.Response(), smpp.StatusSysErr, seq, nil)
	case smpp.CmdQuerySM:
		msgID, _ := q.extra.(string)
		ss.sendQueryResp(seq, smpp.StatusQueryFail, msgID, "", MsUnknown, 0)
	case smpp.CmdCancelSM:
		ss.send(id.Response(), smpp.StatusCancelFail, seq, nil)
	case smpp.CmdReplaceSM:
		ss.send(id.Response(), smpp.StatusReplaceFail, seq, nil)
	default:
		if id.Known() && id.HasResponse() {
			ss.send(id.Response(), smpp.StatusSysErr, seq, nil)
		} else {
			ss.send(smpp.CmdGenericNack, smpp.StatusInvCmdID, seq, nil)
		}
	}
}

// sendBindResp answers a bind. A failed bind_transmitter/receiver_resp gets the
// header only, as SMPP 3.4 returns no body with an error status; a failed
// bind_transceiver_resp keeps its system_id (cloudhopper's vector, SMPP vector 5
// in docs/test-vectors.md). Clients split on this: gosmpp reads the body of a
// failed transceiver response and fails on one for the other two.
func (ss *smppSession) sendBindResp(id smpp.CommandID, status smpp.Status, seq uint32, systemID string, scVersion byte) Code {
	if status != smpp.StatusOK && id != smpp.CmdBindTransceiverResp {
		return ss.send(id, status, seq, nil)
	}
	if status != smpp.StatusOK {
		scVersion = 0
	}
	if systemID == "" {
		systemID = ss.c.cfg.SystemID
	}
	return ss.sendWith(id, status, seq, func() smpp.BodyAppender {
		r := &ss.enc.bindResp
		r.SystemID = bytesOf(systemID)
		r.TLVs = r.TLVs[:0]
		if scVersion != 0 {
			ss.enc.tlvBuf[0] = scVersion
			r.TLVs = append(r.TLVs, smpp.TLV{Tag: smpp.TagScInterfaceVersion, Value: ss.enc.tlvBuf[:1]})
		}
		return r
	})
}

func joinParams(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ";" + b
}

// reportUnanswered reports a deliver_sm the client did not answer: Status
// OutcomeTimeout or OutcomeConnectionLost, ExtendedParameters
// library.outcome=timeout|connection-lost.
func (ss *smppSession) reportUnanswered(u outUnanswered, lost bool) {
	if ss.srv.h().OnSmppDeliverResponseReceived == nil {
		return
	}
	e := &SmppDeliverResponseReceivedEventArgs{ClientID: ss.c.id, SequenceNumber: u.ident,
		Status: OutcomeTimeout, ExtendedParameters: outcomeTimeoutParam}
	if lost {
		e.Status, e.ExtendedParameters = OutcomeConnectionLost, outcomeLostParam
	}
	ss.emitOutcome(func() {
		if hd := ss.srv.h().OnSmppDeliverResponseReceived; hd != nil {
			safeCall(&ss.srv.server, "OnSmppDeliverResponseReceived", func() { hd(e) })
		}
	})
}
