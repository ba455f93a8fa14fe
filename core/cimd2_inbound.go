package core

import (
	"github.com/smscserver/libsmscserver/codec/cimd2"
)

// handle processes one received packet on the reading goroutine. It
// returns true when the session is over (logout).
func (ss *cimd2Session) handle(frame []byte) (stop bool) {
	p := &ss.pkt
	err := cimd2.Parse(frame, p)
	ss.srv.stats.in[cimd2Kind(p.Op)].Add(1)
	if ss.srv.h().OnCimd2TraceProtocol != nil {
		ss.trace(ss.c.remoteAddr, ss.c.localAddr, p.Op, p.Number, upperHex(ss.traced(frame)), false)
	}
	if err != nil {
		ss.srv.stats.malformed.Add(1)
		// NACK, echoing the number when it could be read; otherwise the
		// number the client should be at (Kannel adopts an odd NACK number).
		num := p.Number
		if num < 0 {
			num = ss.nextClientNum
		}
		ss.send(cimd2.OpNack, num, nil)
		return false
	}
	op, num := p.Op, p.Number
	if cimd2.IsClientRequest(op) {
		ss.nextClientNum = num + 2
		if ss.nextClientNum > 255 {
			ss.nextClientNum = 1
		}
	}
	switch op {
	case cimd2.OpAlive:
		// Always answered by the library, in any state.
		ss.send(cimd2.OpAliveResponse, num, nil)
	case cimd2.OpLogin:
		ss.onLogin(p)
	case cimd2.OpLogout:
		ss.onLogout(num)
		return true
	case cimd2.OpSubmit:
		ss.onSubmit(p)
	case cimd2.OpAliveResponse:
		ss.keepAliveAnswered(uint32(num))
	case cimd2.OpNack, cimd2.OpGeneralError:
		if ss.keepAliveAnswered(uint32(num)) {
			return false
		}
		ss.onDeliverResp(p)
	case cimd2.OpDeliverMessageResponse, cimd2.OpDeliverStatusReportResponse:
		ss.onDeliverResp(p)
	default:
		ss.onOther(p, frame)
	}
	return false
}

// onSkipped handles octets the splitter skipped. Data between packets is
// ignored, as the spec says; a request cut short by the next STX is NACKed
// when its header can be read, so the client retransmits at once.
func (ss *cimd2Session) onSkipped(chunk []byte) {
	op, num, ok := cimd2.ParseHeader(chunk)
	if !ok {
		return
	}
	if ss.srv.h().OnCimd2TraceProtocol != nil {
		ss.trace(ss.c.remoteAddr, ss.c.localAddr, op, num, upperHex(ss.traced(chunk)), false)
	}
	ss.srv.stats.in[cimd2Kind(op)].Add(1)
	ss.srv.stats.malformed.Add(1)
	if cimd2.IsClientRequest(op) {
		ss.send(cimd2.OpNack, num, nil)
	}
}

// cimd2ExtParams renders the packet's parameters except those in skip as
// ExtendedParameters: "cimd2.<code>=<value>", in the order received.
func cimd2ExtParams(p *cimd2.Packet, skip ...int) string {
	var b []byte
next:
	for _, pr := range p.Params {
		for _, s := range skip {
			if pr.Code == s {
				continue next
			}
		}
		b = appendCimd2ExtParam(b, pr.Code, pr.Value)
	}
	return string(b)
}

// appendCimd2ExtParam appends ";cimd2.<code>=<value>" (no ';' first).
func appendCimd2ExtParam(b []byte, code int, value []byte) []byte {
	if len(b) > 0 {
		b = append(b, ';')
	}
	b = append(b, "cimd2."...)
	b = append(b, byte('0'+code/100%10), byte('0'+code/10%10), byte('0'+code%10), '=')
	return append(b, value...)
}

