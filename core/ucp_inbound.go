package core

import (
	"errors"
	"strconv"

	"github.com/smscserver/libsmscserver/codec/ucp"
)

// handle processes one received frame (STX..ETX) on the reading goroutine.
func (us *ucpSession) handle(raw []byte) {
	f := &us.dec.frame
	err := f.Parse(raw)
	var perr *ucp.Error
	if err != nil {
		errors.As(err, &perr)
	}
	if us.srv.h().OnUcpTraceProtocol != nil {
		ot, trn := f.OT, f.TRN
		if perr != nil {
			ot, trn = perr.OT, perr.TRN
		}
		traced := raw
		if !us.c.cfg.TracePasswords {
			traced = maskUCPLogin(raw)
		}
		us.trace(us.c.remoteAddr, us.c.localAddr, ot, trn, upperHex(traced), false)
	}
	if err != nil {
		us.srv.stats.malformed.Add(1)
		if perr == nil || !perr.HeaderOK {
			// No TRN/OT to address a NACK to: these octets are not UCP.
			us.c.finish(ReasonLocal, "unreadable UCP frame header")
			return
		}
		if perr.Kind == ucp.Result {
			us.srv.logger().Warn("malformed UCP result dropped", "client", us.c.id, "err", err)
			return
		}
		us.sendNACK(perr.TRN, perr.OT, perr.EC, "")
		return
	}
	if f.Kind == ucp.Result {
		us.onResult(f)
		return
	}
	switch f.OT {
	case ucp.OTAlert:
		// Always answered by the library, logged in or not.
		if err := us.dec.m31.Decode(f); err != nil {
			us.srv.stats.malformed.Add(1)
			us.sendNACK(f.TRN, f.OT, ucp.ECOf(err), "")
			return
		}
		us.sendACK(f.TRN, f.OT, "")
	case ucp.OTSessionManagement:
		us.onLogin(f)
	case ucp.OTSubmitSM:
		us.onSubmit5x(f)
	case ucp.OTCallInput:
		us.onSubmit01(f)
	default:
		us.onOther(f)
	}
}

// ucpFieldParams renders the non-empty fields of an operation as
// ucp.<name>=<value>, skipping the positions in skip; fields beyond the
// named ones are ucp.field<N> (1-based).
func ucpFieldParams(pb *ParamsBuilder, names []string, fields [][]byte, extra [][]byte, skip func(i int) bool) {
	for i, v := range fields {
		if len(v) == 0 || (skip != nil && skip(i)) {
			continue
		}
		pb.Add("ucp."+names[i], string(v))
	}
	for i, v := range extra {
		if len(v) > 0 {
			pb.Add("ucp.field"+strconv.Itoa(len(names)+i+1), string(v))
		}
	}
}

// ucpDecodePassword reads an IRA-hex PWD/NPWD; a value that is not hex is
// given as sent (some SMTs send the password in clear).
func ucpDecodePassword(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, err := ucp.DecodeIRA(b); err == nil {
		return s
	}
	return string(b)
}

func ucpSmallNum(b []byte) uint8 {
	n, ok := ucp.Num(b)
	if !ok || n > 255 {
		return 0
	}
	return uint8(n)
}

func (us *ucpSession) onLogin(f *ucp.Frame) {
	m := &us.dec.m60
	if err := m.Decode(f); err != nil {
		us.srv.stats.malformed.Add(1)
		us.sendNACK(f.TRN, f.OT, ucp.ECOf(err), "")
		return
	}
	var pb ParamsBuilder
	pb.Add("ucp.OT", "60")
	ucpFieldParams(&pb, ucp.Names60[:], m.F[:], m.Extra, func(i int) bool {
		switch i {
		case ucp.F60OAdC, ucp.F60OTON, ucp.F60ONPI, ucp.F60STYP, ucp.F60PWD, ucp.F60NPWD, ucp.F60VERS, ucp.F60OPID:
			return true
		}
		return false
	})
	oadc := string(m.F[ucp.F60OAdC])
	e := &UcpLoginReceivedEventArgs{
		ClientID: us.c.id, TransactionNumber: uint32(f.TRN),
		UserIdentity: oadc, Originator: oadc,
		Password: ucpDecodePassword(m.F[ucp.F60PWD]), NewPassword: ucpDecodePassword(m.F[ucp.F60NPWD]),
		OTON: ucpSmallNum(m.F[ucp.F60OTON]), ONPI: ucpSmallNum(m.F[ucp.F60ONPI]), STYP: ucpSmallNum(m.F[ucp.F60STYP]),
		VERS: string(m.F[ucp.F60VERS]), OPID: string(m.F[ucp.F60OPID]),
		ExtendedParameters: pb.String(),
	}
	key := ucpKey(f.OT, f.TRN)
	us.pending.add(key, uint32(f.OT), us.deadline(), &ucpRequest{adc: oadc})
	if us.srv.h().OnUcpLoginReceived == nil {
		us.answerDefaultIfPending(key)
		return
	}
	us.srv.emit(us.c, &e.ClientID, func() {
		ok := false
		if hd := us.srv.h().OnUcpLoginReceived; hd != nil {
			ok = safeCall(&us.srv.server, "OnUcpLoginReceived", func() { hd(e) })
		}
		if !ok || e.Declined() {
			us.answerDefaultIfPending(key)
		}
	})
}

