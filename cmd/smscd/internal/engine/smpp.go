package engine

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/codec/text"
	"github.com/smscserver/libsmscserver/core"
)

// SMPP command_status values the engine answers with.
const (
	esmeRINVBNDSTS   = 0x04
	esmeRSYSERR      = 0x08
	esmeRINVMSGID    = 0x0C
	esmeRBINDFAIL    = 0x0D
	esmeRINVPASWD    = 0x0E
	esmeRINVSYSID    = 0x0F
	esmeRCANCELFAIL  = 0x11
	esmeRREPLACEFAIL = 0x13
	esmeRTHROTTLED   = 0x58
	esmeRQUERYFAIL   = 0x67
)

// smppRefusal is the bind_resp status for a refused bind.
var smppRefusal = map[refusal]uint32{refuseSystemID: esmeRINVSYSID, refusePassword: esmeRINVPASWD,
	refuseMode: esmeRBINDFAIL, refuseTooMany: esmeRBINDFAIL}

var bindModeName = map[core.BindMode]string{core.BmTransmitter: "transmitter", core.BmReceiver: "receiver", core.BmTransceiver: "transceiver"}

// logoutGrace is how long a client may keep the connection after its
// unbind_resp before the SMSC closes it.
const logoutGrace = 2 * time.Second

func (e *Engine) installSMPP() {
	srv := e.smpp
	srv.SetHandlers(core.SMPPHandlers{
		OnTcpConnected: func(ev *core.TcpConnectedEventArgs) {
			e.connf("smpp client %d connected from %s:%d", ev.ClientID, ev.RemoteHost, ev.RemotePort)
			e.addSession(pSMPP, ev.ClientID, ev.RemoteHost, ev.RemotePort, ev.ExtendedParameters != "")
			srv.TcpAcceptConnection(ev.ClientID)
		},
		OnTcpDisconnected: func(ev *core.TcpDisconnectedEventArgs) {
			e.dropSession(pSMPP, ev.ClientID)
			e.connf("smpp client %d disconnected: reason %d %s", ev.ClientID, ev.Reason, ev.ReasonText)
		},
		OnSmppLoginReceived: func(ev *core.SmppLoginReceivedEventArgs) {
			mode := bindModeName[ev.BindMode]
			if r := e.login(pSMPP, ev.ClientID, ev.SystemID, ev.Password, mode); r != refuseNone {
				srv.SmppSendLoginResponse(ev.ClientID, ev.SequenceNumber, ev.BindMode, smppRefusal[r], "smscd")
				srv.TcpCloseConnection(ev.ClientID)
				return
			}
			srv.SmppSendLoginResponse(ev.ClientID, ev.SequenceNumber, ev.BindMode, 0, "smscd")
		},
		OnSmppLogoutReceived: func(ev *core.SmppLogoutReceivedEventArgs) {
			if srv.SmppSendLogoutResponse(ev.ClientID, ev.SequenceNumber, 0) == core.OK {
				id := ev.ClientID
				time.AfterFunc(logoutGrace, func() { srv.TcpCloseConnection(id) })
			}
		},
		OnSmppSubmitMessageReceived: e.smppSubmit,
		OnSmppDeliverResponseReceived: func(ev *core.SmppDeliverResponseReceivedEventArgs) {
			e.answered(pSMPP, ev.ClientID, ev.SequenceNumber, ev.Status == 0, smppPermanent(ev.Status), ev.Status, smppDetail(ev.Status))
		},
		OnSmppQueryReceived:   e.smppQuery,
		OnSmppCancelReceived:  e.smppCancel,
		OnSmppReplaceReceived: e.smppReplace,
	})
}

