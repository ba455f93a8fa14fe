package engine

import (
	"strconv"
	"time"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/model"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/store"
	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

// CIMD2 error codes (900) the engine answers with.
const (
	cimdCongestion   = 10 // temporary congestion: throttling
	cimdSystemError  = 6
	cimdInvalidLogin = 100
	cimdAccessType   = 101
	cimdTooMany      = 102
)

var cimdRefusal = map[refusal]uint32{refuseSystemID: cimdInvalidLogin, refusePassword: cimdInvalidLogin,
	refuseMode: cimdAccessType, refuseTooMany: cimdTooMany}

func (e *Engine) installCIMD2() {
	srv := e.cimd2
	srv.SetHandlers(core.CIMD2Handlers{
		OnTcpConnected: func(ev *core.TcpConnectedEventArgs) {
			e.connf("cimd2 client %d connected from %s:%d", ev.ClientID, ev.RemoteHost, ev.RemotePort)
			e.addSession(pCIMD2, ev.ClientID, ev.RemoteHost, ev.RemotePort, ev.ExtendedParameters != "")
			srv.TcpAcceptConnection(ev.ClientID)
		},
		OnTcpDisconnected: func(ev *core.TcpDisconnectedEventArgs) {
			e.dropSession(pCIMD2, ev.ClientID)
			e.connf("cimd2 client %d disconnected: reason %d %s", ev.ClientID, ev.Reason, ev.ReasonText)
		},
		OnCimd2LoginReceived: func(ev *core.Cimd2LoginReceivedEventArgs) {
			if r := e.login(pCIMD2, ev.ClientID, ev.UserIdentity, ev.Password, "transceiver"); r != refuseNone {
				srv.Cimd2SendLoginResponse(ev.ClientID, ev.TransactionNumber, cimdRefusal[r], refusalText[r])
				srv.TcpCloseConnection(ev.ClientID)
				return
			}
			srv.Cimd2SendLoginResponse(ev.ClientID, ev.TransactionNumber, 0, "")
		},
		OnCimd2SubmitMessageReceived: e.cimd2Submit,
		OnCimd2DeliverResponseReceived: func(ev *core.Cimd2DeliverResponseReceivedEventArgs) {
			detail := ""
			if ev.ErrorCode != 0 {
				detail = outcomeDetail(ev.ErrorCode, "CIMD2 error "+strconv.Itoa(int(ev.ErrorCode)))
			}
			e.answered(pCIMD2, ev.ClientID, ev.TransactionNumber, ev.ErrorCode == 0, false, ev.ErrorCode, detail)
		},
	})
}

func (e *Engine) cimd2Submit(ev *core.Cimd2SubmitMessageReceivedEventArgs) {
	srv, client, trn := e.cimd2, ev.ClientID, ev.TransactionNumber
	s := e.sessionOf(pCIMD2, client)
	if s == nil || e.closing.Load() {
		srv.Cimd2SendSubmitMessageResponse(client, trn, ev.Destination, time.Time{}, cimdSystemError, "shutting down")
		return
	}
	now := time.Now()
	if !e.acc.allow(s.Account, now) {
		e.log.Info("throttled", "session", s.ID, "account", s.Account)
		srv.Cimd2SendSubmitMessageResponse(client, trn, ev.Destination, time.Time{}, cimdCongestion, "throttling")
		return
	}
	ts := e.cimdTS.next()
	r := &store.Record{Message: model.Message{ID: e.messageID(), Direction: "mt", Account: s.Account, Protocol: pCIMD2,
		From: ev.Originator, To: ev.Destination, Text: ev.Content, Receipt: ev.Options&sms.SoRequestStatusReport != 0,
		ValidUntil: ev.ValidityPeriod},
		Encoding: int(ev.Encoding), UDH: ev.UserDataHeader, SCTS: ts, ReportMask: reportMask(ev.ExtendedParameters, "cimd2", "056")}
	e.prepare(r, now, ev.DeliveryTime)
	dest := ev.Destination
	e.store(r, func(ok bool) {
		if ok {
			srv.Cimd2SendSubmitMessageResponse(client, trn, dest, ts, 0, "")
		} else {
			srv.Cimd2SendSubmitMessageResponse(client, trn, dest, time.Time{}, cimdSystemError, "store failed")
		}
	})
}

func (e *Engine) cimd2Deliver(s *session, r *store.Record) ([]uint32, core.Code) {
	return e.cimd2.Cimd2SendDeliverMessage(s.client, e.num(), r.To, r.From, r.Text, sms.Encoding(r.Encoding), r.UDH, 0, time.Time{}, "")
}

// cimd2Receipt sends a 23 status report: 061 4 delivered, 2 validity
// expired, 3 delivery failed, 9 deleted by cancel, 1 in process
// (intermediate).
func (e *Engine) cimd2Receipt(s *session, r *store.Record, intermediate bool) (uint32, core.Code) {
	n := e.num()
	code := 3
	switch {
	case intermediate:
		code = 1
	case r.State == model.StateDelivered:
		code = 4
	case r.State == model.StateExpired:
		code = 2
	case r.State == model.StateDeleted:
		code = 9
	}
	return n, e.cimd2.Cimd2SendDeliverStatusReport(s.client, n, r.SCTS, r.To, code, r.ErrorCode, time.Time{}, "")
}