func (ss *cimd2Session) onLogin(p *cimd2.Packet) {
	num := p.Number
	if ss.state.Load() != cimd2StOpen {
		// Logged in already, or a login is being decided.
		ss.sendStdError(cimd2.OpLoginResponse, num, cimd2.ErrCodeUnexpectedOperation)
		return
	}
	if pe := p.Check(); pe != nil {
		ss.srv.stats.malformed.Add(1)
		ss.sendStdError(cimd2.OpLoginResponse, num, cimd2.ErrCodeInvalidLogin)
		return
	}
	user, hasUser := p.Get(cimd2.ParamUserIdentity)
	pass, hasPass := p.Get(cimd2.ParamPassword)
	if !hasUser || len(user) == 0 || !hasPass {
		// Both are mandatory, the identity not empty (docs/protocols.md,
		// "CIMD2 / Mandatory content per operation"): the host is not asked
		// to judge a login without them. The error list has no code for a missing parameter; 2
		// (syntax error) is the nearest. The session stays open for a retry
		// until bind-timeout.
		ss.sendStdError(cimd2.OpLoginResponse, num, cimd2.ErrCodeSyntax)
		return
	}
	e := &Cimd2LoginReceivedEventArgs{
		ClientID: ss.c.id, TransactionNumber: uint32(num),
		UserIdentity: string(user), Password: string(pass),
		ExtendedParameters: cimd2ExtParams(p, cimd2.ParamUserIdentity, cimd2.ParamPassword),
	}
	ss.state.Store(cimd2StLoginPending)
	ss.pending.add(uint32(num), cimd2.OpLogin, ss.deadline(), nil)
	if ss.srv.h().OnCimd2LoginReceived == nil {
		ss.answerDefaultIfPending(uint32(num))
		return
	}
	ss.srv.emit(ss.c, &e.ClientID, func() {
		ok := false
		if hd := ss.srv.h().OnCimd2LoginReceived; hd != nil {
			ok = safeCall(&ss.srv.server, "OnCimd2LoginReceived", func() { hd(e) })
		}
		if !ok || e.Declined() {
			ss.answerDefaultIfPending(uint32(num))
		}
	})
}

// onLogout answers 52 and ends the session: the reference has no logout
// event, so the library handles it; OnCimd2LogoutReceived only informs.
func (ss *cimd2Session) onLogout(num int) {
	ss.state.Store(cimd2StLoggedOut)
	ss.send(cimd2.OpLogoutResponse, num, nil)
	if ss.srv.h().OnCimd2LogoutReceived != nil {
		e := &Cimd2LogoutReceivedEventArgs{ClientID: ss.c.id, TransactionNumber: uint32(num)}
		ss.srv.emit(ss.c, &e.ClientID, func() {
			if hd := ss.srv.h().OnCimd2LogoutReceived; hd != nil {
				safeCall(&ss.srv.server, "OnCimd2LogoutReceived", func() { hd(e) })
			}
		})
	}
	ss.c.finish(ReasonLocal, "logged out")
}

func (ss *cimd2Session) onDeliverResp(p *cimd2.Packet) {
	if _, st := ss.out.answer(uint32(p.Number)); st == answerLate {
		// Its outcome (a timeout) was reported already.
		ss.srv.logger().Debug("late CIMD2 response dropped", "client", ss.c.id, "operation", cimd2.OpName(p.Op), "number", p.Number)
		return
	}
	id := ss.nums.answered(p.Number) // the host's identifier of the request
	if ss.srv.h().OnCimd2DeliverResponseReceived == nil {
		return
	}
	e := &Cimd2DeliverResponseReceivedEventArgs{ClientID: ss.c.id, TransactionNumber: id, Code: int32(p.Op)}
	if n, ok := p.Int(cimd2.ParamErrorCode); ok && n >= 0 {
		e.ErrorCode = uint32(n)
	} else if p.Op == cimd2.OpNack {
		e.ErrorCode = cimd2.ErrCodeSyntax
	}
	if v, ok := p.Get(cimd2.ParamErrorText); ok {
		e.ErrorMessage = string(v)
	}
	e.ExtendedParameters = cimd2ExtParams(p, cimd2.ParamErrorCode, cimd2.ParamErrorText)
	// An answer is the outcome of the host's own request: it keeps the real
	// ClientID, as the library's outcomes do, so the host can match it.
	ss.srv.emit(ss.c, nil, func() {
		if hd := ss.srv.h().OnCimd2DeliverResponseReceived; hd != nil {
			safeCall(&ss.srv.server, "OnCimd2DeliverResponseReceived", func() { hd(e) })
		}
	})
}

// onOther handles every packet without a typed event: RAW when the host
// listens (requests only once logged in), otherwise the protocol's answer.
// Responses are never answered.
func (ss *cimd2Session) onOther(p *cimd2.Packet, frame []byte) {
	op, num := p.Op, p.Number
	if cimd2.IsResponse(op) {
		ss.emitRAW(p, frame, false)
		return
	}
	if ss.srv.h().OnCimd2RAWReceived != nil && ss.state.Load() == cimd2StLoggedIn {
		ss.pending.add(uint32(num), uint32(op), ss.deadline(), nil)
		ss.emitRAW(p, frame, true)
		return
	}
	ss.defaultUnknown(op, num)
}