// smppPermanent tells a deliver_sm_resp status that refuses the message
// for good from one worth retrying, as Kannel reads submit_sm_resp:
// throttled (0x58), queue full (0x14), system error (0x08), a temporary
// application error (0x64) and the library's outcomes (no answer, the
// connection lost) are retried; any other error makes the message
// undeliverable.
func smppPermanent(status uint32) bool {
	switch status {
	case 0, 0x08, 0x14, 0x58, 0x64, 0xFFFFFFF0, 0xFFFFFFF1:
		return false
	}
	return true
}

func smppDetail(status uint32) string {
	switch status {
	case 0:
		return ""
	case 0xFFFFFFF0:
		return "no answer"
	case 0xFFFFFFF1:
		return "connection lost"
	}
	return "deliver_sm_resp status 0x" + strings.ToUpper(strconvHex(status))
}

func (e *Engine) smppSubmit(ev *core.SmppSubmitMessageReceivedEventArgs) {
	srv, client, seq := e.smpp, ev.ClientID, ev.SequenceNumber
	multi := strings.Contains(ev.Destination, ";")
	s := e.sessionOf(pSMPP, client)
	if s == nil || e.closing.Load() {
		srv.SmppSendSubmitMessageResponse(client, seq, esmeRSYSERR, "", multi)
		return
	}
	now := time.Now()
	if !e.acc.allow(s.Account, now) {
		e.log.Info("throttled", "session", s.ID, "account", s.Account)
		srv.SmppSendSubmitMessageResponse(client, seq, esmeRTHROTTLED, "", multi)
		return
	}
	r := &store.Record{Message: model.Message{ID: e.messageID(), Direction: "mt", Account: s.Account, Protocol: pSMPP,
		From: ev.Originator, To: ev.Destination, Text: ev.Content, Receipt: ev.RegisteredDelivery&0x03 != 0,
		ValidUntil: ev.ValidityPeriod},
		SrcTON: ev.OriginatorTON, SrcNPI: ev.OriginatorNPI, DstTON: ev.DestinationTON, DstNPI: ev.DestinationNPI,
		Encoding: int(ev.Encoding), UDH: ev.UserDataHeader, RegisteredDelivery: ev.RegisteredDelivery}
	e.prepare(r, now, ev.DeliveryTime)
	e.store(r, func(ok bool) {
		if ok {
			srv.SmppSendSubmitMessageResponse(client, seq, 0, r.ID, multi)
		} else {
			srv.SmppSendSubmitMessageResponse(client, seq, esmeRSYSERR, "", multi)
		}
	})
}

// smppState is the SMPP message_state of a stored state.
func smppState(s model.State) core.MessageState {
	switch s {
	case model.StateAccepted:
		return core.MsAccepted
	case model.StateEnroute:
		return core.MsEnroute
	case model.StateDelivered:
		return core.MsDelivered
	case model.StateUndeliverable:
		return core.MsUndeliverable
	case model.StateExpired:
		return core.MsExpired
	case model.StateRejected:
		return core.MsRejected
	case model.StateDeleted:
		return core.MsDeleted
	}
	return core.MsUnknown
}

// owned finds message id for the session's account: a client sees only
// the messages its account submitted.
func (e *Engine) owned(client int32, id string) (*store.Record, bool) {
	s := e.sessionOf(pSMPP, client)
	r, err := e.get(id)
	if err != nil || s == nil || r.Account != s.Account {
		return nil, false
	}
	return r, true
}

func (e *Engine) smppQuery(ev *core.SmppQueryReceivedEventArgs) {
	r, ok := e.owned(ev.ClientID, ev.MessageID)
	if !ok {
		e.smpp.SmppSendQueryResponse(ev.ClientID, ev.SequenceNumber, esmeRQUERYFAIL, ev.MessageID, time.Time{}, core.MsUnknown, 0)
		return
	}
	var final time.Time
	if r.State.Final() && len(r.History) > 0 {
		final = r.History[len(r.History)-1].At
	}
	e.smpp.SmppSendQueryResponse(ev.ClientID, ev.SequenceNumber, 0, r.ID, final, smppState(r.State), uint8(r.ErrorCode))
}

