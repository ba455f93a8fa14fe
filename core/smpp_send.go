package core

import (
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/codec/smpp"
	"github.com/smscserver/libsmscserver/codec/smstime"
)

// session resolves a ClientID to its SMPP session.
func (s *SMPPServer) session(clientID int32) (*smppSession, Code) {
	c, code := s.liveConn(clientID)
	if code != OK {
		return nil, code
	}
	return c.sess.(*smppSession), OK
}

// takePending removes the request being answered and checks that it is of
// one of the expected kinds; a mismatch leaves it pending.
func (ss *smppSession) takePending(seq uint32, kinds ...smpp.CommandID) (pendingReq, Code) {
	q, ok := ss.pending.takeIf(seq, func(cmd uint32) bool {
		for _, k := range kinds {
			if smpp.CommandID(cmd) == k {
				return true
			}
		}
		return false
	})
	if !ok {
		return q, ErrNotPending
	}
	return q, OK
}

// SmppSendLoginResponse answers a bind. Status 0 binds the session in the
// mode the client asked for; any other status leaves it unbound (close it
// with TcpCloseConnection if the client should go). SystemID "" sends the
// server's system-id. The sc_interface_version TLV goes only to 3.4+ clients.
func (s *SMPPServer) SmppSendLoginResponse(clientID int32, sequenceNumber uint32, bindMode BindMode, status uint32, systemID string) Code {
	if !bindMode.Valid() || len(systemID) > 15 {
		return ErrInvalidArgument
	}
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	q, code := ss.takePending(sequenceNumber, smpp.CmdBindReceiver, smpp.CmdBindTransmitter, smpp.CmdBindTransceiver)
	if code != OK {
		return code
	}
	cmd := smpp.CommandID(q.cmd)
	var scVersion byte
	if status == 0 {
		switch cmd {
		case smpp.CmdBindReceiver:
			ss.state.Store(smppStBoundRX)
		case smpp.CmdBindTransmitter:
			ss.state.Store(smppStBoundTX)
		default:
			ss.state.Store(smppStBoundTRX)
		}
		if ss.version.Load() >= 0x34 {
			scVersion = 0x34
		}
		ss.c.nudge() // the reader re-arms its timers (keep-alive) for the bound session
	} else {
		ss.state.Store(smppStOpen)
	}
	return ss.sendBindResp(cmd.Response(), smpp.Status(status), sequenceNumber, systemID, scVersion)
}

// SmppSendLogoutResponse answers an unbind. With status 0 the session is
// unbound: the connection stays open, and every further request but
// enquire_link is refused (ESME_RINVBNDSTS), until the client closes it or
// the host does with TcpCloseConnection, as the reference's usage overview
// has the host do after giving the client some time. unbind-close-timeout
// (off by default) lets the library close it instead.
func (s *SMPPServer) SmppSendLogoutResponse(clientID int32, sequenceNumber uint32, status uint32) Code {
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	if _, code = ss.takePending(sequenceNumber, smpp.CmdUnbind); code != OK {
		return code
	}
	code = ss.send(smpp.CmdUnbindResp, smpp.Status(status), sequenceNumber, nil)
	if status == 0 {
		ss.state.Store(smppStUnbound)
		if d := ss.c.cfg.UnbindCloseTimeout; d > 0 {
			c := ss.c
			time.AfterFunc(d, func() {
				c.finish(ReasonLocal, "unbind-close-timeout: the client kept the connection after unbind_resp")
			})
		}
	}
	return code
}

// SmppSendSubmitMessageResponse answers submit_sm, submit_multi or data_sm
// with the matching response. MessageID is up to 64 characters. An error
// status sends the header only, as SMPP 3.4 says. multipleDestinations is
// accepted for compatibility; the library knows which request it answers.
func (s *SMPPServer) SmppSendSubmitMessageResponse(clientID int32, sequenceNumber uint32, status uint32, messageID string, multipleDestinations bool) Code {
	return s.submitResponse(clientID, sequenceNumber, status, messageID, "")
}

// SmppSendSubmitMultiMessageResponse answers a submit_multi naming the
// destinations that failed: "address:status;address:status" (status in
// decimal or 0x hex). TON/NPI are copied from the request.
func (s *SMPPServer) SmppSendSubmitMultiMessageResponse(clientID int32, sequenceNumber uint32, status uint32, messageID string, unsuccessful string) Code {
	return s.submitResponse(clientID, sequenceNumber, status, messageID, unsuccessful)
}

func (s *SMPPServer) submitResponse(clientID int32, seq uint32, status uint32, messageID, unsuccessful string) Code {
	if len(messageID) > 64 {
		return ErrInvalidArgument
	}
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	kinds := []smpp.CommandID{smpp.CmdSubmitSM, smpp.CmdSubmitMulti, smpp.CmdDataSM}
	if unsuccessful != "" {
		kinds = kinds[1:2]
	}
	q, code := ss.takePending(seq, kinds...)
	if code != OK {
		return code
	}
	// Taken first: a second answer is refused at once, and response-timeout
	// does not answer it while this call waits for its ThrottleRate slot.
	if !ss.c.paced() {
		return ErrConnectionClosed
	}
	cmd := smpp.CommandID(q.cmd)
	if status != 0 {
		return ss.send(cmd.Response(), smpp.Status(status), seq, nil)
	}
	if cmd != smpp.CmdSubmitMulti {
		return ss.sendWith(cmd.Response(), smpp.StatusOK, seq, func() smpp.BodyAppender {
			r := &ss.enc.resp
			r.MessageID = bytesOf(messageID)
			r.TLVs = r.TLVs[:0]
			return r
		})
	}
	unsuccess, err := parseUnsuccessful(unsuccessful, q.extra)
	if err != OK {
		ss.pending.add(seq, q.cmd, time.Now().Add(ss.c.cfg.ResponseTimeout), q.extra) // let the host retry
		return err
	}
	return ss.sendWith(smpp.CmdSubmitMultiResp, smpp.StatusOK, seq, func() smpp.BodyAppender {
		r := &ss.enc.multiResp
		r.MessageID = bytesOf(messageID)
		r.Unsuccess = unsuccess
		r.TLVs = r.TLVs[:0]
		return r
	})
}