// defaultUnknown answers a request nobody handles: a request an
// application may send (04 enquire, 05 delivery request, 06 cancel, 08 set,
// 09 get) gets its own response with 900:1 (unexpected operation), any
// other code a 98 general error with 900:1, as Kannel's test SMSC does.
func (ss *cimd2Session) defaultUnknown(op, num int) {
	if cimd2.IsClientRequest(op) {
		ss.sendStdError(op+cimd2.OpResponse, num, cimd2.ErrCodeUnexpectedOperation)
		return
	}
	ss.sendStdError(cimd2.OpGeneralError, num, cimd2.ErrCodeUnexpectedOperation)
}

// cimd2RawPayload is the parameter area of a packet: after the header's TAB,
// before the checksum and ETX.
func cimd2RawPayload(frame []byte, p *cimd2.Packet) []byte {
	if len(frame) <= cimd2.HeaderLen {
		return nil
	}
	b := frame[cimd2.HeaderLen : len(frame)-1]
	if p.Checksum >= 0 && len(b) >= 2 {
		b = b[:len(b)-2]
	}
	return b
}

func (ss *cimd2Session) emitRAW(p *cimd2.Packet, frame []byte, request bool) {
	if ss.srv.h().OnCimd2RAWReceived == nil {
		return
	}
	num := uint32(p.Number)
	e := &Cimd2RAWReceivedEventArgs{ClientID: ss.c.id, TransactionNumber: num, Code: int32(p.Op),
		Payload: upperHex(cimd2RawPayload(frame, p))}
	ss.srv.emit(ss.c, &e.ClientID, func() {
		ok := false
		if hd := ss.srv.h().OnCimd2RAWReceived; hd != nil {
			ok = safeCall(&ss.srv.server, "OnCimd2RAWReceived", func() { hd(e) })
		}
		if request && (!ok || e.Declined()) {
			ss.answerDefaultIfPending(num)
		}
	})
}

// answerDefault sends the default answer for a request that no handler
// answered (timedOut: the host had it but let response-timeout pass):
//   - login: 51 with 900:100 (invalid login), and the connection closes;
//   - submit: 53 with 900:6 (general system error), or 900:5 (no response
//     from message center) after response-timeout;
//   - anything else: see defaultUnknown.
func (ss *cimd2Session) answerDefault(num uint32, q pendingReq, timedOut bool) {
	op := int(q.cmd)
	if timedOut {
		ss.srv.logger().Warn("request not answered within response-timeout", "client", ss.c.id,
			"operation", cimd2.OpName(op), "number", num)
	}
	switch op {
	case cimd2.OpLogin:
		ss.pending.take(num)
		ss.state.Store(cimd2StOpen)
		ss.sendStdError(cimd2.OpLoginResponse, int(num), cimd2.ErrCodeInvalidLogin)
		ss.c.finish(ReasonLocal, "login rejected by default")
	case cimd2.OpSubmit:
		code := cimd2.ErrCodeGeneralSystem
		if timedOut {
			code = cimd2.ErrCodeNoResponse
		}
		ss.sendStdError(cimd2.OpSubmitResponse, int(num), code)
		if ref, ok := q.extra.(*cimd2SubmitRef); ok && ss.parts.answer(ref.id, cimd2NoTime) {
			ss.wakeReader()
		}
	default:
		ss.defaultUnknown(op, int(num))
	}
}

// reportUnanswered reports a 20 or 23 the client did not answer: ErrorCode
// OutcomeTimeout or OutcomeConnectionLost, Code the response it awaited
// (70 or 73), ExtendedParameters library.outcome=timeout|connection-lost.
func (ss *cimd2Session) reportUnanswered(u outUnanswered, lost bool) {
	if !lost {
		ss.nums.answered(int(u.key)) // its number may go on the wire again
	}
	if ss.srv.h().OnCimd2DeliverResponseReceived == nil {
		return
	}
	e := &Cimd2DeliverResponseReceivedEventArgs{ClientID: ss.c.id, TransactionNumber: u.ident, Code: int32(u.op) + cimd2.OpResponse,
		ErrorCode: OutcomeTimeout, ExtendedParameters: outcomeTimeoutParam}
	if lost {
		e.ErrorCode, e.ExtendedParameters = OutcomeConnectionLost, outcomeLostParam
	}
	ss.emitOutcome(func() {
		if hd := ss.srv.h().OnCimd2DeliverResponseReceived; hd != nil {
			safeCall(&ss.srv.server, "OnCimd2DeliverResponseReceived", func() { hd(e) })
		}
	})
}

// traced is a received frame as its Trace event shows it: a login's
// password masked unless trace-passwords=true (tracemask.go).
func (ss *cimd2Session) traced(frame []byte) []byte {
	if ss.c.cfg.TracePasswords {
		return frame
	}
	return maskCIMD2Login(frame)
}