func (us *ucpSession) onResult(f *ucp.Frame) {
	a := &us.dec.ans
	if err := a.Decode(f); err != nil {
		us.srv.logger().Warn("malformed UCP result dropped", "client", us.c.id, "err", err)
		return
	}
	switch f.OT {
	case ucp.OTAlert:
		if us.keepAliveAnswered(uint32(f.TRN)) {
			return
		}
	case ucp.OTDeliverSM, ucp.OTDeliverNotification:
		if _, st := us.out.answer(uint32(f.TRN)); st == answerLate {
			// Its outcome (a timeout) was reported already.
			us.srv.logger().Debug("late UCP result dropped", "client", us.c.id, "ot", f.OT, "trn", f.TRN)
			return
		}
		id := us.nums.answered(f.TRN) // the host's identifier of the request
		hd := us.srv.h().OnUcpDeliverResponseReceived
		if hd == nil {
			return
		}
		e := &UcpDeliverResponseReceivedEventArgs{ClientID: us.c.id, TransactionNumber: id,
			OperationType: uint32(f.OT), ErrorMessage: string(a.SM)}
		if !a.ACK {
			e.ErrorCode = uint32(a.EC)
		} else if len(a.MVP) > 0 {
			e.ExtendedParameters = "ucp.MVP=" + string(a.MVP)
		}
		// An answer is the outcome of the host's own request: it keeps the real
		// ClientID, as the library's outcomes do, so the host can match it.
		us.srv.emit(us.c, nil, func() {
			if hd := us.srv.h().OnUcpDeliverResponseReceived; hd != nil {
				safeCall(&us.srv.server, "OnUcpDeliverResponseReceived", func() { hd(e) })
			}
		})
		return
	}
	us.emitRAW(f, false)
}

// onOther handles operations without a typed event: RAW when the host
// listens and the session is open, otherwise NACK 03 (07 for a RAW-handled
// operation before login).
func (us *ucpSession) onOther(f *ucp.Frame) {
	if us.srv.h().OnUcpRAWReceived != nil {
		if !us.open() {
			us.sendNACK(f.TRN, f.OT, ucp.ECAuthentication, "")
			return
		}
		us.pending.add(ucpKey(f.OT, f.TRN), uint32(f.OT), us.deadline(), nil)
		us.emitRAW(f, true)
		return
	}
	us.sendNACK(f.TRN, f.OT, ucp.ECNotSupported, "")
}

func (us *ucpSession) emitRAW(f *ucp.Frame, request bool) {
	if us.srv.h().OnUcpRAWReceived == nil {
		return
	}
	e := &UcpRAWReceivedEventArgs{ClientID: us.c.id, TransactionNumber: uint32(f.TRN), OperationType: uint32(f.OT),
		IsResult: f.Kind == ucp.Result, Payload: upperHex(f.Data())}
	key := ucpKey(f.OT, f.TRN)
	us.srv.emit(us.c, &e.ClientID, func() {
		ok := false
		if hd := us.srv.h().OnUcpRAWReceived; hd != nil {
			ok = safeCall(&us.srv.server, "OnUcpRAWReceived", func() { hd(e) })
		}
		if request && (!ok || e.Declined()) {
			us.answerDefaultIfPending(key)
		}
	})
}

// answerDefault sends the default answer (docs/api.md, "Events") to an operation
// no handler answered (timedOut: the host had it but let response-timeout pass).
func (us *ucpSession) answerDefault(key uint32, q pendingReq, timedOut bool) {
	ot, trn := int(key>>8), int(key&0xFF)
	if timedOut {
		us.srv.logger().Warn("request not answered within response-timeout", "client", us.c.id, "ot", ot, "trn", trn)
	}
	switch ot {
	case ucp.OTSessionManagement:
		if !us.opts.loginRequired {
			// The session is open without a login anyway; refusing the 60
			// would only make a client that sends credentials disconnect.
			us.sendACK(trn, ot, "")
			return
		}
		// Nothing opens by accident: reject and close.
		us.sendNACK(trn, ot, ucp.ECAuthentication, "")
		us.c.finish(ReasonLocal, "login rejected by default")
	case ucp.OTSubmitSM, ucp.OTCallInput:
		us.sendNACK(trn, ot, ucp.ECSystemError, "")
	default:
		us.sendNACK(trn, ot, ucp.ECNotSupported, "")
	}
}

// reportUnanswered reports an OT 52 or 53 the client did not answer:
// ErrorCode OutcomeTimeout or OutcomeConnectionLost, ExtendedParameters
// library.outcome=timeout|connection-lost.
func (us *ucpSession) reportUnanswered(u outUnanswered, lost bool) {
	if !lost {
		us.nums.answered(int(u.key)) // its TRN may go on the wire again
	}
	if us.srv.h().OnUcpDeliverResponseReceived == nil {
		return
	}
	e := &UcpDeliverResponseReceivedEventArgs{ClientID: us.c.id, TransactionNumber: u.ident, OperationType: u.op,
		ErrorCode: OutcomeTimeout, ExtendedParameters: outcomeTimeoutParam}
	if lost {
		e.ErrorCode, e.ExtendedParameters = OutcomeConnectionLost, outcomeLostParam
	}
	us.emitOutcome(func() {
		if hd := us.srv.h().OnUcpDeliverResponseReceived; hd != nil {
			safeCall(&us.srv.server, "OnUcpDeliverResponseReceived", func() { hd(e) })
		}
	})
}
