package engine

import (
	"strconv"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

// UCP error codes (EC) the engine answers with. UCP has no throttling
// code; 04 "operation not allowed" is what SMSCs use (Kannel treats every
// negative result to a 51 as a rejection, so it does not retry).
const (
	ucpNotAllowed  = 4
	ucpAuthFailure = 7
	ucpSystemError = 55
)

var ucpRefusal = map[refusal]uint32{refuseSystemID: ucpAuthFailure, refusePassword: ucpAuthFailure,
	refuseMode: ucpNotAllowed, refuseTooMany: ucpNotAllowed}

func (e *Engine) installUCP() {
	srv := e.ucp
	srv.SetHandlers(core.UCPHandlers{
		OnTcpConnected: func(ev *core.TcpConnectedEventArgs) {
			e.connf("ucp client %d connected from %s:%d", ev.ClientID, ev.RemoteHost, ev.RemotePort)
			e.addSession(pUCP, ev.ClientID, ev.RemoteHost, ev.RemotePort, ev.ExtendedParameters != "")
			srv.TcpAcceptConnection(ev.ClientID)
		},
		OnTcpDisconnected: func(ev *core.TcpDisconnectedEventArgs) {
			e.dropSession(pUCP, ev.ClientID)
			e.connf("ucp client %d disconnected: reason %d %s", ev.ClientID, ev.Reason, ev.ReasonText)
		},
		OnUcpLoginReceived: func(ev *core.UcpLoginReceivedEventArgs) {
			if r := e.login(pUCP, ev.ClientID, ev.UserIdentity, ev.Password, "transceiver"); r != refuseNone {
				srv.UcpSendLoginResponse(ev.ClientID, ev.TransactionNumber, ucpRefusal[r], refusalText[r])
				srv.TcpCloseConnection(ev.ClientID)
				return
			}
			srv.UcpSendLoginResponse(ev.ClientID, ev.TransactionNumber, 0, "")
		},
		OnUcpSubmitMessageReceived: e.ucpSubmit,
		OnUcpDeliverResponseReceived: func(ev *core.UcpDeliverResponseReceivedEventArgs) {
			detail := ""
			if ev.ErrorCode != 0 {
				detail = outcomeDetail(ev.ErrorCode, "UCP EC "+strconv.Itoa(int(ev.ErrorCode)))
			}
			e.answered(pUCP, ev.ClientID, ev.TransactionNumber, ev.ErrorCode == 0, false, ev.ErrorCode, detail)
		},
	})
}

// outcomeDetail names the library's outcomes (timeout, connection lost).
func outcomeDetail(code uint32, other string) string {
	switch code {
	case 0xFFFFFFF0:
		return "no answer"
	case 0xFFFFFFF1:
		return "connection lost"
	}
	return other
}

// reportMask reads a report request mask (UCP NT, CIMD2 056) the library
// passes in ExtendedParameters; 0 when absent.
func reportMask(ext, proto, key string) int {
	v, ok, err := core.ParseParams(ext).Int(proto, key, 0)
	if !ok || err != nil {
		return 0
	}
	return int(v)
}

func (e *Engine) ucpSubmit(ev *core.UcpSubmitMessageReceivedEventArgs) {
	srv, client, trn := e.ucp, ev.ClientID, ev.TransactionNumber
	s := e.sessionOf(pUCP, client)
	if s == nil || e.closing.Load() {
		srv.UcpSendSubmitMessageResponse(client, trn, "", time.Time{}, ucpSystemError, "shutting down")
		return
	}
	now := time.Now()
	if !e.acc.allow(s.Account, now) {
		e.log.Info("throttled", "session", s.ID, "account", s.Account)
		srv.UcpSendSubmitMessageResponse(client, trn, "", time.Time{}, ucpNotAllowed, "throttling")
		return
	}
	ts := e.ucpTS.next()
	r := &store.Record{Message: model.Message{ID: e.messageID(), Direction: "mt", Account: s.Account, Protocol: pUCP,
		From: ev.Originator, To: ev.Destination, Text: ev.Content, Receipt: ev.Options&sms.SoRequestStatusReport != 0,
		ValidUntil: ev.ValidityPeriod},
		Encoding: int(ev.Encoding), UDH: ev.UserDataHeader, SCTS: ts, ReportMask: reportMask(ev.ExtendedParameters, "ucp", "nt")}
	e.prepare(r, now, ev.DeliveryTime)
	e.store(r, func(ok bool) {
		if ok {
			srv.UcpSendSubmitMessageResponse(client, trn, "", ts, 0, "")
		} else {
			srv.UcpSendSubmitMessageResponse(client, trn, "", time.Time{}, ucpSystemError, "store failed")
		}
	})
}

func (e *Engine) ucpDeliver(s *session, r *store.Record) ([]uint32, core.Code) {
	return e.ucp.UcpSendDeliverMessage(s.client, e.num(), r.To, r.From, r.Text, sms.Encoding(r.Encoding), r.UDH, 0, time.Time{}, "")
}

// ucpReceipt sends an OT 53: Dst 0 delivered, 1 buffered (intermediate),
// 2 not delivered.
func (e *Engine) ucpReceipt(s *session, r *store.Record, intermediate bool) (uint32, core.Code) {
	n := e.num()
	dst := 2
	switch {
	case intermediate:
		dst = 1
	case r.State == model.StateDelivered:
		dst = 0
	}
	return n, e.ucp.UcpSendDeliverStatusReport(s.client, n, r.SCTS, r.To, r.From, dst, r.ErrorCode, time.Time{}, "")
}
