package main

import (
	"sync"
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

// ucpSMSC is the reference behaviour over UCP/EMI: every login accepted,
// every submit acknowledged with an SCTS, and a delivery notification (OT
// 53) shortly after when the submit asked for one (NRq).
type ucpSMSC struct {
	srv   *core.UCPServer
	log   *eventLog
	delay time.Duration

	mu   sync.Mutex
	last time.Time // last SCTS handed out: each submit gets its own second
}

func (u *ucpSMSC) install() {
	u.srv.SetHandlers(core.UCPHandlers{
		OnTcpConnected: func(e *core.TcpConnectedEventArgs) {
			u.log.printf("ucp client %d connected from %s:%d", e.ClientID, e.RemoteHost, e.RemotePort)

			u.srv.TcpAcceptConnection(e.ClientID)
		},
		OnTcpDisconnected: func(e *core.TcpDisconnectedEventArgs) {
			u.log.printf("ucp client %d disconnected: reason %d %s", e.ClientID, e.Reason, e.ReasonText)
		},
		OnUcpLoginReceived: func(e *core.UcpLoginReceivedEventArgs) {
			u.log.printf("ucp client %d login %q", e.ClientID, e.UserIdentity)
			u.srv.UcpSendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		},
		OnUcpSubmitMessageReceived: u.onSubmit,
		OnUcpDeliverResponseReceived: func(e *core.UcpDeliverResponseReceivedEventArgs) {
			u.log.printf("ucp client %d result for OT %d TRN %02d: EC %d", e.ClientID, e.OperationType, e.TransactionNumber, e.ErrorCode)
		},
	})
}

// scts returns a time stamp one second after the previous one at least:
// clients match notifications on SCTS and recipient, so two submits must
// never share one.
func (u *ucpSMSC) scts() time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	t := time.Now().Truncate(time.Second)
	if !t.After(u.last) {
		t = u.last.Add(time.Second)
	}
	u.last = t
	return t
}

func (u *ucpSMSC) onSubmit(e *core.UcpSubmitMessageReceivedEventArgs) {
	ts := u.scts()
	u.log.printf("ucp client %d submit TRN %02d from %s to %s: %q -> SCTS %s", e.ClientID, e.TransactionNumber, e.Originator,
		e.Destination, e.Content, ts.Format("020106150405"))
	if u.srv.UcpSendSubmitMessageResponse(e.ClientID, e.TransactionNumber, "", ts, 0, "") != core.OK ||
		e.Options&sms.SoRequestStatusReport == 0 {
		return
	}
	client, dst, src := e.ClientID, e.Destination, e.Originator
	time.AfterFunc(u.delay, func() {
		code := u.srv.UcpSendDeliverStatusReport(client, 0, ts, dst, src, 0, 0, time.Now(), "")
		u.log.printf("ucp client %d notification for %s: %s", client, ts.Format("020106150405"), core.ErrorText(code))
	})
}