func parseUnsuccessful(s string, extra any) ([]smpp.UnsuccessSME, Code) {
	if s == "" {
		return nil, OK
	}
	dests, _ := extra.([]multiDest)
	var out []smpp.UnsuccessSME
	for _, item := range strings.Split(s, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		addr, st, _ := strings.Cut(item, ":")
		n, err := strconv.ParseUint(strings.TrimSpace(st), 0, 32)
		if err != nil || len(addr) > 20 {
			return nil, ErrInvalidArgument
		}
		u := smpp.UnsuccessSME{Address: []byte(addr), ErrorStatus: smpp.Status(n)}
		for _, d := range dests {
			if d.addr == addr {
				u.TON, u.NPI = d.ton, d.npi
				break
			}
		}
		out = append(out, u)
	}
	if len(out) > 254 {
		return nil, ErrInvalidArgument
	}
	return out, OK
}

// SmppSendQueryResponse answers query_sm (beyond the reference).
// finalDate zero sends an empty final_date.
func (s *SMPPServer) SmppSendQueryResponse(clientID int32, sequenceNumber uint32, status uint32, messageID string, finalDate time.Time, messageState MessageState, errorCode uint8) Code {
	if len(messageID) > 64 || messageState < 0 || messageState > 255 {
		return ErrInvalidArgument
	}
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	if _, code = ss.takePending(sequenceNumber, smpp.CmdQuerySM); code != OK {
		return code
	}
	fd := ""
	if !finalDate.IsZero() {
		fd = smstime.FormatSMPPAbsolute(finalDate)
	}
	return ss.sendQueryResp(sequenceNumber, smpp.Status(status), messageID, fd, messageState, errorCode)
}

// sendQueryResp always carries the body, also with an error status: unlike
// submit_sm_resp, SMPP 3.4 gives query_sm_resp no header-only form, and
// clients such as gosmpp drop the session on one.
func (ss *smppSession) sendQueryResp(seq uint32, status smpp.Status, messageID, finalDate string, state MessageState, errorCode uint8) Code {
	return ss.sendWith(smpp.CmdQuerySMResp, status, seq, func() smpp.BodyAppender {
		r := &ss.enc.queryResp
		r.MessageID = bytesOf(messageID)
		r.FinalDate = bytesOf(finalDate)
		r.MessageState = byte(state)
		r.ErrorCode = errorCode
		return r
	})
}

// SmppSendCancelResponse answers cancel_sm (beyond the reference).
func (s *SMPPServer) SmppSendCancelResponse(clientID int32, sequenceNumber uint32, status uint32) Code {
	return s.headerOnlyResponse(clientID, sequenceNumber, status, smpp.CmdCancelSM)
}

// SmppSendReplaceResponse answers replace_sm (beyond the reference).
func (s *SMPPServer) SmppSendReplaceResponse(clientID int32, sequenceNumber uint32, status uint32) Code {
	return s.headerOnlyResponse(clientID, sequenceNumber, status, smpp.CmdReplaceSM)
}

func (s *SMPPServer) headerOnlyResponse(clientID int32, seq uint32, status uint32, req smpp.CommandID) Code {
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	if _, code = ss.takePending(seq, req); code != OK {
		return code
	}
	return ss.send(req.Response(), smpp.Status(status), seq, nil)
}

// SmppSendRAW sends any PDU: the header from the arguments, Payload as the
// body in hex (spaces allowed). Answering a pending request this way (command_id with the
// response bit) counts as its answer.
func (s *SMPPServer) SmppSendRAW(clientID int32, sequenceNumber uint32, commandID uint32, commandStatus uint32, payload string) Code {
	// Spaces between octets are allowed, as hosts paste traced PDUs.
	body, err := hex.DecodeString(strings.Join(strings.Fields(payload), ""))
	if err != nil || len(body) > 16<<20 {
		return ErrInvalidArgument
	}
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	id := smpp.CommandID(commandID)
	if id.IsResponse() {
		ss.pending.takeIf(sequenceNumber, func(cmd uint32) bool {
			return smpp.CommandID(cmd).Response() == id || id == smpp.CmdGenericNack
		})
	}
	return ss.sendWith(id, smpp.Status(commandStatus), sequenceNumber, func() smpp.BodyAppender {
		if len(body) == 0 {
			return nil
		}
		ss.enc.raw.b = body
		return &ss.enc.raw
	})
}

// SmppAnswerDefault sends the library's default answer (the one sent when no
// handler is registered) to a request that still awaits the host's answer.
// Bindings use it when a handler fails after its callback returned (an
// async handler), rather than letting the client wait for response-timeout.
func (s *SMPPServer) SmppAnswerDefault(clientID int32, sequenceNumber uint32) Code {
	ss, code := s.session(clientID)
	if code != OK {
		return code
	}
	q, ok := ss.pending.take(sequenceNumber)
	if !ok {
		return ErrNotPending
	}
	ss.answerDefault(sequenceNumber, q, false)
	return OK
}
