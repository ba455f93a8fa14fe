package main

import (
	"time"

	"github.com/smscserver/libsmscserver/codec/sms"
	"github.com/smscserver/libsmscserver/core"
)

// cimd2SMSC is the reference behaviour over CIMD2: every login accepted,
// every submit acknowledged (the library picks a unique 060 time stamp), and
// a status report (23, delivered) per part shortly after the whole message
// arrived when it asked for one (056).
type cimd2SMSC struct {
	srv   *core.CIMD2Server
	log   *eventLog
	delay time.Duration
}

func (c *cimd2SMSC) install() {
	c.srv.SetHandlers(core.CIMD2Handlers{
		OnTcpConnected: func(e *core.TcpConnectedEventArgs) {
			c.log.printf("cimd2 client %d connected from %s:%d", e.ClientID, e.RemoteHost, e.RemotePort)

			c.srv.TcpAcceptConnection(e.ClientID)
		},
		OnTcpDisconnected: func(e *core.TcpDisconnectedEventArgs) {
			c.log.printf("cimd2 client %d disconnected: reason %d %s", e.ClientID, e.Reason, e.ReasonText)
		},
		OnCimd2LoginReceived: func(e *core.Cimd2LoginReceivedEventArgs) {
			c.log.printf("cimd2 client %d login %q", e.ClientID, e.UserIdentity)
			c.srv.Cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0, "")
		},
		OnCimd2SubmitMessageReceived: func(e *core.Cimd2SubmitMessageReceivedEventArgs) {
			c.log.printf("cimd2 client %d submit %03d from %s to %s: %q", e.ClientID, e.TransactionNumber, e.Originator, e.Destination, e.Content)
			c.srv.Cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, time.Time{}, 0, "")
		},
		// Completed carries the 060 time stamps answered for the parts:
		// the identities the status reports must name.
		OnCimd2SubmitMessageCompleted: func(e *core.Cimd2SubmitMessageCompletedEventArgs) {
			if e.Options&sms.SoRequestStatusReport == 0 {
				return
			}
			client, dst, stamps := e.ClientID, e.Destination, e.TimeStamps
			time.AfterFunc(c.delay, func() {
				for _, ts := range stamps {
					if ts.IsZero() {
						continue
					}
					code := c.srv.Cimd2SendDeliverStatusReport(client, 0, ts, dst, 4, 0, time.Now(), "")
					c.log.printf("cimd2 client %d status report for %s: %s", client, ts.Format("060102150405"), core.ErrorText(code))
				}
			})
		},
		OnCimd2DeliverResponseReceived: func(e *core.Cimd2DeliverResponseReceivedEventArgs) {
			c.log.printf("cimd2 client %d response %d to %03d: error %d", e.ClientID, e.Code, e.TransactionNumber, e.ErrorCode)
		},
	})
}