// changePending applies fn to message id when it is not final yet and
// reports whether it did.
func (e *Engine) changePending(id string, fn func(r *store.Record, now time.Time)) bool {
	changed := false
	_, err := e.updateWait(id, func(r *store.Record) bool {
		if r.State.Final() {
			return false
		}
		fn(r, time.Now())
		changed = true
		return true
	})
	return err == nil && changed
}

func (e *Engine) smppCancel(ev *core.SmppCancelReceivedEventArgs) {
	if _, ok := e.owned(ev.ClientID, ev.MessageID); !ok {
		e.smpp.SmppSendCancelResponse(ev.ClientID, ev.SequenceNumber, esmeRCANCELFAIL)
		return
	}
	client, seq := ev.ClientID, ev.SequenceNumber
	go func() { // UpdateWait waits for a commit: not on the connection's goroutine
		ok := e.changePending(ev.MessageID, func(r *store.Record, now time.Time) {
			r.SetState(model.StateDeleted, now.UTC(), "cancel_sm")
			e.finished(r, now)
		})
		status := uint32(0)
		if !ok {
			status = esmeRCANCELFAIL
		}
		e.smpp.SmppSendCancelResponse(client, seq, status)
	}()
}

func (e *Engine) smppReplace(ev *core.SmppReplaceReceivedEventArgs) {
	if _, ok := e.owned(ev.ClientID, ev.MessageID); !ok {
		e.smpp.SmppSendReplaceResponse(ev.ClientID, ev.SequenceNumber, esmeRREPLACEFAIL)
		return
	}
	client, seq, hexText, vp, rd := ev.ClientID, ev.SequenceNumber, ev.Content, ev.ValidityPeriod, ev.RegisteredDelivery
	go func() {
		ok := e.changePending(ev.MessageID, func(r *store.Record, now time.Time) {
			// replace_sm has no data_coding: its short_message is in the
			// message's own coding, which the library hands over in hex.
			r.Text = hexText
			if enc := sms.Encoding(r.Encoding); enc != sms.Et8BitHexadecimal {
				if b, err := hex.DecodeString(hexText); err == nil {
					if t, err := text.Decode(enc, b); err == nil {
						r.Text = t
					}
				}
			}
			if !vp.IsZero() {
				r.ValidUntil = vp.UTC()
			}
			r.RegisteredDelivery = rd
			r.Receipt = rd&0x03 != 0
			r.History = append(r.History, model.StateChange{At: now.UTC(), State: r.State, Detail: "replace_sm"})
		})
		status := uint32(0)
		if !ok {
			status = esmeRREPLACEFAIL
		}
		e.smpp.SmppSendReplaceResponse(client, seq, status)
	}()
}

// smppDeliver sends r to an SMPP session as deliver_sm.
func (e *Engine) smppDeliver(s *session, r *store.Record) ([]uint32, core.Code) {
	return e.smpp.SmppSendDeliverMessage(s.client, e.num(), r.To, r.DstTON, r.DstNPI, r.From, r.SrcTON, r.SrcNPI,
		r.Text, sms.Encoding(r.Encoding), r.UDH, 0, "", "")
}

// smppReceipt sends r's receipt: the final state, or enroute for an
// intermediate one.
func (e *Engine) smppReceipt(s *session, r *store.Record, intermediate bool) (uint32, core.Code) {
	n := e.num()
	rt, st, done := core.RtFinal, smppState(r.State), time.Now()
	if intermediate {
		rt, st = core.RtIntermediate, core.MsEnroute
	}
	delivered := 0
	if r.State == model.StateDelivered {
		delivered = 1
	}
	return n, e.smpp.SmppSendDeliverStatusReport(s.client, n, r.From, r.SrcTON, r.SrcNPI, r.To, r.DstTON, r.DstNPI, rt, r.ID, "",
		1, delivered, r.SubmittedAt, done, st, r.ErrorCode, r.Text, "")
}
